"""The pages: the Documents panel, upload (good and bad files), versions, download, letters, templates."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import OfficeFactory
from amparo.core.models import AuditEntry
from amparo.core.testing import sign_in
from amparo.documents import services
from amparo.documents.models import Document, DocumentVersion
from amparo.legal.tests.factories import make_case
from amparo.people.tests.factories import PersonFactory

from .factories import EXE, PNG, make_document, pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_user):
    office = OfficeFactory(name="Oficina de Los Ángeles")
    return make_user(Role.PARALEGAL, offices=[office], full_name="Paula Paralegal")


def _client(user, language="en"):
    client = sign_in(Client(), user)
    user.language = language
    user.save(update_fields=["language"])
    return client


def test_the_case_page_shows_the_documents_panel_with_checklist_and_letters(staff):
    case = make_case(kind="naturalization")
    make_document(owner=case, by=staff, title="Tarjeta de residente")
    body = _client(staff).get(case.get_absolute_url()).content.decode()
    assert 'id="documents"' in body and "Tarjeta de residente" in body
    assert "Permanent resident card (front and back)" in body  # the naturalization checklist
    assert "Upload a document" in body and "Generate a letter" in body
    body_es = _client(staff, "es").get(case.get_absolute_url()).content.decode()
    assert "Lista de documentos" in body_es and "Tarjeta de residente permanente (frente y reverso)" in body_es
    assert "Generar una carta" in body_es


def test_the_person_page_shows_the_documents_panel(staff):
    person = PersonFactory()
    make_document(owner=person, by=staff, title="Pasaporte hondureño")
    body = _client(staff).get(person.get_absolute_url()).content.decode()
    assert 'id="documents"' in body and "Pasaporte hondureño" in body


def test_upload_to_a_case_and_mark_the_checklist_item_received(staff):
    case = make_case(kind="naturalization")
    client = _client(staff)
    client.get(case.get_absolute_url())  # the checklist is made on first view
    item = case.checklist_items.get(label_en__startswith="Permanent resident card")
    response = client.post(f"/documents/case/{case.pk}/upload/", {
        "file": upload(pdf_bytes("green card"), "green card.pdf"), "category": "identity", "title": "Green card",
        "language": "en", "description": "Front and back", "checklist_item": item.pk})
    assert response.status_code == 302 and response["Location"].endswith("#documents")
    document = Document.objects.get(case=case)
    assert document.title == "Green card" and document.versions.get().original_name == "green card.pdf"
    item.refresh_from_db()
    assert item.status == "received" and item.document == document and item.received_by == staff


def test_a_renamed_exe_is_refused_and_nothing_typed_is_lost(staff):
    case = make_case()
    response = _client(staff).post(f"/documents/case/{case.pk}/upload/", {
        "file": upload(EXE, "acta.pdf"), "category": "court", "title": "Notificación de comparecencia",
        "description": "Llegó por correo el lunes"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "not one of the accepted types" in body
    assert 'value="Notificación de comparecencia"' in body and "Llegó por correo el lunes" in body
    assert '<option value="court" selected>' in body
    assert not Document.objects.exists()


def test_empty_and_missing_files_get_a_clear_message_in_spanish(staff):
    case = make_case()
    client = _client(staff, "es")
    response = client.post(f"/documents/case/{case.pk}/upload/", {"file": upload(b"", "vacio.pdf"),
                                                                   "category": "evidence", "title": "Fotos"})
    assert response.status_code == 400 and "Este archivo está vacío" in response.content.decode()
    response = client.post(f"/documents/case/{case.pk}/upload/", {"category": "evidence", "title": "Fotos"})
    assert "Elija un archivo para subir" in response.content.decode()


def test_a_too_large_file_is_refused(staff, settings):
    settings.AMPARO_UPLOAD_MAX_MB = 1
    person = PersonFactory()
    response = _client(staff).post(f"/documents/person/{person.pk}/upload/", {
        "file": upload(b"%PDF-" + b"0" * (1024 * 1024 + 10), "grande.pdf"), "category": "evidence"})
    assert response.status_code == 400 and "the limit is 1 MB" in response.content.decode()


def test_versions_page_new_version_and_duplicate(staff):
    person = PersonFactory()
    content = pdf_bytes("uno")
    document = make_document(owner=person, by=staff, content=content)
    client = _client(staff)
    response = client.post(f"/documents/{document.pk}/versions/", {"file": upload(PNG, "foto.png"), "note": "Foto"})
    assert response.status_code == 302
    response = client.post(f"/documents/{document.pk}/versions/", {"file": upload(content, "uno.pdf"), "note": "x"})
    assert response.status_code == 400 and "same as version 1" in response.content.decode()
    body = client.get(f"/documents/{document.pk}/").content.decode()
    assert "Download foto.png" in body and "Download acta.pdf" in body
    assert DocumentVersion.objects.filter(document=document).count() == 2


def test_download_is_an_attachment_with_the_original_name_and_is_audited(staff):
    person = PersonFactory()
    content = pdf_bytes("acta")
    document = make_document(owner=person, by=staff, content=content, name="acta de nacimiento.pdf")
    response = _client(staff).get(f"/documents/{document.pk}/v1/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "acta" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AuditEntry.objects.filter(action="document.download", object_id=str(document.pk)).exists()
    assert _client(staff).get(f"/documents/{document.pk}/v2/download/").status_code == 404


def test_a_restricted_file_is_never_cached(make_user):
    team = OfficeFactory(name="Equipo de asilo")
    case = make_case(kind="asylum_affirmative", team=team)
    user = make_user(Role.ATTORNEY, offices=[team])
    document = make_document(owner=case, by=user)
    response = _client(user).get(f"/documents/{document.pk}/v1/download/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    entry = AuditEntry.objects.filter(action="document.download").get()
    assert entry.extra["restricted"] is True and entry.actor == user


def test_withdraw_and_restore_from_the_page(staff):
    case = make_case()
    document = make_document(owner=case, by=staff, title="Subido por error")
    client = _client(staff)
    assert client.post(f"/documents/{document.pk}/withdraw/", {"reason": ""}).status_code == 400
    assert client.post(f"/documents/{document.pk}/withdraw/", {"reason": "Duplicado"}).status_code == 302
    assert "Subido por error" not in client.get(case.get_absolute_url()).content.decode()
    assert "Subido por error" in client.get(f"/documents/case/{case.pk}/").content.decode()  # withdrawn list
    client.post(f"/documents/{document.pk}/restore/")
    assert "Subido por error" in client.get(case.get_absolute_url()).content.decode()


def test_a_volunteer_may_see_a_persons_documents_but_not_upload(make_user):
    person = PersonFactory()
    volunteer = make_user(Role.VOLUNTEER)
    make_document(owner=person, by=make_user(Role.INTAKE), title="Constancia escolar")
    client = _client(volunteer)
    body = client.get(person.get_absolute_url()).content.decode()
    assert "Constancia escolar" in body and "Upload a document" not in body
    response = client.post(f"/documents/person/{person.pk}/upload/", {"file": upload(), "category": "evidence"})
    assert response.status_code == 403


def test_generate_a_letter_from_the_case_page(staff):
    case = make_case(kind="naturalization")
    client = _client(staff)
    response = client.post(f"/documents/case/{case.pk}/letter/", {"kind": "appointment"})
    assert response.status_code == 400 and "An appointment letter needs this." in response.content.decode()
    response = client.post(f"/documents/case/{case.pk}/letter/", {"kind": "document_request"})
    assert response.status_code == 302
    document = Document.objects.get(case=case, category="correspondence")
    assert document.versions.get().original_name.startswith("solicitud-de-documentos-")  # a Spanish client


def test_letter_templates_are_for_administrators_with_a_preview(admin_client, staff):
    assert _client(staff).get("/documents/letters/").status_code == 404
    assert admin_client.get("/documents/letters/").status_code == 200
    page = admin_client.get("/documents/letters/document_request/").content.decode()
    assert "{{ client.name }}" in page  # the shipped text, ready to edit
    response = admin_client.get("/documents/letters/document_request/preview/?lang=es&format=pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    html = admin_client.get("/documents/letters/document_request/preview/?lang=es").content.decode()
    assert "Solicitud de documentos faltantes" in html and "María José Hernández Quintanilla" in html
    response = admin_client.post("/documents/letters/closing/", {"body_en": "{% if %}", "body_es": "Adiós",
                                                                 "note": "prueba"})
    assert response.status_code == 400 and "template error" in response.content.decode()
    assert 'Adiós' in response.content.decode()
    response = admin_client.post("/documents/letters/closing/", {"body_en": "<p>Bye {{ client.name }}</p>",
                                                                 "body_es": "<p>Adiós {{ client.name }}</p>"})
    assert response.status_code == 302
    html = admin_client.get("/documents/letters/closing/preview/?lang=es&version=1").content.decode()
    assert "Adiós María José" in html


def test_the_panel_costs_the_same_few_queries_however_many_documents(staff, django_assert_max_num_queries):
    case = make_case(kind="naturalization")
    client = _client(staff)
    make_document(owner=case, by=staff, title="Uno")
    client.get(case.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(case.get_absolute_url())
    for n in range(8):
        make_document(owner=case, by=staff, title=f"Documento {n}")
    for item in case.checklist_items.all()[:5]:
        services.set_checklist_status(by=staff, item=item, status="reviewed")
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(case.get_absolute_url()).content.decode()
    assert "Documento 7" in body


def test_the_checklist_choice_of_the_upload_form_speaks_the_users_language(staff):
    case = make_case(kind="naturalization")
    body = _client(staff, "es").get(f"/documents/case/{case.pk}/upload/").content.decode()
    assert "Tarjeta de residente permanente (frente y reverso)</option>" in body


def test_change_a_documents_details_and_add_a_checklist_item(staff):
    case = make_case(kind="naturalization")
    document = make_document(owner=case, by=staff, title="Escaneo 001")
    client = _client(staff)
    response = client.post(f"/documents/{document.pk}/edit/", {"title": "", "category": "identity"})
    assert response.status_code == 400
    response = client.post(f"/documents/{document.pk}/edit/", {"title": "Licencia de conducir",
                                                              "category": "identity", "language": "en"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.title, document.language) == ("Licencia de conducir", "en")
    entry = AuditEntry.objects.filter(action="document.update", object_id=str(document.pk)).get()
    assert entry.changes["title"] == ["Escaneo 001", "Licencia de conducir"]
    response = client.post(f"/documents/case/{case.pk}/checklist/", {"label_en": "Letter from the employer",
                                                                     "label_es": "Carta del empleador"})
    assert response.status_code == 302
    assert "Carta del empleador" in _client(staff, "es").get(case.get_absolute_url()).content.decode()
