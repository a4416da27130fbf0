"""Outcomes of the legal cases closed in a period, by kind of case."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amparo.legal.kinds import Kind, Outcome
from amparo.legal.models import Case

from ..base import Column, Params, Report, Row, Table, register
from ..funding import legal_q


@register
class LegalOutcomes(Report):
    key = "outcomes"
    filters = frozenset({"office", "funder"})
    title = _("Outcomes of legal cases")
    default_period = "year"
    definition = _(
        "Cases closed in the period (closing date between the first and the last day, both included) "
        "by kind of case and outcome as recorded when the case was closed: granted, denied, "
        "withdrawn and the rest. Every case is counted, confidential ones too (never named). With "
        "an office chosen, only that office's cases; with a funder, the cases closed on a day and "
        "in an office its grants pay for legal services. The program filter does not apply: legal "
        "cases only.")

    def compute(self, params: Params) -> list[Table]:
        cases = Case.objects.filter(closed_at__gte=params.since, closed_at__lt=params.until)
        if params.office_id:
            cases = cases.filter(office_id=params.office_id)
        cases = cases.filter(legal_q(params, moment="closed_at"))
        counts: dict[str, dict[str, int]] = {}
        for item in cases.values("kind", "outcome").annotate(n=Count("id")).order_by():
            row = counts.setdefault(item["kind"], {})
            row[item["outcome"] or "none"] = row.get(item["outcome"] or "none", 0) + item["n"]
            row["total"] = row.get("total", 0) + item["n"]
        columns = [Column(value, label) for value, label in Outcome.choices]
        columns += [Column("none", pgettext_lazy("report column: a closed case without an outcome", "None")),
                    Column("total", _("Total closed"))]
        rows = [Row(kind, label, counts[kind]) for kind, label in Kind.choices if kind in counts]
        return [Table("outcomes", _("Closed cases by kind and outcome"), columns, rows,
                      total_label=_("Total"), total_column="total").finish()]
