"""How the case timeline reads: each audited action in words, in the reader's language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from amparo.core.audit import action_label

from ..events import DeadlineKind, EventKind
from ..kinds import PartyRole

register = template.Library()

ACTIONS = {
    "case.open": _("Case opened"),
    "case.update": _("Case details changed"),
    "case.party.add": _("Party added"),
    "case.party.merge": _("Two records of one party merged"),
    "case.party.merge.undo": _("Merge of a party undone"),
    "case.receipt.add": _("Receipt number added"),
    "case.event": _("Event recorded"),
    "case.deadline.add": _("Deadline added by hand"),
    "case.deadline.done": _("Deadline done"),
    "case.deadline.cancel": _("Deadline cancelled"),
    "case.hearing.add": _("Hearing added"),
    "case.hearing.cancel": _("Hearing cancelled"),
    "case.hearing.restore": _("Hearing restored"),
    "case.note.add": _("Note added"),
    "case.task.add": _("Task added"),
    "case.task.done": _("Task done"),
    "case.time.add": _("Time recorded"),
    "case.close": _("Case closed"),
    "case.reopen": _("Case reopened"),
    "case.break_glass": _("Emergency access"),
}


@register.filter
def timeline_label(action: str) -> str:
    if action in ACTIONS:
        return str(ACTIONS[action])
    return action_label(action)  # actions other apps record on the case (core.audit registry)


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
