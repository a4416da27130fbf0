"""Reads used by more than one caller (views, API, tasks)."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict

from django.db.models import QuerySet

from .models import AuditEntry
from .permissions import restrict


class AuditFilters(TypedDict, total=False):
    actor: int | None
    action: str
    object_type: str
    object_id: str
    date_from: dt.date | None
    date_to: dt.date | None


def audit_entries(user: Any, filters: AuditFilters | None = None) -> QuerySet[AuditEntry]:
    """Audit entries ``user`` may read, narrowed by ``filters``; newest first."""
    qs = restrict(AuditEntry.objects.all(), user, "view").select_related("actor")
    f = filters or {}
    if f.get("actor"):
        qs = qs.filter(actor_id=f["actor"])
    if f.get("action"):
        qs = qs.filter(action__startswith=f["action"])
    if f.get("object_type"):
        qs = qs.filter(object_type=f["object_type"])
    if f.get("object_id"):
        qs = qs.filter(object_id=f["object_id"])
    if f.get("date_from"):
        qs = qs.filter(at__date__gte=f["date_from"])
    if f.get("date_to"):
        qs = qs.filter(at__date__lte=f["date_to"])
    return qs


def serialize_filters(filters: AuditFilters) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in filters.items() if v}


def parse_filters(data: dict[str, Any]) -> AuditFilters:
    parsed: AuditFilters = {}
    for key in ("action", "object_type", "object_id"):
        if data.get(key):
            parsed[key] = str(data[key])  # type: ignore[literal-required]
    if data.get("actor"):
        parsed["actor"] = int(data["actor"])
    for key in ("date_from", "date_to"):
        if data.get(key):
            parsed[key] = dt.date.fromisoformat(str(data[key]))  # type: ignore[literal-required]
    return parsed
