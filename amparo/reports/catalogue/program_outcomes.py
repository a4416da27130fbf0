"""Outcomes of the social programs: class completions, loans repaid, exits from transitional housing."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amparo.classes.models import Certificate, CertificateKind, CourseKind, Enrolment
from amparo.loans.models import Loan
from amparo.programs.models import Stay

from ..base import Column, Params, Report, Row, Table, register, step

Destination = Stay.ExitDestination
# HMIS destination groups: of the destinations Amparo records, only a rental is permanent housing.
EXIT_GROUPS = [
    ("permanent", _("Permanent housing"), {Destination.RENTAL}),
    ("temporary", _("Temporary: with family or friends"), {Destination.FAMILY, Destination.FRIENDS}),
    ("homeless", _("Shelter or the street"), {Destination.SHELTER, Destination.STREET}),
    ("other", _("Other or not known"), {Destination.OTHER, Destination.UNKNOWN, ""}),
]


@register
class ProgramOutcomes(Report):
    key = "program_outcomes"
    title = _("Outcomes of the programs")
    default_period = "year"
    definition = _(
        "Classes: certificates of completion issued in the period (the course's attendance and final "
        "assessment rules met), by kind of course, beside the enrolments dropped in the period.\n\n"
        "Loans: loans closed in the period (closing date between the first and the last day, both "
        "included) by product: paid off, written off, and both together.\n\n"
        "Transitional housing: people who left in the period (exit date in it), by where they went, "
        "as HMIS groups the destinations: only a rental of their own counts as permanent housing.\n\n"
        "Classes, loans and housing are not kept by office: with an office chosen these tables are "
        "empty. Each record is counted, nobody is named.")

    def steps(self, params: Params) -> int:
        return 3

    def compute(self, params: Params) -> list[Table]:
        nothing = bool(params.office_id)  # the programs have no office
        tables = [self._classes(params, nothing)]
        step()
        tables.append(self._loans(params, nothing))
        step()
        tables.append(self._housing(params, nothing))
        step()
        return tables

    def _classes(self, params: Params, nothing: bool) -> Table:
        counts: dict[str, dict[str, int]] = {}
        if not nothing:
            completed = (Certificate.objects.filter(kind=CertificateKind.COMPLETION, issued_on__gte=params.start,
                                                    issued_on__lte=params.end)
                         .values("enrolment__section__course__kind").annotate(n=Count("id")).order_by())
            for item in completed:
                counts.setdefault(item["enrolment__section__course__kind"], {})["completed"] = item["n"]
            dropped = (Enrolment.objects.filter(dropped_at__gte=params.since, dropped_at__lt=params.until)
                       .values("section__course__kind").annotate(n=Count("id")).order_by())
            for item in dropped:
                counts.setdefault(item["section__course__kind"], {})["dropped"] = item["n"]
        columns = [Column("completed", _("Completed the course")),
                   Column("dropped", pgettext_lazy("report column: enrolments dropped", "Dropped"))]
        rows = [Row(kind, label, counts[kind]) for kind, label in CourseKind.choices if kind in counts]
        return Table("classes", _("Class completions by kind of course"), columns, rows, total_label=_("Total"),
                     total_column="completed").finish()

    def _loans(self, params: Params, nothing: bool) -> Table:
        counts: dict[str, dict[str, int]] = {}
        names: dict[str, str] = {}
        if not nothing:
            closed = (Loan.objects.filter(closed_on__gte=params.start, closed_on__lte=params.end,
                                          status__in=[Loan.Status.CLOSED, Loan.Status.WRITTEN_OFF])
                      .values("product_id", "product__name", "status").annotate(n=Count("id")).order_by())
            for item in closed:
                key = str(item["product_id"])
                names[key] = item["product__name"]
                row = counts.setdefault(key, {})
                column = "paid_off" if item["status"] == Loan.Status.CLOSED else "written_off"
                row[column] = row.get(column, 0) + item["n"]
                row["closed"] = row.get("closed", 0) + item["n"]
        columns = [Column("paid_off", pgettext_lazy("loan status", "Paid off")),
                   Column("written_off", pgettext_lazy("loan status", "Written off")),
                   Column("closed", _("Loans closed"))]
        rows = [Row(key, names[key], counts[key]) for key in sorted(counts, key=lambda k: (names[k], k))]
        return Table("loans", _("Loans closed by product"), columns, rows, total_label=_("Total"),
                     total_column="closed").finish()

    def _housing(self, params: Params, nothing: bool) -> Table:
        by_destination: dict[str, int] = {}
        if not nothing:
            left = (Stay.objects.filter(exit_date__gte=params.start, exit_date__lte=params.end)
                    .values("destination").annotate(n=Count("id")).order_by())
            by_destination = {item["destination"]: item["n"] for item in left}
        rows = []
        for key, label, destinations in EXIT_GROUPS:
            n = sum(by_destination.get(d, 0) for d in destinations)
            if n:
                rows.append(Row(key, label, {"people": n}))
        return Table("housing", _("People who left transitional housing, by where they went"),
                     [Column("people", _("People"))], rows, total_label=_("Total"), total_column="people",
                     note=_("Permanent housing: a rental of their own, with or without a subsidy.")).finish()
