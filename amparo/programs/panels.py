"""What the programs show on pages they do not own (declared as ``panels`` on ProgramsConfig)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from amparo.core.permissions import can, restrict

from . import selectors
from .models import Referral, Stay


def person_context(request: Any, person: Any) -> dict[str, Any] | None:
    """A person's program involvement, each part only to those who may see it; None hides the panel."""
    user = request.user
    context: dict[str, Any] = {"person": person}
    shown = False
    if can(user, "clinic.view"):
        now = timezone.now()
        appts = selectors.appointments(user).filter(person=person)
        context["next_appointments"] = list(appts.filter(starts_at__gte=now).order_by("starts_at")[:5])
        context["clinic"] = True
        shown = True
    if can(user, "clinic.notes"):
        context["clinical"] = True
    if can(user, "housing.view"):
        context["stays"] = list(restrict(Stay.objects.filter(person=person).select_related("bed__room__site"),
                                         user)[:5])
        context["housing"] = True
        shown = True
    if can(user, "referrals.view"):
        context["referrals"] = list(restrict(Referral.objects.filter(person=person), user)[:5])
        context["referral_view"] = True
        shown = True
    return context if shown else None


def alerts_context(request: Any, obj: Any) -> dict[str, Any] | None:
    alerts = list(selectors.open_alerts(request.user)[:20])
    return {"alerts": alerts}
