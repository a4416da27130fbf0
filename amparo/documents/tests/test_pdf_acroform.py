"""Filling AcroForm PDFs: every field type, read back with pypdf and as poppler renders it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.utils import translation
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from amparo.documents.pdf import (
    DamagedPdf,
    EncryptedPdf,
    FieldKind,
    FormValueError,
    NoFormFields,
    NotAPdf,
    Option,
    XfaOnlyForm,
    fill_form,
    inspect_form,
)

from .pdf_fixtures import (
    COUNTRIES,
    damaged,
    dark_pixels,
    encrypted,
    fillable_form,
    filled_without_appearances,
    pdftotext,
    plain_pdf,
    xfa_only_form,
)

VALUES = {
    "family_name": "Hernández Pérez",
    "applicant.given_name": "José Ángel",
    "a_number": "012345678",
    "address": "1234 Calle Ñandú\nApt 5\nLos Angeles, CA 90011",
    "agree": True,
    "consent": True,
    "interpreter": True,
    "gender": "F",
    "country": "HN",
    "language": "Mam",
    "remarks": "Cita urgente",
    "services": ["legal", "classes"],
    "signature_date": "11/22/2026",
}


@pytest.fixture(scope="module")
def form() -> bytes:
    return fillable_form()


@pytest.fixture(scope="module")
def filled(form) -> bytes:
    return fill_form(form, VALUES)


@pytest.fixture(scope="module")
def flattened(form) -> bytes:
    return fill_form(form, VALUES, flatten=True)


def widgets(data: bytes) -> dict[str, list]:
    """Full field name -> its widget annotations (resolved), read with pypdf."""
    reader = PdfReader(io.BytesIO(data))
    found: dict[str, list] = {}
    for page in reader.pages:
        for ref in page.get("/Annots", []):
            widget = ref.get_object()
            if widget.get("/Subtype") != "/Widget":
                continue
            node, parts = widget, []
            while node is not None:
                if "/T" in node:
                    parts.append(str(node["/T"]))
                node = node.get("/Parent").get_object() if "/Parent" in node else None
            found.setdefault(".".join(reversed(parts)), []).append(widget)
    return found


def rect(data: bytes, name: str, index: int = 0) -> tuple[float, ...]:
    return tuple(float(v) for v in widgets(data)[name][index]["/Rect"])


# -- inspecting ------------------------------------------------------------------------------------


def test_inspect_lists_every_field_with_its_full_name_kind_and_options(form):
    fields = {f.name: f for f in inspect_form(form)}
    assert {name: str(f.kind) for name, f in fields.items()} == {
        "family_name": "text", "applicant.given_name": "text", "a_number": "text", "case_number": "text",
        "address": "multiline_text", "agree": "checkbox", "consent": "checkbox", "interpreter": "checkbox",
        "gender": "radio", "country": "combo", "language": "list", "remarks": "combo", "services": "list",
        "signature_date": "text", "signature": "signature",
    }
    assert fields["family_name"].max_length == 40 and fields["family_name"].label == "1.a. Family name"
    assert fields["a_number"].max_length == 9
    assert fields["case_number"].read_only and fields["case_number"].value == "IOE0000001"
    assert fields["agree"].required and fields["agree"].value is False
    # the real on-state of each checkbox, not an assumed /Yes
    assert [o.export for o in fields["agree"].options] == ["Yes"]
    assert [o.export for o in fields["consent"].options] == ["On"]
    assert [o.export for o in fields["interpreter"].options] == ["1"]
    assert [o.export for o in fields["gender"].options] == ["M", "F", "X"] and fields["gender"].value is None
    assert fields["country"].options == tuple(Option(export=code, display=label) for label, code in COUNTRIES)
    assert fields["country"].value == "SV"
    assert fields["remarks"].editable and not fields["country"].editable
    assert fields["services"].multi_select and fields["services"].value == ["legal"]
    assert fields["signature_date"].pages == (2,) and fields["family_name"].pages == (1,)
    assert not fields["signature"].fillable and fields["family_name"].fillable


def test_inspect_reads_a_path_and_a_file_object(form, tmp_path):
    path = tmp_path / "form.pdf"
    path.write_bytes(form)
    assert [f.name for f in inspect_form(Path(path))] == [f.name for f in inspect_form(io.BytesIO(form))]


# -- filling: values read back ---------------------------------------------------------------------


def test_filled_values_read_back_with_pypdf(filled):
    fields = PdfReader(io.BytesIO(filled)).get_fields()
    assert fields["family_name"]["/V"] == "Hernández Pérez"
    assert fields["applicant.given_name"]["/V"] == "José Ángel"
    assert fields["address"]["/V"] == "1234 Calle Ñandú\nApt 5\nLos Angeles, CA 90011"
    assert fields["agree"]["/V"] == "/Yes"
    assert fields["consent"]["/V"] == "/On"
    assert fields["interpreter"]["/V"] == "/1"
    assert fields["gender"]["/V"] == "/F"
    assert fields["country"]["/V"] == "HN"  # the export value, not the display text
    assert fields["language"]["/V"] == "Mam"
    assert list(fields["services"]["/V"]) == ["legal", "classes"]
    assert fields["case_number"]["/V"] == "IOE0000001"  # not named: unchanged


def test_filled_values_read_back_with_inspect(filled):
    values = {f.name: f.value for f in inspect_form(filled)}
    for name, value in VALUES.items():
        expected = value if not isinstance(value, bool) else True
        assert values[name] == expected, name


def test_checkboxes_show_their_own_on_state(filled):
    found = widgets(filled)
    assert found["agree"][0]["/AS"] == "/Yes"
    assert found["consent"][0]["/AS"] == "/On"
    assert found["interpreter"][0]["/AS"] == "/1"
    for name in ("agree", "consent", "interpreter"):
        assert found[name][0]["/AS"] in found[name][0]["/AP"]["/N"], f"{name}: state has no appearance"


def test_radio_sets_the_group_value_and_each_button_state(filled):
    buttons = widgets(filled)["gender"]
    assert [str(b["/AS"]) for b in buttons] == ["/Off", "/F", "/Off"]
    assert buttons[0]["/Parent"]["/V"] == "/F"


def test_unticking_and_clearing(filled):
    again = fill_form(filled, {"agree": False, "gender": None, "family_name": None, "services": []})
    values = {f.name: f.value for f in inspect_form(again)}
    assert values["agree"] is False and widgets(again)["agree"][0]["/AS"] == "/Off"
    assert values["gender"] is None and {str(b["/AS"]) for b in widgets(again)["gender"]} == {"/Off"}
    assert values["family_name"] == "" and values["services"] == []
    assert values["consent"] is True  # untouched


def test_checkbox_accepts_its_export_value(form):
    out = fill_form(form, {"consent": "On", "interpreter": "/1", "agree": "Off"})
    found = widgets(out)
    states = [found[name][0]["/AS"] for name in ("consent", "interpreter", "agree")]
    assert states == ["/On", "/1", "/Off"]


def test_choices_accept_the_display_text_too(form):
    out = fill_form(form, {"country": "México", "services": ["Shelter"]})
    values = {f.name: f.value for f in inspect_form(out)}
    assert values["country"] == "MX" and values["services"] == ["shelter"]


def test_editable_dropdown_takes_any_text(form):
    out = fill_form(form, {"remarks": "Llamar por la tarde"})
    assert {f.name: f.value for f in inspect_form(out)}["remarks"] == "Llamar por la tarde"


def test_list_box_marks_the_selected_indices(filled):
    fields = PdfReader(io.BytesIO(filled)).get_fields()
    assert [int(i) for i in widgets(filled)["services"][0]["/I"]] == [0, 2]
    assert "/I" not in fields["country"] or list(fields["country"]["/I"]) == []


def test_text_exactly_at_the_maximum_length_fits(form):
    out = fill_form(form, {"family_name": "X" * 40, "a_number": 12345678})
    values = {f.name: f.value for f in inspect_form(out)}
    assert values["family_name"] == "X" * 40 and values["a_number"] == "12345678"


def test_filled_form_asks_viewers_to_refresh_appearances_and_drops_xfa(form):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(form)))
    xfa = DecodedStreamObject()
    xfa.set_data(b"<xdp:xdp/>")
    writer.root_object["/AcroForm"][NameObject("/XFA")] = writer._add_object(xfa)
    hybrid = io.BytesIO()
    writer.write(hybrid)
    out = fill_form(hybrid.getvalue(), {"family_name": "Ramos"})
    acroform = PdfReader(io.BytesIO(out)).root_object["/AcroForm"]
    assert acroform["/NeedAppearances"] is True or bool(acroform["/NeedAppearances"])
    assert "/XFA" not in acroform  # a stale XFA copy would show the old, empty form in Adobe Reader


# -- filling: what a viewer shows ------------------------------------------------------------------


def test_rendered_text_shows_every_text_and_choice_value(filled):
    text = pdftotext(filled)
    for shown in ("Hernández Pérez", "José Ángel", "012345678", "1234 Calle Ñandú", "Los Angeles, CA 90011",
                  "Honduras", "Cita urgente", "11/22/2026", "IOE0000001"):
        assert shown in text, shown
    assert "HN" not in text.split()  # the dropdown shows the display text, not the code


def test_checked_boxes_and_chosen_radio_are_drawn(form, flattened):
    empty = fill_form(form, {"agree": False}, flatten=True)
    for name in ("agree", "consent", "interpreter"):
        box = rect(form, name)
        assert dark_pixels(flattened, page=1, box=box) > 10, f"{name} is not drawn ticked"
        assert dark_pixels(empty, page=1, box=box) == 0, f"{name} is drawn ticked when empty"
    # inside the round border of each radio button: only the chosen one has its dot
    chosen = [dark_pixels(flattened, page=1, box=rect(form, "gender", i), inset=5) for i in range(3)]
    assert chosen[1] > 10 and max(chosen[0], chosen[2]) <= 2, chosen  # (a stray anti-aliased border pixel)


def test_checkboxes_show_in_a_live_form_too(form, filled):
    # NeedAppearances viewers (poppler here) draw the on-state of each box
    for name in ("agree", "consent", "interpreter"):
        assert dark_pixels(filled, page=1, box=rect(form, name)) > 10, name


def test_list_box_highlights_the_chosen_entries(form, flattened):
    x0, y0, x1, y1 = rect(form, "language")
    rows = [(x0, y1 - 1 - 13.8 * (n + 1), x1, y1 - 1 - 13.8 * n) for n in range(4)]  # 12 pt lines
    highlighted = [dark_pixels(flattened, page=1, box=row, inset=2, below=200) for row in rows]
    # "Mam" (the 4th entry) sits on a highlight band (gray ~184, the field background ~216)
    assert highlighted[3] > 3 * max(highlighted[:3]), highlighted


def test_flattening_leaves_no_fields_but_keeps_the_text(flattened):
    reader = PdfReader(io.BytesIO(flattened))
    assert not reader.get_fields()
    assert "/AcroForm" not in reader.root_object
    assert not any(ref.get_object().get("/Subtype") == "/Widget"
                   for page in reader.pages for ref in page.get("/Annots", []))
    text = pdftotext(flattened)
    for shown in ("Hernández Pérez", "José Ángel", "1234 Calle Ñandú", "Honduras", "11/22/2026",
                  "Mam", "Legal advice", "Classes"):  # the chosen list entries are in view
        assert shown in text, shown
    with pytest.raises(NoFormFields):
        inspect_form(flattened)


def test_flattening_draws_values_other_tools_left_to_the_viewer(form):
    data = filled_without_appearances(form, {"family_name": "Quispe Mamani", "country": "GT"})
    text = pdftotext(fill_form(data, {"a_number": "012345678"}, flatten=True))
    assert "Quispe Mamani" in text and "012345678" in text and "Guatemala" in text


# -- problems --------------------------------------------------------------------------------------


def test_every_problem_is_reported_at_once_and_nothing_is_written(form):
    with pytest.raises(FormValueError) as caught:
        fill_form(form, {
            "family_nam": "typo", "family_name": "X" * 41, "agree": "maybe", "gender": "Q", "country": "Narnia",
            "language": ["Spanish", "Mam"], "signature": "x", "a_number": True, "applicant.given_name": "a\nb",
            "services": ["legal", "dance"], "remarks": "fine",
        })
    problems = {(p.field, p.code) for p in caught.value.problems}
    assert problems == {
        ("family_nam", "unknown_field"), ("family_name", "too_long"), ("agree", "not_boolean"),
        ("gender", "not_an_option"), ("country", "not_an_option"), ("language", "not_a_list"),
        ("signature", "not_fillable"), ("a_number", "not_text"), ("applicant.given_name", "single_line"),
        ("services", "not_an_option"),
    }
    messages = {p.field: p.message for p in caught.value.problems}
    assert "41 characters" in messages["family_name"] and "at most 40" in messages["family_name"]
    assert "(SV, GT, HN, MX)" in messages["country"]
    assert "Yes" in messages["agree"]


def test_letters_the_form_font_cannot_show_are_reported_not_lost(form):
    with pytest.raises(FormValueError) as caught:
        fill_form(form, {"family_name": "Nguyễn Thị Đào", "applicant.given_name": "Zoë “Ñandú” — 5 €"})
    (problem,) = caught.value.problems
    assert (problem.field, problem.code) == ("family_name", "unsupported_characters")
    assert "ễ ị Đ" in problem.message
    out = fill_form(form, {"applicant.given_name": "Zoë “Ñandú” — 5 €"}, flatten=True)
    assert "Zoë “Ñandú” — 5 €" in pdftotext(out)


def test_problems_are_in_spanish_for_a_spanish_speaker(form):
    with pytest.raises(FormValueError) as caught:
        fill_form(form, {"nombre": "x", "country": "Narnia"})
    with translation.override("es"):
        text = str(caught.value)
    assert "nombre: no hay ningún campo con este nombre." in text
    assert "“Narnia” no es una de las opciones" in text


@pytest.mark.parametrize(("make", "error", "words"), [
    (lambda form: xfa_only_form(), XfaOnlyForm, "XFA"),
    (lambda form: encrypted(form), EncryptedPdf, "password"),
    (lambda form: damaged(form), DamagedPdf, "damaged"),
    (lambda form: form[: len(form) // 3], DamagedPdf, "damaged"),
    (lambda form: b"GIF89a not a pdf at all", NotAPdf, "not a PDF"),
    (lambda form: plain_pdf(["A letter"]), NoFormFields, "no fillable fields"),
], ids=["xfa-only", "encrypted", "damaged", "truncated", "not-a-pdf", "no-fields"])
def test_files_that_cannot_be_filled_get_a_clear_message(form, make, error, words):
    data = make(form)
    with pytest.raises(error) as caught:
        fill_form(data, {"family_name": "Ramos"})
    assert words in str(caught.value)
    with pytest.raises(error):
        inspect_form(data)


def test_a_pdf_protected_only_against_changes_opens(form):
    data = encrypted(form, user_password="")
    out = fill_form(data, {"family_name": "Ramos"})
    assert {f.name: f.value for f in inspect_form(out)}["family_name"] == "Ramos"


def test_damaged_message_in_spanish(form):
    with pytest.raises(DamagedPdf) as caught:
        fill_form(damaged(form), {})
    with translation.override("es"):
        assert str(caught.value).startswith("Este PDF está dañado")


def test_kinds_enum_is_stable():
    assert {str(k) for k in FieldKind} == {"text", "multiline_text", "checkbox", "radio", "combo", "list",
                                           "button", "signature"}


def test_filling_a_field_draws_only_that_field_when_another_shares_its_last_name_part():
    """'given_name' and 'applicant.given_name' both end in 'given_name': filling one must not
    draw its value into the other (the appearance is drawn through pypdf's public form filling)."""
    from pypdf.generic import TextStringObject
    from reportlab.pdfgen import canvas

    from .pdf_fixtures import _nest

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer)
    c.acroForm.textfield(name="given_name", x=72, y=700, width=250, height=20)
    c.acroForm.textfield(name="spouse", x=72, y=600, width=250, height=20)
    c.showPage()
    c.save()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(buffer.getvalue())))
    for ref in writer.root_object["/AcroForm"]["/Fields"]:
        if ref.get_object()["/T"] == "spouse":
            ref.get_object()[NameObject("/T")] = TextStringObject("given_name")
    _nest(writer, "given_name", "applicant")  # the first field so named goes under "applicant"
    out = io.BytesIO()
    writer.write(out)

    filled = fill_form(out.getvalue(), {"given_name": "Rosa Elena"})
    text = pdftotext(filled)
    assert text.count("Rosa Elena") == 1
