"""One report, five forms: HTML (the page), CSV, XLSX, PDF and JSON, all printed from the same tables."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import gettext as _

from amparo.core.exports import csv_lines, neutralize

from .base import Params, Report, Table

FORMATS = ("csv", "xlsx", "pdf", "json")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "json": "application/json",
}


def period_text(params: Params) -> str:
    return _("%(start)s to %(end)s") % {"start": formats.date_format(params.start, "DATE_FORMAT"),
                                        "end": formats.date_format(params.end, "DATE_FORMAT")}


def scope(params: Params) -> str:
    """The filters chosen besides the dates, as a reader sees them: "Van Nuys · Legal services ·
    Funder: Fundación Luz" (empty when none)."""
    from amparo.accounts.models import Office
    from amparo.core.plugins import served_sources

    parts = []
    if params.office_id:
        parts.append(Office.objects.filter(pk=params.office_id).values_list("name", flat=True).first() or "")
    if params.program:
        parts.append(next((str(s.label) for s in served_sources() if s.key == params.program), params.program))
    if params.funder_id:
        from amparo.giving.models import Donor

        name = Donor.objects.filter(pk=params.funder_id).values_list("name", flat=True).first() or ""
        parts.append(_("Funder: %(name)s") % {"name": name})
    return " · ".join(p for p in parts if p)


def _header(table: Table) -> list[str]:
    return ["", *[str(c.label) for c in table.columns]]


def _lines(table: Table) -> Iterator[list[Any]]:
    for row, values in table.matrix():
        yield [str(table.total_label) if row is None else str(row.label), *values]


def as_csv(report: Report, params: Params, tables: list[Table], *, office: str = "") -> Iterator[str]:
    intro = [[str(report.title)], [period_text(params)]]
    if office:
        intro.append([office])
    if params.outside:
        intro.append([_("Counts from 1 to %(n)s are shown as “<%(threshold)s”.")
                      % {"n": params.threshold - 1, "threshold": params.threshold}])
    yield from csv_lines(None, intro)
    for table in tables:
        yield from csv_lines(None, [[], [str(table.title)]], bom=False)
        yield from csv_lines(_header(table), _lines(table), bom=False)


def as_xlsx(report: Report, params: Params, tables: list[Table], *, office: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for number, table in enumerate(tables, start=1):
        # A sheet's name: at most 31 characters, none of []:*?/\ (Excel refuses them).
        sheet = book.create_sheet(title=re.sub(r"[\[\]:*?/\\]", "-", f"{number} {str(table.title)[:26]}"))
        sheet.append([neutralize(str(report.title))])
        sheet["A1"].font = Font(bold=True)
        sheet.append([period_text(params) + (f" · {office}" if office else "")])
        sheet.append([neutralize(str(table.title))])
        sheet.append(_header(table))
        for line in _lines(table):
            sheet.append([neutralize(v) for v in line])
        sheet.column_dimensions["A"].width = 48
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def as_json(report: Report, params: Params, tables: list[Table]) -> dict[str, Any]:
    return {
        "report": report.key, "title": str(report.title), "from": params.start.isoformat(),
        "to": params.end.isoformat(), "office": params.office_id, "program": params.program or None,
        "funder": params.funder_id, "suppressed_below": params.threshold
        if params.outside else None,
        "tables": [{
            "key": t.key, "title": str(t.title), "columns": [c.key for c in t.columns],
            "rows": [{"key": row.key, "label": str(row.label), "values": dict(zip([c.key for c in t.columns], values,
                                                                                 strict=True))}
                     for row, values in t.matrix() if row is not None],
            "totals": (dict(zip([c.key for c in t.columns], t.matrix()[-1][1], strict=True))
                       if t.totals is not None else None),
        } for t in tables],
    }


def render(report: Report, params: Params, tables: list[Table], fmt: str, *, office: str = "") -> bytes:
    """The whole file in ``fmt`` (for the command and for a report prepared in the background)."""
    import json

    if fmt == "json":
        return json.dumps(as_json(report, params, tables), ensure_ascii=False, indent=2).encode()
    if fmt == "csv":
        return "".join(as_csv(report, params, tables, office=office)).encode()
    if fmt == "xlsx":
        return as_xlsx(report, params, tables, office=office)
    if fmt == "pdf":
        return as_pdf(report, params, tables, office=office)
    raise ValueError(f"unknown format {fmt!r}")


def as_pdf(report: Report, params: Params, tables: list[Table], *, office: str = "") -> bytes:
    from weasyprint import HTML

    from .charts import bar_chart

    html = render_to_string("reports/print.html", {
        "report": report, "params": params, "period": period_text(params), "office": office,
        "tables": [(t, bar_chart(t)) for t in tables]})
    return HTML(string=html).write_pdf()
