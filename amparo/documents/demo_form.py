"""A fillable form for the demo center (``demo-client-information.pdf`` beside this module, package data).

The PDF is committed, so ``make run`` (which installs no reportlab) can load it; :func:`draw`
is how it was made (``python -m amparo.documents.demo_form`` with the ``[dev]`` extras
installed writes it again).
"""

from __future__ import annotations

import io
from pathlib import Path

PATH = Path(__file__).with_name("demo-client-information.pdf")
FORM_NUMBER = "AMP-1"
NAME = "Client information sheet (demo)"

COUNTRIES = ["El Salvador", "Guatemala", "Honduras", "México", "Nicaragua"]
LANGUAGES = [("Spanish", "es"), ("English", "en")]

# Field name -> (case data, transform, fixed value): the mappings the demo loads.
MAPPINGS: dict[str, tuple[str, str, str]] = {
    "family_name": ("client.family_name", "upper", ""),
    "given_names": ("client.given_names", "", ""),
    "date_of_birth": ("client.birth_date", "date_us", ""),
    "a_number": ("client.a_number", "a_number", ""),
    "country_of_birth": ("client.country_of_birth", "", ""),
    "sex": ("client.sex", "", ""),
    "language": ("client.preferred_language", "", ""),
    "mailing_address": ("client.address.lines", "", ""),
    "phone": ("client.phone", "digits", ""),
    "interpreter": ("constant", "yes_no", "yes"),
    "case_number": ("case.number", "", ""),
    "signature_date": ("today", "date_us", ""),
}


def draw() -> bytes:  # pragma: no cover - needs reportlab ([dev]); the output is committed
    """A two-page AcroForm with every kind of field: text, a date written as text, multi-line
    text, a checkbox, a radio group, a drop-down list (combo box) and a list box."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=letter)
    c.setTitle("AMP-1 Client information sheet (demo)")
    form = c.acroForm

    def label(x: float, y: float, text: str) -> None:
        c.setFont("Helvetica", 9)
        c.drawString(x, y, text)

    c.setFont("Helvetica-Bold", 14)
    c.drawString(72, 740, "Form AMP-1  Client information sheet")
    c.setFont("Helvetica", 9)
    c.drawString(72, 726, "A fictitious form for trying Amparo out. Not a government form.")
    label(72, 700, "1. Family name (all surnames)")
    form.textfield(name="family_name", x=72, y=676, width=250, height=20, maxlen=60, tooltip="1. Family name")
    label(330, 700, "2. Given names")
    form.textfield(name="given_names", x=330, y=676, width=210, height=20, maxlen=60, tooltip="2. Given names")
    label(72, 656, "3. Date of birth (mm/dd/yyyy)")
    form.textfield(name="date_of_birth", x=72, y=632, width=120, height=20, maxlen=10, tooltip="3. Date of birth")
    label(210, 656, "4. A-Number")
    form.textfield(name="a_number", x=210, y=632, width=110, height=20, maxlen=9, tooltip="4. A-Number")
    label(330, 656, "5. Country of birth")
    form.choice(name="country_of_birth", x=330, y=632, width=210, height=20, value=COUNTRIES[0],
                options=COUNTRIES, tooltip="5. Country of birth")
    label(72, 610, "6. Sex:      female         male          other")
    for number, value in enumerate(("female", "male", "other")):
        form.radio(name="sex", value=value, x=116 + 48 * number, y=590, size=14, tooltip="6. Sex",
                   selected=number == 0)
    label(330, 610, "7. Language for letters")
    form.listbox(name="language", x=330, y=562, width=210, height=40, value="es", options=LANGUAGES,
                 tooltip="7. Language")
    label(72, 540, "8. Mailing address")
    form.textfield(name="mailing_address", x=72, y=470, width=300, height=64, fieldFlags="multiline", maxlen=300,
                   tooltip="8. Mailing address")
    label(390, 540, "9. Telephone (digits)")
    form.textfield(name="phone", x=390, y=514, width=150, height=20, maxlen=15, tooltip="9. Telephone")
    label(410, 490, "10. Needs an interpreter")
    form.checkbox(name="interpreter", x=390, y=486, size=14, tooltip="10. Needs an interpreter")
    label(72, 448, "11. Case number")
    form.textfield(name="case_number", x=72, y=424, width=120, height=20, maxlen=20, tooltip="11. Case number")
    c.showPage()
    c.setFont("Helvetica-Bold", 12)
    c.drawString(72, 740, "Part 2. Remarks and signature")
    label(72, 716, "12. Remarks (for the staff)")
    form.textfield(name="remarks", x=72, y=600, width=468, height=110, fieldFlags="multiline", maxlen=1000,
                   tooltip="12. Remarks")
    label(72, 580, "13. Date of signature (mm/dd/yyyy)")
    form.textfield(name="signature_date", x=72, y=556, width=120, height=20, maxlen=10,
                   tooltip="13. Date of signature")
    c.showPage()
    c.save()
    return buffer.getvalue()


if __name__ == "__main__":  # pragma: no cover
    PATH.write_bytes(draw())
    print(f"wrote {PATH}")
