"""How the case timeline reads: each audited action in words, in the reader's language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from amparo.core.audit import action_label

from ..events import DeadlineKind, EventKind
from ..kinds import PartyRole

register = template.Library()

@register.filter
def timeline_label(action: str) -> str:
    """The action in words: each app declares its own (AppConfig.audit_actions, core.plugins)."""
    return action_label(action)


@register.filter
def timeline_detail(extra: dict[str, Any]) -> str:
    if not isinstance(extra, dict):
        return ""
    parts = []
    if extra.get("kind") in EventKind.values:
        parts.append(str(dict(EventKind.choices)[extra["kind"]]))
    elif extra.get("kind") in DeadlineKind.values:
        parts.append(str(dict(DeadlineKind.choices)[extra["kind"]]))
    if extra.get("date"):
        parts.append(str(extra["date"]))
    if extra.get("role") in PartyRole.values:
        parts.append(str(dict(PartyRole.choices)[extra["role"]]))
    if extra.get("receipt"):
        parts.append(str(extra["receipt"]))
    if extra.get("title"):
        parts.append(str(extra["title"]))
    if extra.get("due"):
        parts.append(str(_("due %(date)s") % {"date": extra["due"]}))
    for d in extra.get("deadlines") or []:
        label = dict(DeadlineKind.choices).get(d.get("kind"), d.get("kind"))
        parts.append(f"→ {label} {d.get('due') or ''}".strip())
    if extra.get("reason"):
        parts.append(str(extra["reason"]))
    return " · ".join(parts)


@register.filter
def changed_fields(changes: dict[str, Any]) -> str:
    """The names of the fields an update changed, as people call them ("judge, status")."""
    from ..models import Case

    names = []
    for attname in changes or {}:
        if attname == "version":
            continue
        try:
            field = Case._meta.get_field(attname.removesuffix("_id"))
        except Exception:  # noqa: BLE001 — a field since removed: show its name as recorded
            names.append(attname)
            continue
        names.append(str(field.verbose_name))
    return ", ".join(names)
