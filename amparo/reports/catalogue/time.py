"""Staff time on legal cases (hours by activity and office); volunteer hours and their value."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from amparo.accounts.models import Office
from amparo.legal.models import TimeEntry
from amparo.volunteers import hours as volunteer_hours
from amparo.volunteers.models import HoursEntry, program_choices

from ..base import Column, Params, Report, Row, Table, register


def _hours(minutes: int) -> float:
    """Hours to one decimal, halves rounded up (135 minutes: 2.3 hours)."""
    return float((Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


class Dollars(float):
    """An amount in dollars read to the cent ("270.00", "270,00" in Spanish) wherever the report is
    printed; a plain number in JSON and spreadsheets. Summed from Decimals, never computed as a float."""

    def __str__(self) -> str:
        return f"{self:.2f}"


@register
class StaffTime(Report):
    key = "time"
    title = _("Staff and volunteer time")
    default_period = "quarter"
    definition = _(
        "Hours that staff recorded on legal cases with a date in the period, by activity (rows) "
        "and by the case's office (columns), to one decimal. Time is counted on the day it was "
        "worked, whatever the case's state. Confidential cases' time is counted like the rest; "
        "no case or client is named. Time a volunteer recorded on a case is counted here with the staff's.\n\n"
        "Volunteer hours: the hours volunteers gave on days in the period, at a shift or not, once a "
        "coordinator approved them; an approved correction adds or takes away its difference, and hours "
        "waiting for approval or not approved are not counted. They are shown by program and by activity; "
        "with an office chosen, only the hours recorded for that office. Their value is the hours times "
        "the center's own hourly value of volunteer time in force on the day they were given (set by the "
        "center in the administration, not an official figure); hours on days before the first value are "
        "counted but not valued.")

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
        return [table, *self._volunteers(params)]

    def _volunteers(self, params: Params) -> list[Table]:
        """Approved volunteer hours and their value, by program and by activity (volunteers.hours)."""
        summary = volunteer_hours.by_program(params.start, params.end, office_id=params.office_id)
        columns = [Column("hours", _("Hours")), Column("value", _("Value at the center's rate ($)"))]
        tables = []
        for key, title, labels, part in (
                ("volunteers_program", _("Volunteer hours and their value by program"), dict(program_choices()),
                 lambda line: line.program),
                ("volunteers_activity", _("Volunteer hours and their value by activity"),
                 dict(HoursEntry.Activity.choices), lambda line: line.activity)):
            sums: dict[str, list[Decimal]] = {}
            for line in summary.lines:
                pair = sums.setdefault(part(line), [Decimal(0), Decimal(0)])
                pair[0] += line.hours
                pair[1] += line.value
            rows = [Row(value, label, {"hours": float(sums[value][0]), "value": Dollars(sums[value][1])})
                    for value, label in labels.items() if value in sums]
            table = Table(key, title, columns, rows, total_label=_("Total"), total_column="hours",
                          not_counts=frozenset({"hours", "value"}))  # hours and dollars, not people
            table.totals = {"hours": float(summary.hours), "value": Dollars(summary.value)}
            if summary.unvalued:
                table.note = _("%(hours)s of these hours fell on days before the center's first hourly value "
                               "and are not valued.") % {"hours": summary.unvalued}
            tables.append(table)
        return tables
