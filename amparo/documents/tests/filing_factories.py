"""Form templates, mappings and case documents for the filing tests."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import OfficeFactory, UserFactory
from amparo.documents.filing import services
from amparo.documents.filing.models import FormTemplateVersion
from amparo.documents.models import Category
from amparo.documents.services import add_generated
from amparo.legal.models import ReceiptNumber
from amparo.legal.tests.factories import make_case
from amparo.people.models import Address, ContactPoint
from amparo.people.tests.factories import PersonFactory

from .pdf_fixtures import _nest, image, plain_pdf

COUNTRIES = [("El Salvador", "SV"), ("Guatemala", "GT"), ("Honduras", "HN"), ("México", "MX")]


def filing_form(*, pages: int = 2) -> bytes:
    """A small USCIS-like form drawn with reportlab: family_name (max 40), applicant.given_name
    (nested, as in USCIS forms), a_number (max 9), case_number (max 20), address (multi-line),
    agree and interpreter (checkboxes), gender (radio M/F/X), country (dropdown, export codes),
    and signature_date on page 2. Pages after 2 are plain."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=letter)
    form = c.acroForm
    c.setFont("Helvetica", 10)
    c.drawString(72, 740, "Form I-TEST Application for Testing")
    c.drawString(72, 722, "1.a. Family name")
    form.textfield(name="family_name", x=72, y=700, width=250, height=20, maxlen=40, tooltip="1.a. Family name")
    form.textfield(name="given_name", x=330, y=700, width=200, height=20, maxlen=40, tooltip="1.b. Given name")
    form.textfield(name="a_number", x=72, y=650, width=120, height=20, maxlen=9, tooltip="A-Number")
    form.textfield(name="case_number", x=330, y=650, width=120, height=20, maxlen=20, tooltip="Receipt number")
    form.textfield(name="address", x=72, y=560, width=300, height=70, fieldFlags="multiline", maxlen=500,
                   tooltip="Mailing address")
    form.checkbox(name="agree", x=72, y=520, size=16, tooltip="I agree")
    form.checkbox(name="interpreter", x=168, y=520, size=16, tooltip="Interpreter used")
    for number, value in enumerate(("M", "F", "X")):
        form.radio(name="gender", value=value, x=72 + 40 * number, y=480, size=16, tooltip="Gender")
    form.choice(name="country", x=72, y=440, width=200, height=20, value="SV", options=list(COUNTRIES),
                tooltip="Country of birth")
    c.showPage()
    c.setFont("Helvetica", 10)
    c.drawString(72, 740, "Part 2. Signature")
    form.textfield(name="signature_date", x=72, y=680, width=120, height=20, maxlen=10, tooltip="Date of signature")
    c.showPage()
    for number in range(3, pages + 1):
        c.drawString(72, 740, f"Part {number}. Additional information")
        c.showPage()
    c.save()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(buffer.getvalue())))
    _nest(writer, "given_name", "applicant")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_upload(data: bytes | None = None, name: str = "i-test.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, filing_form() if data is None else data, content_type="application/pdf")


def admin() -> Any:
    return UserFactory(role=Role.ADMINISTRATOR, full_name="Ana Administradora")


def form_version(*, by: Any = None, mapped: bool = True, number: str = "I-TEST") -> FormTemplateVersion:
    by = by or admin()
    version = services.upload_form_template(by=by, upload=pdf_upload(), name="Application for Testing",
                                            form_number=number, edition_date=dt.date(2025, 1, 20))
    if mapped:
        services.save_mappings(by=by, version=version, rows=[
            {"field_name": "family_name", "source": "client.family_name", "transform": "upper"},
            {"field_name": "applicant.given_name", "source": "client.given_names", "transform": ""},
            {"field_name": "a_number", "source": "client.a_number", "transform": "a_number"},
            {"field_name": "address", "source": "client.address.lines", "transform": ""},
            {"field_name": "agree", "source": "constant", "constant": "yes"},
            {"field_name": "gender", "source": "constant", "constant": "F"},
            {"field_name": "signature_date", "source": "today", "transform": "date_us"},
        ])
    return version


def client_case(*, kind: str = "removal_defense", restricted: bool = False, **kwargs: Any) -> Any:
    client = PersonFactory(given_names="María José", first_surname="Núñez", second_surname="Peña",
                           birth_date=dt.date(1984, 7, 9), country_of_birth="El Salvador")
    client.a_number = "A-012-345-678"
    client.save()
    Address.objects.create(person=client, street="1200 W 7th St Apt 4", city="Los Angeles", state="CA",
                           postcode="90017")
    ContactPoint.objects.create(person=client, kind="phone", value="(213) 555-0100", is_primary=True)
    if restricted:
        kwargs.setdefault("team", OfficeFactory(name="Equipo de asilo"))
        kind = "asylum_defensive"
    case = make_case(kind=kind, client=client, **kwargs)
    ReceiptNumber.objects.create(case=case, number="IOE0912345678", form="I-589", received_on=dt.date(2024, 5, 2))
    return case


def evidence(case: Any, title: str, *, pages: int = 1, kind: str = "pdf", by: Any = None) -> Any:
    content = plain_pdf([title], pages=pages) if kind == "pdf" else image()
    return add_generated(by=by, owner=case, content=content, filename=f"{title}.{kind}",
                         title=title, category=Category.EVIDENCE)
