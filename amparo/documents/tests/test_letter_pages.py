"""A letter's own page numbers never contradict a packet's: a one-page letter has none (the
packet numbers its cover), a longer letter says "Page 1 of 2" in its own language."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from amparo.accounts.roles import Role
from amparo.documents import letters, services
from amparo.documents.models import ChecklistItem
from amparo.documents.pdf.packet import PacketItem, build_packet
from amparo.legal.tests.factories import make_case
from amparo.people.tests.factories import PersonFactory

from .pdf_fixtures import pdftotext, plain_pdf

pytestmark = pytest.mark.django_db


def _letter(make_user, language, *, long=False):
    by = make_user(Role.ATTORNEY, full_name="Licda. Rocío Ibáñez")
    client = PersonFactory(preferred_language=language, birth_date=dt.date(1980, 5, 1))  # an adult's case
    case = make_case(kind="naturalization", client=client, by=by)
    items = services.ensure_checklist(case=case, by=by)
    if long:  # enough missing documents to need a second page
        for number in range(40):
            ChecklistItem.objects.create(case=case, label_en=f"Supporting document number {number}",
                                         label_es=f"Documento de apoyo número {number}", order=100 + number)
    assert items
    document = services.generate_letter(by=by, case=case, kind="document_request")
    with document.versions.get().file.open("rb") as handle:
        return handle.read()


def test_a_one_page_cover_letter_shows_only_the_packets_page_number(make_user):
    cover = _letter(make_user, "es")
    assert len(PdfReader(io.BytesIO(cover)).pages) == 1
    assert "1 / 1" not in pdftotext(cover) and "Página" not in pdftotext(cover)
    packet = build_packet(cover=cover, forms=[], exhibits=[PacketItem("Acta de nacimiento", plain_pdf(["acta"]))],
                          title="Paquete", language="es")
    first = " ".join(pdftotext(packet, page=1).split())
    total = len(PdfReader(io.BytesIO(packet)).pages)
    assert first.count("Página") == 1 and f"Página 1 de {total}" in first
    assert "1 / 1" not in first


def test_a_longer_letter_numbers_its_pages_in_its_own_language(make_user):
    english = _letter(make_user, "en", long=True)
    pages = len(PdfReader(io.BytesIO(english)).pages)
    assert pages >= 2
    assert f"Page 1 of {pages}" in pdftotext(english, page=1) and f"Page 2 of {pages}" in pdftotext(english, page=2)
    spanish = _letter(make_user, "es", long=True)
    assert "Página 1 de" in pdftotext(spanish, page=1) and "Page 1" not in pdftotext(spanish, page=1)


def test_the_page_number_css_keeps_the_translation_around_the_counters():
    assert letters._page_numbers_css("es") == (
        '@page { @bottom-center { content: "Página " counter(page) " de " counter(pages); font-size: 8.5pt; '
        "color: #555; } }")
