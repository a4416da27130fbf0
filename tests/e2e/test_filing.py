"""An administrator uploads a fillable PDF and maps two of its fields; an attorney fills it for a
case and builds a filing packet with it and the case's evidence — in English and in Spanish, on a
phone-sized screen."""

import io
import re

import pytest
from django.test import Client
from playwright.sync_api import expect
from pypdf import PdfReader

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import OfficeFactory, UserFactory
from amparo.core.testing import sign_in
from amparo.documents.filing.models import FilingPacket, FilledForm
from amparo.documents.models import Category
from amparo.documents.services import add_generated
from amparo.documents.tests.filing_factories import client_case, filing_form
from amparo.documents.tests.pdf_fixtures import plain_pdf

from .conftest import screenshot

TEXTS = {
    "en": {"upload": "Upload and list its fields", "file": "Fillable PDF", "number": "Form number", "name": "Name",
           "edition": "Edition date", "saved": "Version 1 of I-TEST is saved with 10 fields",
           "source": "Case data", "transform": "Transform", "constant": "Fixed value",
           "family": "Family name (both surnames)", "upper": "Upper case", "fixed": "A fixed value (typed below)",
           "save": "Save the mapping", "mapped": "The mapping is saved.", "ok": "fills the form without problems",
           "fill": "Fill a form", "form": "Form", "fill_save": "Fill and save", "filled": "is saved in the documents",
           "build": "Build a filing packet", "use": "Use as", "cover": "Cover letter", "exhibit": "Exhibit",
           "form_role": "Form", "title": "Exhibit title", "build_it": "Build the packet",
           "download": "Download the packet (PDF)", "language": "English"},
    "es": {"upload": "Subir y ver sus campos", "file": "PDF para llenar", "number": "Número de formulario",
           "name": "Nombre", "edition": "Fecha de edición",
           "saved": "La versión 1 de I-TEST quedó guardada con 10 campos",
           "source": "Dato del caso", "transform": "Transformación", "constant": "Valor fijo",
           "family": "Apellidos (los dos)", "upper": "Mayúsculas", "fixed": "Un valor fijo (escrito abajo)",
           "save": "Guardar las correspondencias", "mapped": "Las correspondencias quedaron guardadas.",
           "ok": "llena el formulario sin problemas", "fill": "Llenar un formulario", "form": "Formulario",
           "fill_save": "Llenar y guardar", "filled": "quedó guardado en los documentos",
           "build": "Preparar un paquete de presentación", "use": "Usar como", "cover": "Carta de presentación",
           "exhibit": "Anexo", "form_role": "Formulario", "title": "Título del anexo",
           "build_it": "Preparar el paquete", "download": "Descargar el paquete (PDF)", "language": "Español"},
}


def _signed_in(page, live_server, user):
    page.context.clear_cookies()
    client = sign_in(Client(), user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def _row(page, field_name):
    return page.locator(".mapping-row", has=page.locator("code", has_text=re.compile(f"^{re.escape(field_name)}$")))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_upload_map_fill_and_build_a_packet(live_server, browser, lang, tmp_path):
    t = TEXTS[lang]
    context = browser.new_context(locale="es-MX" if lang == "es" else "en-US", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    office = OfficeFactory(name="Oficina de Los Ángeles")
    administrator = UserFactory(role=Role.ADMINISTRATOR, email=f"admin-{lang}@amparo.test", full_name="Ana Admin",
                                language=lang)
    attorney = UserFactory(role=Role.ATTORNEY, email=f"abogada-{lang}@amparo.test", full_name="Marta Reyes",
                           language=lang, offices=[office])
    case = client_case(office=office, responsible=attorney, by=attorney)
    for title, pages in (("Cover letter to USCIS", 1), ("Birth certificate", 2)):
        add_generated(by=attorney, owner=case, content=plain_pdf([title], pages=pages), filename=f"{title}.pdf",
                      title=title, category=Category.EVIDENCE)
    form_pdf = tmp_path / "i-test.pdf"
    form_pdf.write_bytes(filing_form())

    # The administrator uploads the fillable PDF and sees its fields.
    _signed_in(page, live_server, administrator)
    page.goto(f"{live_server.url}/documents/filing/forms/")
    page.get_by_label(t["file"], exact=True).set_input_files(str(form_pdf))
    page.get_by_label(t["number"], exact=True).fill("I-TEST")
    page.get_by_label(t["name"], exact=True).fill("Application for Testing")
    page.get_by_label(t["edition"], exact=True).fill("2025-01-20")
    screenshot(page, f"filing-upload-{lang}")
    page.get_by_role("button", name=t["upload"]).click()
    expect(page.locator(".messages")).to_contain_text(t["saved"])

    # ...maps two fields: the family name in capitals, and a radio group to a fixed export value.
    family = _row(page, "family_name")
    family.get_by_label(t["source"]).select_option(label=t["family"])
    family.get_by_label(t["transform"]).select_option(label=t["upper"])
    gender = _row(page, "gender")
    gender.get_by_label(t["source"]).select_option(label=t["fixed"])
    gender.get_by_label(t["constant"]).fill("F")
    page.get_by_role("button", name=t["save"]).click()
    expect(page.locator(".messages")).to_contain_text(t["mapped"])
    expect(page.locator("#preview")).to_contain_text(t["ok"])
    screenshot(page, f"filing-mapping-{lang}")

    # The attorney fills it for the case from the case page.
    _signed_in(page, live_server, attorney)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.get_by_role("link", name=t["fill"]).click()
    page.get_by_label(t["form"], exact=True).select_option(label="I-TEST — Application for Testing (01/20/2025)")
    screenshot(page, f"filing-fill-{lang}")
    page.get_by_role("button", name=t["fill_save"]).click()
    expect(page.locator(".messages")).to_contain_text(t["filled"])
    filled = FilledForm.objects.get(case=case)
    with filled.document.versions.get().file.open("rb") as handle:
        fields = PdfReader(io.BytesIO(handle.read())).get_fields()
    assert fields["family_name"]["/V"] == "NÚÑEZ PEÑA" and fields["gender"]["/V"] == "/F"
    expect(page.locator("#filing")).to_contain_text("I-TEST — Application for Testing")

    # ...and builds a packet: cover letter, the filled form, the birth certificate as an exhibit.
    page.locator("#filing").get_by_role("link", name=t["build"]).click()
    rows = page.locator(".mapping-row")
    for title, role in (("Cover letter to USCIS", t["cover"]), ("Birth certificate", t["exhibit"]),
                        ("I-TEST — Application", t["form_role"])):
        row = rows.filter(has_text=title)
        row.get_by_label(t["use"]).select_option(label=role)
    screenshot(page, f"filing-packet-choose-{lang}")
    page.get_by_role("button", name=t["build_it"]).click()
    expect(page.get_by_role("link", name=t["download"])).to_be_visible()
    screenshot(page, f"filing-packet-ready-{lang}")
    packet = FilingPacket.objects.get(case=case)
    with packet.document.versions.get().file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    assert len(reader.pages) == 1 + 2 + 1 + 1 + 2  # cover, form, index, separator, exhibit
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    panel = page.locator("#filing")
    expect(panel.get_by_role("link", name=packet.title)).to_be_visible()
    panel.scroll_into_view_if_needed()
    panel.screenshot(path=str(screenshot(page, f"filing-case-{lang}").with_name(f"filing-case-panel-{lang}.png")))
    context.close()
