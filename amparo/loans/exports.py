"""The journal for the center's accountant: one row per journal line (through core.exports)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from amparo.core.exports import Column, Exporter, register


def _lines(user: Any, params: dict[str, Any]) -> Any:
    from .models import JournalLine

    qs = JournalLine.objects.select_related("entry").order_by("entry__on", "entry_id", "pk")
    if params.get("since"):
        qs = qs.filter(entry__on__gte=params["since"])
    if params.get("until"):
        qs = qs.filter(entry__on__lte=params["until"])
    return qs


JOURNAL = register(Exporter(
    name="loans.journal", title=_("Journal entries"), source=_lines, headers="labels",
    columns=[
        Column("entry", _("Entry"), lambda line: line.entry_id),
        Column("date", _("Date"), lambda line: line.entry.on.isoformat()),
        Column("account", _("Account"), lambda line: line.account),
        Column("account_name", _("Account name"), lambda line: line.get_account_display()),
        Column("debit", _("Debit"), lambda line: str(line.debit)),
        Column("credit", _("Credit"), lambda line: str(line.credit)),
        Column("loan", _("Loan"), lambda line: line.loan_id or ""),
        Column("memo", _("Memo"), lambda line: line.entry.memo),
        Column("reverses", _("Reverses entry"), lambda line: line.entry.reverses_id or ""),
    ],
))
