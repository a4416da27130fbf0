"""PDF of the accountability report: WeasyPrint over an HTML template, DejaVu fonts for accents."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string


def report_pdf(request: Any, report: Any, *, public: bool) -> bytes:
    from weasyprint import HTML

    html = render_to_string("archive/report_pdf.html", {"report": report, "record": report.subject,
                                                        "public": public}, request=request)
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
