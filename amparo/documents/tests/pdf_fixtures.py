"""PDFs built for tests (and the benchmark): fillable forms with every field type, an XFA-only
form, encrypted and damaged files, evidence pages and images.

Forms are drawn with reportlab's AcroForm support, then touched up with pypdf where reportlab
cannot do what real forms do: checkboxes whose on-state is ``/On`` or ``/1`` instead of
``/Yes``, a field nested under a parent (``applicant.given_name``, as in USCIS forms), and a
signature field.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject, NameObject, NumberObject, TextStringObject

PDFTOTEXT = shutil.which("pdftotext") or ("/usr/bin/pdftotext" if os.path.exists("/usr/bin/pdftotext") else None)
PDFTOPPM = shutil.which("pdftoppm") or ("/usr/bin/pdftoppm" if os.path.exists("/usr/bin/pdftoppm") else None)

COUNTRIES = [("El Salvador", "SV"), ("Guatemala", "GT"), ("Honduras", "HN"), ("México", "MX")]
LANGUAGES = ["Spanish", "English", "K'iche'", "Mam"]
SERVICES = [("Legal advice", "legal"), ("Shelter", "shelter"), ("Classes", "classes")]


def _need(tool: str | None, name: str) -> str:
    if tool is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} (poppler-utils) is required in CI")
        pytest.skip(f"LOUD: {name} (poppler-utils) is not installed; rendered-output checks were NOT run")
    return tool


def pdftotext(data: bytes, *, page: int | None = None, layout: bool = False) -> str:
    """The text poppler renders from ``data`` (one 1-based page, or all); skips the test when
    pdftotext is missing, except in CI where that is a failure."""
    _need(PDFTOTEXT, "pdftotext")
    command = [PDFTOTEXT, "-q"]
    if layout:
        command.append("-layout")
    if page is not None:
        command += ["-f", str(page), "-l", str(page)]
    done = subprocess.run([*command, "-", "-"], input=data, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def dark_pixels(data: bytes, *, page: int, box: tuple[float, float, float, float], inset: float = 3,
                below: int = 100) -> int:
    """How many pixels darker than ``below`` (0-255 gray) poppler draws inside ``box`` (PDF
    points, x0 y0 x1 y1 on a Letter page) of ``page`` at 72 dpi; ``inset`` leaves out borders."""
    from PIL import Image

    tool = _need(PDFTOPPM, "pdftoppm")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as source:  # pdftoppm does not read stdin
        source.write(data)
        source.flush()
        done = subprocess.run([tool, "-q", "-r", "72", "-f", str(page), "-l", str(page), "-gray", "-png", source.name],
                              capture_output=True, check=True)
    picture = Image.open(io.BytesIO(done.stdout)).convert("L")
    x0, y0, x1, y1 = box
    top = picture.height - y1
    region = picture.crop((int(x0 + inset), int(top + inset), int(x1 - inset), int(top + (y1 - y0) - inset)))
    return sum(region.histogram()[:below])


def _rename_on_state(writer: PdfWriter, name: str, state: str) -> None:
    for page in writer.pages:
        for ref in page.get("/Annots", []):
            widget = ref.get_object()
            if widget.get("/T") != name:
                continue
            for key in ("/N", "/D"):
                appearances = widget["/AP"].get_object().get(key)
                if appearances is None:
                    continue
                appearances = appearances.get_object()
                if "/Yes" in appearances:
                    appearances[NameObject(state)] = appearances["/Yes"]
                    del appearances["/Yes"]
            if widget.get("/AS") == "/Yes":
                widget[NameObject("/AS")] = NameObject(state)
            if widget.get("/V") == "/Yes":
                widget[NameObject("/V")] = NameObject(state)


def _nest(writer: PdfWriter, child: str, parent: str) -> None:
    """Put field ``child`` under a new non-terminal field ``parent``: its full name becomes
    ``parent.child``."""
    acroform = writer.root_object["/AcroForm"].get_object()
    fields = acroform["/Fields"].get_object()
    for index, ref in enumerate(list(fields)):
        if ref.get_object().get("/T") == child:
            parent_field = DictionaryObject({NameObject("/T"): TextStringObject(parent),
                                             NameObject("/Kids"): ArrayObject([ref])})
            parent_ref = writer._add_object(parent_field)
            ref.get_object()[NameObject("/Parent")] = parent_ref
            fields[index] = parent_ref
            return
    raise KeyError(child)


def _add_signature(writer: PdfWriter, page_number: int) -> None:
    page = writer.pages[page_number]
    widget = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Widget"),
        NameObject("/FT"): NameObject("/Sig"), NameObject("/T"): TextStringObject("signature"),
        NameObject("/Rect"): ArrayObject([NumberObject(72), NumberObject(100), NumberObject(272), NumberObject(130)]),
        NameObject("/F"): NumberObject(4),
    })
    ref = writer._add_object(widget)
    widget[NameObject("/P")] = page.indirect_reference
    page[NameObject("/Annots")].get_object().append(ref)
    writer.root_object["/AcroForm"].get_object()["/Fields"].get_object().append(ref)


def fillable_form(*, pages: int = 2) -> bytes:
    """A two-page (or longer) form with every field type.

    Fields: family_name (text, max 40), applicant.given_name (text under a parent), a_number
    (text, max 9), case_number (read-only text), address (multi-line), agree (checkbox, on-state
    /Yes), consent (checkbox, /On), interpreter (checkbox, /1), gender (radio M/F/X), country
    (dropdown with export/display pairs), language (list box), remarks (editable dropdown),
    services (multi-select list box with export/display pairs), and
    on page 2: signature_date (text) and signature (signature field). Pages after 2 each carry
    a text field ``page<N>_note``.
    """
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=letter)
    form = c.acroForm
    c.setFont("Helvetica", 10)
    c.drawString(72, 740, "Form I-TEST Application for Testing")
    y = 700
    c.drawString(72, y + 22, "Family name")
    form.textfield(name="family_name", x=72, y=y, width=250, height=20, maxlen=40, tooltip="1.a. Family name")
    form.textfield(name="given_name", x=330, y=y, width=200, height=20, maxlen=40, tooltip="1.b. Given name")
    y -= 50
    form.textfield(name="a_number", x=72, y=y, width=120, height=20, maxlen=9, tooltip="A-Number")
    form.textfield(name="case_number", x=330, y=y, width=120, height=20, value="IOE0000001",
                   fieldFlags="readOnly", maxlen=20)
    y -= 90
    form.textfield(name="address", x=72, y=y, width=300, height=70, fieldFlags="multiline", maxlen=500)
    y -= 40
    form.checkbox(name="agree", x=72, y=y, size=16, tooltip="I agree")
    form.checkbox(name="consent", x=120, y=y, size=16)
    form.checkbox(name="interpreter", x=168, y=y, size=16)
    y -= 40
    for number, value in enumerate(("M", "F", "X")):
        form.radio(name="gender", value=value, x=72 + 40 * number, y=y, size=16, tooltip="Gender")
    y -= 40
    form.choice(name="country", x=72, y=y, width=200, height=20, value="SV",
                options=[(label, code) for label, code in COUNTRIES])
    y -= 80
    form.listbox(name="language", x=72, y=y, width=200, height=64, value="Spanish", options=LANGUAGES)
    form.choice(name="remarks", x=330, y=y, width=200, height=20, value="None", options=["None", "Urgent"],
                fieldFlags="combo edit")
    y -= 80
    form.listbox(name="services", x=72, y=y, width=200, height=50, value=["legal"], options=SERVICES,
                 fieldFlags="multiSelect")
    c.showPage()
    c.setFont("Helvetica", 10)
    c.drawString(72, 740, "Part 2. Signature")
    form.textfield(name="signature_date", x=72, y=680, width=120, height=20, maxlen=10)
    c.showPage()
    for number in range(3, pages + 1):
        c.setFont("Helvetica", 10)
        c.drawString(72, 740, f"Part {number}. Additional information")
        form.textfield(name=f"page{number}_note", x=72, y=680, width=400, height=20, maxlen=200)
        c.showPage()
    c.save()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(buffer.getvalue())))
    _rename_on_state(writer, "consent", "/On")
    _rename_on_state(writer, "interpreter", "/1")
    _nest(writer, "given_name", "applicant")
    _add_signature(writer, 1)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def filled_without_appearances(data: bytes, values: dict[str, str]) -> bytes:
    """The form as some tools fill it: text values set in /V, appearances left to the viewer
    (NeedAppearances), so the widgets themselves draw nothing."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for page in writer.pages:
        for ref in page.get("/Annots", []):
            widget = ref.get_object()
            if widget.get("/T") in values:
                widget[NameObject("/V")] = TextStringObject(values[widget["/T"]])
                widget.pop("/AP", None)
    writer.root_object["/AcroForm"][NameObject("/NeedAppearances")] = BooleanObject(True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def xfa_only_form() -> bytes:
    """A PDF whose form exists only as XFA (an empty AcroForm /Fields beside an /XFA packet)."""
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    from pypdf.generic import DecodedStreamObject

    xfa = DecodedStreamObject()
    xfa.set_data(b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template/></xdp:xdp>')
    writer.root_object[NameObject("/AcroForm")] = DictionaryObject({
        NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): writer._add_object(xfa)})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted(data: bytes, *, user_password: str = "secret", owner_password: str = "owner") -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def damaged(data: bytes) -> bytes:
    """A PDF header followed by the file's bytes scrambled: no object can be found."""
    return b"%PDF-1.7\n" + bytes(b ^ 0x5A for b in data[9:])


def plain_pdf(lines: list[str], *, pages: int = 1, rotate: int = 0) -> bytes:
    """A PDF without fields: each page shows ``lines`` and its own page number ("Evidence page N")."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=letter)
    for number in range(1, pages + 1):
        c.setFont("Helvetica", 12)
        y = 720
        for line in lines:
            c.drawString(72, y, line)
            y -= 18
        c.drawString(72, y, f"Evidence page {number}")
        c.showPage()
    c.save()
    data = buffer.getvalue()
    if rotate:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        for page in writer.pages:
            page.rotate(rotate)
        out = io.BytesIO()
        writer.write(out)
        data = out.getvalue()
    return data


def image(kind: str = "JPEG", size: tuple[int, int] = (800, 1000), *, orientation: int = 1) -> bytes:
    """A photo-like image of a document (JPEG or PNG); ``orientation`` is the EXIF tag a phone
    writes when it stores the picture sideways (6: turn 90° clockwise to view)."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", size, (235, 230, 220))
    draw = ImageDraw.Draw(picture)
    for row in range(40, size[1] - 40, 30):
        draw.line((40, row, size[0] - 40, row), fill=(60, 60, 60), width=3)
    out = io.BytesIO()
    if kind == "JPEG":
        exif = Image.Exif()
        if orientation != 1:
            exif[0x0112] = orientation
        picture.save(out, kind, quality=85, exif=exif.tobytes())
    else:
        picture.save(out, kind)
    return out.getvalue()
