"""Receipts, statements and packing manifests as pages, PDFs and e-mail text.

A receipt is printed in both languages, the donor's own first; its paragraphs were fixed when it
was issued. Every print after the first, and every e-mail after the first, is marked as a copy.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from amparo.core.i18n import language

from .models import Receipt, Shipment
from .services import organization_name

OTHER = {"es": "en", "en": "es"}


def receipt_sections(receipt: Receipt, *, first: str | None = None) -> list[dict[str, Any]]:
    first = first or receipt.language
    lines = list(receipt.lines.select_related("donation")) if receipt.kind == Receipt.Kind.STATEMENT else []
    sections = []
    for code in (first, OTHER[first]):
        with language(code):
            sections.append({
                "lang": code, "title": receipt.get_kind_display(), "number_label": _("Receipt number"),
                "issued_label": _("Issued"), "paragraphs": receipt.text(code), "copy_label": _("COPY"),
                "date_label": _("Date"), "amount_label": _("Amount"), "deductible_label": _("Deductible part"),
                "gift_receipt_label": _("Receipt of the gift"),
                "lines": [{"date": line.donation.received_on, "amount": line.amount, "deductible": line.deductible}
                          for line in lines],
            })
    return sections


def receipt_html(receipt: Receipt, *, copy: bool, first: str | None = None) -> str:
    return render_to_string("giving/receipt_print.html", {
        "receipt": receipt, "copy": copy, "organization": organization_name(),
        "sections": receipt_sections(receipt, first=first)})


def receipts_pdf(receipts: list[tuple[Receipt, bool]], *, first: str | None = None) -> bytes:
    from amparo.core.pdf import html_to_pdf

    pages = [receipt_html(r, copy=c, first=first) for r, c in receipts]
    html = render_to_string("giving/receipts_pdf.html", {"pages": pages})
    return html_to_pdf(html)


def receipt_text(receipt: Receipt, *, copy: bool) -> tuple[str, str]:
    """The e-mail's subject and body: both languages, the donor's first."""
    parts = []
    for section in receipt_sections(receipt):
        head = f"{section['title']} {receipt.code}"
        if copy:
            head += f" — {section['copy_label']}"
        parts.append("\n\n".join([head, *section["paragraphs"]]))
    with language(receipt.language):
        subject = _("Your receipt %(number)s from %(organization)s") % {
            "number": receipt.code, "organization": organization_name()}
    return subject, "\n\n———\n\n".join(parts) + "\n"


def manifest_pdf(shipment: Shipment) -> bytes:
    from amparo.core.pdf import html_to_pdf

    from .aid import manifest_context

    html = render_to_string("giving/manifest_pdf.html", manifest_context(shipment))
    return html_to_pdf(html)
