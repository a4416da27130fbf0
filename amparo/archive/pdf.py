"""PDF of the accountability report: WeasyPrint over an HTML template.

The template asks for DejaVu Sans (Debian's fonts-dejavu-core, free licence), which has every
Spanish letter; Liberation Sans is the fall-back. Nothing is bundled.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string


def report_pdf(request: Any, report: Any, *, public: bool, uncompressed: bool = False) -> bytes:
    from weasyprint import HTML

    html = render_to_string("archive/report_pdf.html", {"report": report, "record": report.subject,
                                                        "public": public}, request=request)
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(uncompressed_pdf=uncompressed)
