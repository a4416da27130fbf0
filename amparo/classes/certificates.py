"""Certificate PDFs (bilingual, WeasyPrint through core.pdf) with a QR code to the public
verification page, which shows only the holder's initials, the course, the kind and the date."""

from __future__ import annotations

from typing import Any

import segno
from django.template.loader import render_to_string

from amparo.core.pdf import html_to_pdf

from .models import Certificate


def initials(person: Any) -> str:
    parts = [person.given_names, person.first_surname, person.second_surname]
    return " ".join(f"{p.strip()[0].upper()}." for p in parts if p and p.strip())


def render_pdf(cert: Certificate, *, verify_url: str) -> bytes:
    qr = segno.make(verify_url, error="m").svg_inline(scale=3)
    enrolment = cert.enrolment
    html = render_to_string("classes/certificate_pdf.html", {
        "cert": cert, "person": enrolment.person, "course": enrolment.section.course,
        "section": enrolment.section, "qr": qr, "verify_url": verify_url,
    })
    return html_to_pdf(html)
