"""A staff member uploads a document to a case, marks a checklist item received, and produces the
missing-documents letter for a Spanish-speaking client; the letter is downloaded and read back
— with the staff member working in English and in Spanish, and at phone width."""

import datetime as dt
import io

import pytest
from django.test import Client
from playwright.sync_api import expect
from pypdf import PdfReader

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import OfficeFactory, UserFactory
from amparo.core.testing import sign_in
from amparo.documents import seed
from amparo.documents.models import ChecklistItem, Document
from amparo.documents.tests.factories import pdf_bytes
from amparo.legal.tests.factories import make_case
from amparo.people.tests.factories import PersonFactory

from .conftest import screenshot

TEXTS = {
    "en": {"documents": "Documents", "upload": "Upload a document", "file": "File", "category": "Category",
           "title": "Title", "submit": "Upload", "received_button": "Mark “{}” received", "received": "Received",
           "letter": "Letter", "generate": "Generate the letter (PDF)", "uploaded": "was uploaded",
           "checklist": "Checklist of documents", "download": "Download"},
    "es": {"documents": "Documentos", "upload": "Subir un documento", "file": "Archivo", "category": "Categoría",
           "title": "Título", "submit": "Subir", "received_button": "Marcar «{}» como recibido",
           "received": "Recibido", "letter": "Carta", "generate": "Generar la carta (PDF)", "uploaded": "Se subió",
           "checklist": "Lista de documentos", "download": "Descargar"},
}
GREEN_CARD = ("Permanent resident card (front and back)", "Tarjeta de residente permanente (frente y reverso)")


@pytest.fixture
def documents_dir(settings, tmp_path):
    storages = dict(settings.STORAGES)
    storages["documents"] = {"BACKEND": "django.core.files.storage.FileSystemStorage",
                             "OPTIONS": {"location": str(tmp_path / "documents")}}
    settings.STORAGES = storages


def _signed_in(page, live_server, user):
    client = sign_in(Client(), user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


@pytest.mark.parametrize("lang", ["en", "es"])
def test_upload_mark_received_and_letter_in_spanish(live_server, page, documents_dir, lang):
    seed.ensure()  # browser tests empty the database between tests
    t = TEXTS[lang]
    office = OfficeFactory(name="Oficina de Los Ángeles")
    staff = UserFactory(role=Role.PARALEGAL, email=f"paralegal-{lang}@amparo.test", full_name="Paula Ibáñez",
                        language=lang, offices=[office])
    client = PersonFactory(given_names="Begoña", first_surname="Núñez", second_surname="Peña",
                           preferred_language="es", birth_date=dt.date(1979, 5, 4))
    case = make_case(kind="naturalization", client=client, office=office, by=staff)
    _signed_in(page, live_server, staff)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    panel = page.locator("#documents")
    expect(panel.get_by_role("heading", name=t["documents"], exact=True)).to_be_visible()
    expect(panel.get_by_role("heading", name=t["checklist"])).to_be_visible()

    # Upload the client's passport to the case.
    panel.get_by_text(t["upload"], exact=True).click()
    form = panel.locator("details.upload form")
    form.get_by_label(t["file"]).set_input_files(
        files=[{"name": "pasaporte-begoña.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes("Pasaporte")}])
    form.get_by_label(t["category"]).select_option("identity")
    form.get_by_label(t["title"]).fill("Pasaporte de Begoña")
    screenshot(page, f"documents-upload-{lang}")
    form.get_by_role("button", name=t["submit"], exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(t["uploaded"])
    expect(panel.get_by_role("link", name="Pasaporte de Begoña")).to_be_visible()
    expect(panel.get_by_role("link", name=f"{t['download']} pasaporte-begoña.pdf")).to_be_visible()
    assert Document.objects.get(case=case, title="Pasaporte de Begoña").versions.get().kind == "pdf"

    # Mark the green card received (htmx: only the row changes).
    # (The test reads the database only while the browser waits: the live server shares its
    # in-memory SQLite connection with this thread, so a query during a request collides with it.)
    item = ChecklistItem.objects.get(case=case, label_en=GREEN_CARD[0])
    label = GREEN_CARD[1] if lang == "es" else GREEN_CARD[0]
    page.get_by_role("button", name=t["received_button"].format(label)).click()
    row = page.locator(f"#check-{item.pk}")
    expect(row.locator(".check-status")).to_have_text(t["received"])
    expect(row).to_contain_text("Paula Ibáñez")
    expect(page.locator("#missing-count")).to_contain_text("7")
    item.refresh_from_db()
    assert item.status == "received" and item.received_by == staff
    screenshot(page, f"documents-panel-{lang}")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"documents-panel-{lang}-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The missing-documents letter, in the client's language (Spanish), whatever the staff's language.
    panel.get_by_label(t["letter"], exact=True).select_option("document_request")
    panel.get_by_role("button", name=t["generate"]).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Solicitud de documentos faltantes")
    screenshot(page, f"documents-letter-page-{lang}")
    with page.expect_download() as info:
        page.get_by_role("link", name=f"{t['download']} solicitud-de-documentos").first.click()
    download = info.value
    assert download.suggested_filename.startswith("solicitud-de-documentos-")
    with open(download.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "Solicitud de documentos faltantes" in text and "Begoña Núñez Peña" in text
    missing = text.split("todavía necesitamos")[1].split("Por favor")[0]
    assert "Declaraciones de impuestos federales o transcripciones del IRS de los últimos años" in missing
    assert "Historial de viajes" in missing
    assert "Tarjeta de residente permanente" not in missing  # received, so not asked for again
    assert "Ya recibimos" in text and "Atentamente" in text
    assert "Dear" not in text and "Federal tax returns" not in text
