"""Grant deliverables against their targets: the work counted from the records, never typed."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from amparo.giving.grants import METRICS
from amparo.giving.models import Deliverable, GrantApplication

from ..base import Column, Params, Report, Row, Table, register, step


def _count(metric: str, start: dt.date, end: dt.date) -> int:
    found = METRICS.get(metric)
    return found.count(start, end) if found and start <= end else 0


@register
class GrantDeliverables(Report):
    key = "grant_deliverables"
    filters = frozenset()
    title = _("Grant deliverables")
    default_period = "quarter"
    capability = "giving.view"  # grants and funders are development's records
    definition = _(
        "Every deliverable of the grants awarded whose grant period overlaps the report's period, "
        "against its target. The work is counted from the records, as on the grant's page, never "
        "typed: legal cases opened or closed, new people registered.\n\n"
        "In the period: counted over the days that are both in the report's period and in the "
        "grant's. Since the grant began: from the first day of the grant up to the end of the report's "
        "period or of the grant, whichever comes first.\n\n"
        "The deliverables count the whole center: an office chosen changes nothing here. Targets are "
        "not counts of people and are never hidden; the counts are, when small, in reports for "
        "people outside the center.")

    def steps(self, params: Params) -> int:
        return max(1, self._deliverables(params).count())

    def _deliverables(self, params: Params):  # type: ignore[no-untyped-def]
        overlapping = GrantApplication.objects.filter(stage=GrantApplication.Stage.AWARDED).filter(
            Q(period_start__isnull=True) | Q(period_start__lte=params.end)).filter(
            Q(period_end__isnull=True) | Q(period_end__gte=params.start))
        return (Deliverable.objects.filter(grant__in=overlapping).select_related("grant__funder")
                .order_by("grant__funder__sort_name", "grant__title", "grant_id", "report_due", "pk"))

    def compute(self, params: Params) -> list[Table]:
        rows = []
        for deliverable in self._deliverables(params):
            grant = deliverable.grant
            began = grant.period_start or dt.date(1900, 1, 1)
            ends = min(grant.period_end or params.end, params.end)
            metric = METRICS.get(deliverable.metric)
            label = f"{grant.funder} · {grant.title}: {deliverable.description}"
            if metric:
                label += f" ({metric.label})"
            rows.append(Row(str(deliverable.pk), label, {
                "target": deliverable.target,
                "period": _count(deliverable.metric, max(began, params.start), ends),
                "to_date": _count(deliverable.metric, began, ends),
            }))
            step()
        columns = [Column("target", _("Target")), Column("period", _("In the period")),
                   Column("to_date", _("Since the grant began"))]
        table = Table("deliverables", _("Deliverables against their targets"), columns, rows,
                      total_column="to_date", not_counts=frozenset({"target"}),
                      note=_("Each deliverable counts something different, so they are not added up."))
        return [table.finish(with_totals=False)]
