"""The volunteer shifts of an outreach event or a registration drive, on that page (core.panels)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from amparo.core.permissions import CREATE, VIEW, can, restrict

from .models import Shift, Signup


def _context(request: Any, **where: Any) -> dict[str, Any]:
    shifts = restrict(Shift.objects.filter(**where), request.user, VIEW).annotate(
        taken=Count("signups", filter=Q(signups__status=Signup.Status.SIGNED_UP))).order_by("starts_at", "pk")
    key, value = next(iter(where.items()))
    return {"shifts": list(shifts[:20]), "filter": f"{key.removesuffix('_id')}={value}",
            "may_add": can(request.user, CREATE, Shift)}


def event_context(request: Any, event: Any) -> dict[str, Any]:
    return _context(request, event_id=event.pk)


def drive_context(request: Any, drive: Any) -> dict[str, Any]:
    return _context(request, drive_id=drive.pk)
