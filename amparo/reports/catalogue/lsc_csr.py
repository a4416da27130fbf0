"""LSC Case Service Report: closed cases by problem code and closing code, open cases at the end."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amparo.legal.models import Case, ClosingCode, ProblemCode

from ..base import Column, Params, Report, Row, Table, register, step
from ..funding import legal_on, legal_q

NONE = "none"


@register
class LscCaseServiceReport(Report):
    key = "lsc_csr"
    filters = frozenset({"office", "funder"})
    title = _("LSC Case Service Report")
    default_period = "year"
    definition = _(
        "Cases closed in the period, by the LSC legal problem code (rows) and the closing code "
        "(columns), and the cases still open at the end of the period. A case is counted once, "
        "under its principal client's case, by the problem and closing codes it carries when the "
        "report runs.\n\n"
        "Closed in the period: the case's closing date falls between the first and the last day, "
        "both included, in the center's time zone. Open at the end: opened on or before the last "
        "day and not closed by then (a case closed later counts as open).\n\n"
        "Included: every case, confidential ones too (they are counted, never named). Shown apart, "
        "not left out: closed cases without a closing code and cases without a problem code, so "
        "they can be corrected before the report is sent. With an office chosen, only that "
        "office's cases.\n\n"
        "With a funder chosen: the cases closed on a day its grants pay for legal services, in an "
        "office they pay for (“Programs funded by grants”), and the cases open at the end in an "
        "office they pay for on the last day. The program filter does not apply: this report counts "
        "legal cases only.")

    def steps(self, params: Params) -> int:
        return 2

    def compute(self, params: Params) -> list[Table]:
        cases = Case.objects.all()
        if params.office_id:
            cases = cases.filter(office_id=params.office_id)
        in_period = Q(closed_at__gte=params.since, closed_at__lt=params.until)
        open_at_end = Q(opened_at__lt=params.until) & (Q(closed_at__isnull=True) | Q(closed_at__gte=params.until))
        in_period &= legal_q(params, moment="closed_at")
        open_at_end &= legal_on(params, params.end)
        closed = (cases.filter(in_period).values("problem_code_id", "closing_code__code")
                  .annotate(n=Count("id")).order_by())
        still_open = cases.filter(open_at_end).values("problem_code_id").annotate(n=Count("id")).order_by()

        codes = list(ClosingCode.objects.order_by("code").values_list("code", flat=True))
        columns = [Column(code, code) for code in codes]
        columns += [Column(NONE, pgettext_lazy("report column: a closed case without a closing code", "None")),
                    Column("closed", _("Total closed")), Column("open", _("Open at the end"))]
        cells: dict[str, dict[str, int]] = {}
        for item in closed:
            row = cells.setdefault(item["problem_code_id"] or NONE, {})
            column = item["closing_code__code"] or NONE
            row[column] = row.get(column, 0) + item["n"]
            row["closed"] = row.get("closed", 0) + item["n"]
        step()
        for item in still_open:
            row = cells.setdefault(item["problem_code_id"] or NONE, {})
            row["open"] = row.get("open", 0) + item["n"]
        step()
        labels = {p.code: str(p) for p in ProblemCode.objects.filter(code__in=cells)}
        rows = [Row(code, labels.get(code, code), cells[code]) for code in sorted(c for c in cells if c != NONE)]
        if NONE in cells:
            rows.append(Row(NONE, _("No problem code"), cells[NONE]))
        table = Table("lsc_csr", _("Cases by problem code and closing code"), columns, rows,
                      total_label=_("Total"), total_column="closed",
                      note=_("Closing codes: A counsel and advice; B limited action; F negotiated settlement "
                             "without litigation; G with litigation; H administrative agency decision; IA "
                             "uncontested court decision; IB contested court decision; IC appeals; K other; L "
                             "extensive service."))
        return [table.finish()]
