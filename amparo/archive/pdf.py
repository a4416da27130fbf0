"""PDF of the accountability report: WeasyPrint over an HTML template.

Rendered through ``core.pdf.html_to_pdf``, which bundles DejaVu Sans (every Spanish letter) so
the report looks the same on any server.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string


def report_pdf(request: Any, report: Any, *, public: bool, uncompressed: bool = False) -> bytes:
    from amparo.core.pdf import html_to_pdf

    html = render_to_string("archive/report_pdf.html", {"report": report, "record": report.subject,
                                                        "public": public}, request=request)
    return html_to_pdf(html, base_url=request.build_absolute_uri("/"), uncompressed=uncompressed)
