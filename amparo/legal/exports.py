"""The case list export, as filtered (through the one exporter registry in core)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amparo.core.exports import Column, Exporter, register


def _cases(user: Any, params: dict[str, Any]) -> Any:
    from . import selectors

    return selectors.cases(user, params, action="export").order_by("pk")  # type: ignore[arg-type]


def _day(value: Any) -> str:
    return timezone.localtime(value).date().isoformat() if value else ""


def _text(value: Any) -> str:
    return str(value or "")


CASES = register(Exporter(
    name="cases", title=_("Cases"), source=_cases,
    columns=[
        Column("number", _("Number"), lambda c: c.pk),
        Column("kind", _("Kind"), lambda c: c.get_kind_display()),
        Column("status", _("Status"), lambda c: c.get_status_display()),
        Column("forum", _("Forum"), lambda c: c.get_forum_display()),
        Column("client", _("Client"), lambda c: c.client.full_name),
        Column("office", _("Office"), lambda c: _text(c.office)),
        Column("team", _("Team"), lambda c: _text(c.team)),
        Column("responsible", _("Responsible"), lambda c: _text(c.responsible)),
        Column("paralegal", _("Paralegal"), lambda c: _text(c.paralegal)),
        Column("opened", _("Opened"), lambda c: _day(c.opened_at)),
        Column("next_deadline", _("Next deadline"), lambda c: c.next_due.isoformat() if c.next_due else ""),
        Column("court", _("Court")),
        Column("judge", _("Judge")),
        Column("priority_date", _("Priority date"), lambda c: c.priority_date.isoformat() if c.priority_date else ""),
        Column("restricted", pgettext_lazy("case export column", "Restricted"),
               lambda c: _("yes") if c.restricted else _("no")),
        Column("outcome", _("Outcome"), lambda c: c.get_outcome_display()),
        Column("closed", _("Closed"), lambda c: _day(c.closed_at)),
    ],
))
