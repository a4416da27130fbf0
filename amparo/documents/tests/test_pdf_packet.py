"""Filing packets: order of parts, bookmarks, exhibit index, separators and page numbers."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from amparo.documents.pdf import (
    DamagedImage,
    DamagedPdf,
    EncryptedPdf,
    PacketItem,
    UnsupportedFile,
    build_packet,
    exhibit_letter,
    fill_form,
)

from .pdf_fixtures import damaged, encrypted, fillable_form, filled_without_appearances, image, pdftotext, plain_pdf

TITLE = "Asylum application — José Hernández"


@pytest.fixture(scope="module")
def parts():
    form = fill_form(fillable_form(), {"family_name": "Hernández Pérez", "agree": True, "country": "GT"})
    return {
        "cover": plain_pdf(["Dear officer, please find enclosed"]),  # 1 page
        "forms": [PacketItem("Form I-589", form), PacketItem("Form I-589 (copy)", form)],  # 2 + 2 pages
        "exhibits": [
            PacketItem("Birth certificate", plain_pdf(["Acta de nacimiento"], pages=3)),
            PacketItem("Passport photo page", image("JPEG")),
            PacketItem("Country report", plain_pdf(["Human rights report"], pages=2, rotate=90)),
            PacketItem("Police report", image("PNG", (1400, 900))),
        ],
    }


def build(parts, language: str, **kwargs) -> bytes:
    return build_packet(cover=parts["cover"], forms=parts["forms"], exhibits=parts["exhibits"], title=TITLE,
                        language=language, **kwargs)


@pytest.fixture(scope="module")
def english(parts) -> bytes:
    return build(parts, "en")


@pytest.fixture(scope="module")
def spanish(parts) -> bytes:
    return build(parts, "es")


# Expected layout: cover 1 | forms 2-3, 4-5 | index 6 | A: 7 + 8-10 | B: 11 + 12 | C: 13 + 14-15 | D: 16 + 17
TOTAL = 17


def outline(data: bytes) -> list[tuple[int, str, int]]:
    """(depth, title, 1-based page) of every bookmark, in order."""
    reader = PdfReader(io.BytesIO(data))
    found: list[tuple[int, str, int]] = []

    def walk(entries, depth):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                found.append((depth, entry.title, reader.get_destination_page_number(entry) + 1))

    walk(reader.outline, 0)
    return found


def test_every_part_is_in_order_and_counted(english):
    reader = PdfReader(io.BytesIO(english))
    assert len(reader.pages) == TOTAL
    assert "Dear officer" in pdftotext(english, page=1)
    assert "Form I-TEST" in pdftotext(english, page=2) and "Form I-TEST" in pdftotext(english, page=4)
    assert "Exhibit index" in pdftotext(english, page=6)
    assert "Acta de nacimiento" in pdftotext(english, page=8) and "Evidence page 3" in pdftotext(english, page=10)
    assert "Human rights report" in pdftotext(english, page=14)


def test_bookmarks_name_each_part_and_exhibit_and_point_to_its_page(english):
    assert outline(english) == [
        (0, "Cover letter", 1),
        (0, "Forms", 2), (1, "Form I-589", 2), (1, "Form I-589 (copy)", 4),
        (0, "Exhibit index", 6),
        (0, "Exhibits", 7),
        (1, "Exhibit A — Birth certificate", 7), (1, "Exhibit B — Passport photo page", 11),
        (1, "Exhibit C — Country report", 13), (1, "Exhibit D — Police report", 16),
    ]


def test_bookmarks_in_spanish(spanish):
    titles = [title for _depth, title, _page in outline(spanish)]
    assert titles[:3] == ["Carta de presentación", "Formularios", "Form I-589"]
    assert "Índice de anexos" in titles and "Anexo A — Birth certificate" in titles


def index_rows(text: str) -> list[tuple[str, str, str]]:
    rows = []
    for line in text.splitlines():
        match = re.match(r"^\s*([A-Z]{1,2})\s{2,}(.+?)\s{2,}(\d+(?:–\d+)?)\s*$", line)
        if match:
            rows.append(match.groups())
    return rows


def test_exhibit_index_lists_letters_titles_and_pages(english):
    text = pdftotext(english, page=6, layout=True)
    assert "Exhibit index" in text and TITLE in text
    assert index_rows(text) == [("A", "Birth certificate", "7–10"), ("B", "Passport photo page", "11–12"),
                                ("C", "Country report", "13–15"), ("D", "Police report", "16–17")]


def test_exhibit_index_in_spanish(spanish):
    text = pdftotext(spanish, page=6, layout=True)
    assert "Índice de anexos" in text and "Descripción" in text and "Páginas" in text
    assert [row[0] for row in index_rows(text)] == ["A", "B", "C", "D"]
    assert index_rows(text)[2] == ("C", "Country report", "13–15")


def test_each_exhibit_starts_with_its_separator_page(english, spanish):
    for page, letter, title in ((7, "A", "Birth certificate"), (11, "B", "Passport photo page"),
                                (13, "C", "Country report"), (16, "D", "Police report")):
        assert f"Exhibit {letter}" in pdftotext(english, page=page)
        assert title in pdftotext(english, page=page)
        assert f"Anexo {letter}" in pdftotext(spanish, page=page)


def test_every_page_is_numbered(english, spanish):
    for number in range(1, TOTAL + 1):
        assert f"Page {number} of {TOTAL}" in pdftotext(english, page=number), number
        assert f"Página {number} de {TOTAL}" in pdftotext(spanish, page=number), number


def test_page_number_sits_at_the_foot_of_a_rotated_page(english):
    # page 14 is rotated 90°: the number must still read horizontally at the bottom
    text = pdftotext(english, page=14, layout=True).rstrip().splitlines()
    assert f"Page 14 of {TOTAL}" in text[-1]


def test_filled_forms_keep_their_values_and_leave_no_fields(english):
    reader = PdfReader(io.BytesIO(english))
    assert not reader.get_fields()  # flattened: two copies of one form cannot collide
    assert "Hernández Pérez" in pdftotext(english, page=2) and "Hernández Pérez" in pdftotext(english, page=4)
    assert "Guatemala" in pdftotext(english, page=2)


def test_forms_filled_elsewhere_without_appearances_still_show_their_values():
    data = filled_without_appearances(fillable_form(), {"family_name": "Quispe Mamani"})
    packet = build_packet(cover=None, forms=[PacketItem("I-130", data)], exhibits=[], title="T", language="en")
    assert "Quispe Mamani" in pdftotext(packet, page=1)
    assert not PdfReader(io.BytesIO(packet)).get_fields()


def test_packet_metadata_and_outline_open(english):
    reader = PdfReader(io.BytesIO(english))
    assert reader.metadata.title == TITLE
    assert reader.root_object["/PageMode"] == "/UseOutlines"


def test_titles_beyond_latin_1_get_separators_in_the_bundled_font():
    exhibits = [PacketItem("Giấy khai sinh (Vietnamese)", plain_pdf(["x"])), PacketItem("Паспорт", plain_pdf(["y"]))]
    data = build_packet(cover=None, forms=[], exhibits=exhibits, title="Đơn", language="es")
    assert len(PdfReader(io.BytesIO(data)).pages) == 5
    assert "Anexo A" in pdftotext(data, page=2) and "Giấy khai sinh (Vietnamese)" in pdftotext(data, page=2)
    assert "Паспорт" in pdftotext(data, page=4)
    assert "Паспорт" in pdftotext(data, page=1) and "Đơn" in pdftotext(data, page=1)


def test_long_titles_wrap_on_the_separator_page():
    title = "Declaración jurada de la señora María Ñúñez sobre las amenazas recibidas en Ciudad Guatemala en 2019"
    data = build_packet(cover=None, forms=[], exhibits=[PacketItem(title, plain_pdf(["z"]))], title="T",
                        language="es")
    text = pdftotext(data, page=2)
    assert "Anexo A" in text and " ".join(text.split()).count(title) == 1
    assert len([line for line in text.splitlines() if line.strip()]) >= 3  # tab, two title lines at least


def test_images_become_letter_pages_upright():
    exhibits = [PacketItem("Portrait scan", image("JPEG", (800, 1000))),
                PacketItem("Sideways phone photo", image("JPEG", (800, 1000), orientation=6)),
                PacketItem("Transparent PNG", _transparent_png())]
    reader = PdfReader(io.BytesIO(build_packet(cover=None, forms=[], exhibits=exhibits, title="T", language="en")))
    sizes = [(float(reader.pages[i].mediabox.width), float(reader.pages[i].mediabox.height)) for i in (2, 4, 6)]
    assert sizes == [(612, 792), (792, 612), (612, 792)]  # the sideways photo is shown upright: landscape
    for index in (2, 4, 6):
        (_name, xobject), = reader.pages[index]["/Resources"]["/XObject"].items()
        assert xobject["/Subtype"] == "/Image"
    assert reader.pages[2]["/Resources"]["/XObject"]["/Im0"]["/Filter"] == "/DCTDecode"  # the JPEG as it was
    assert reader.pages[4]["/Resources"]["/XObject"]["/Im0"]["/Width"] == 1000


def _transparent_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGBA", (300, 400), (200, 0, 0, 128)).save(out, "PNG")
    return out.getvalue()


def test_progress_is_reported_to_the_end(parts):
    calls = []
    build(parts, "en", progress=lambda done, total: calls.append((done, total)))
    total = calls[0][1]
    assert [done for done, _ in calls] == list(range(1, total + 1)) and calls[-1] == (total, total)


def test_packet_without_cover_or_exhibits():
    form = fill_form(fillable_form(), {"family_name": "Ramos"})
    data = build_packet(cover=None, forms=[PacketItem("I-765", form)], exhibits=[], title="EAD", language="es")
    assert len(PdfReader(io.BytesIO(data)).pages) == 2
    assert outline(data) == [(0, "Formularios", 1), (1, "I-765", 1)]
    assert "Página 2 de 2" in pdftotext(data, page=2)


def test_long_index_spills_to_more_pages_and_numbers_follow():
    exhibits = [PacketItem(f"Declaration of witness number {n}", plain_pdf([f"Witness {n}"])) for n in range(60)]
    data = build_packet(cover=None, forms=[], exhibits=exhibits, title="Many", language="en")
    reader = PdfReader(io.BytesIO(data))
    index_pages = len(reader.pages) - 120
    assert index_pages >= 2
    entries = {title: page for _depth, title, page in outline(data)}
    first = index_pages + 1
    assert entries["Exhibit A — Declaration of witness number 0"] == first
    assert entries["Exhibit BH — Declaration of witness number 59"] == first + 118
    listed = "".join(pdftotext(data, page=p, layout=True) for p in range(1, index_pages + 1))
    assert ("BH", "Declaration of witness number 59", f"{first + 118}–{first + 119}") in index_rows(listed)


@pytest.mark.parametrize(("content", "error", "words"), [
    (lambda: damaged(plain_pdf(["x"])), DamagedPdf, "damaged"),
    (lambda: encrypted(plain_pdf(["x"])), EncryptedPdf, "password"),
    (lambda: b"PK\x03\x04 a zip file", UnsupportedFile, "neither a PDF nor"),
    (lambda: b"\xff\xd8\xff\xe0 broken jpeg", DamagedImage, "damaged"),
    (lambda: image("JPEG")[:4000], DamagedImage, "damaged"),
    (lambda: image("PNG")[:3000], DamagedImage, "damaged"),
], ids=["damaged", "encrypted", "unsupported", "broken-image", "truncated-jpeg", "truncated-png"])
def test_bad_evidence_is_named_in_the_message(content, error, words):
    exhibits = [PacketItem("Birth certificate", plain_pdf(["ok"])), PacketItem("Lease", content())]
    with pytest.raises(error) as caught:
        build_packet(cover=None, forms=[], exhibits=exhibits, title="T", language="en")
    assert str(caught.value).startswith("Lease: ") and words in str(caught.value)
    assert caught.value.item == "Lease"


def test_exhibit_letters_go_on_after_z():
    assert [exhibit_letter(n) for n in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]
