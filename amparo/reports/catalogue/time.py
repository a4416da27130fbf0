"""Staff time on legal cases: hours by activity and office."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from amparo.accounts.models import Office
from amparo.legal.models import TimeEntry

from ..base import Column, Params, Report, Row, Table, register


def _hours(minutes: int) -> float:
    """Hours to one decimal, halves rounded up (135 minutes: 2.3 hours)."""
    return float((Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@register
class StaffTime(Report):
    key = "time"
    title = _("Staff time on legal cases")
    default_period = "quarter"
    definition = _(
        "Hours that staff recorded on legal cases with a date in the period, by activity (rows) "
        "and by the case's office (columns), to one decimal. Time is counted on the day it was "
        "worked, whatever the case's state. Confidential cases' time is counted like the rest; "
        "no case or client is named.\n\n"
        "Volunteers' hours and their value are not in this report: Amparo does not record them yet "
        "(no shifts or sign-in sheets for volunteers). Time a volunteer recorded on a case is counted "
        "here with the staff's.")

    def compute(self, params: Params) -> list[Table]:
        entries = TimeEntry.objects.filter(date__gte=params.start, date__lte=params.end)
        if params.office_id:
            entries = entries.filter(case__office_id=params.office_id)
        minutes: dict[str, dict[str, int]] = {}
        offices: set[int] = set()
        for item in entries.values("activity", "case__office_id").annotate(m=Sum("minutes")).order_by():
            row = minutes.setdefault(item["activity"], {})
            key = str(item["case__office_id"])
            offices.add(item["case__office_id"])
            row[key] = row.get(key, 0) + item["m"]
            row["total"] = row.get("total", 0) + item["m"]
        names = dict(Office.objects.filter(pk__in=offices).values_list("pk", "name"))
        columns = [Column(str(pk), names[pk]) for pk in sorted(offices, key=lambda pk: names[pk])]
        columns.append(Column("total", _("Total hours")))
        rows = [Row(value, label, {k: _hours(v) for k, v in minutes[value].items()})
                for value, label in TimeEntry.Activity.choices if value in minutes]
        table = Table("time", _("Hours by activity and office"), columns, rows, total_label=_("Total"),
                      total_column="total").finish()
        # Totals from the minutes, not from the rounded hours.
        table.totals = {c.key: _hours(sum(minutes[r.key].get(c.key, 0) for r in rows)) for c in columns}
        return [table]
