"""The documents API: list, metadata, download and multipart upload, through the same gate."""

import pytest
from django.test import Client

from amparo.accounts.roles import Role
from amparo.accounts.services import create_api_token
from amparo.accounts.tests.factories import OfficeFactory
from amparo.documents.models import Document
from amparo.legal.tests.factories import make_case
from amparo.people.tests.factories import PersonFactory

from .factories import EXE, make_document, pdf_bytes, upload

pytestmark = pytest.mark.django_db


def _api(user):
    _, token = create_api_token(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_list_metadata_and_download(make_user):
    user = make_user(Role.PARALEGAL)
    case = make_case()
    content = pdf_bytes("notice")
    document = make_document(owner=case, by=user, title="I-797C", content=content, category="uscis_notice")
    client = _api(user)
    listing = client.get(f"/api/v1/documents/cases/{case.pk}").json()
    assert [d["title"] for d in listing] == ["I-797C"]
    meta = client.get(f"/api/v1/documents/{document.pk}").json()
    assert meta["category"] == "uscis_notice" and meta["case_id"] == case.pk and meta["person_id"] is None
    version = meta["versions"][0]
    assert version["number"] == 1 and version["kind"] == "pdf" and len(version["sha256"]) == 64
    response = client.get(version["download_url"])
    assert response.status_code == 200 and b"".join(response.streaming_content) == content
    assert response["Content-Disposition"].startswith("attachment")


def test_multipart_upload_to_a_case_and_a_person_and_a_new_version(make_user):
    user = make_user(Role.ATTORNEY)
    case, person = make_case(), PersonFactory()
    client = _api(user)
    response = client.post(f"/api/v1/documents/cases/{case.pk}",
                           {"file": upload(pdf_bytes("a"), "acta.pdf"), "title": "Acta", "category": "identity",
                            "language": "es"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["document"]["title"] == "Acta" and body["same_file_in"] == []
    response = client.post(f"/api/v1/documents/people/{person.pk}", {"file": upload(pdf_bytes("b"), "b.pdf")})
    assert response.status_code == 201 and response.json()["document"]["person_id"] == person.pk
    doc_id = body["document"]["id"]
    response = client.post(f"/api/v1/documents/{doc_id}/versions", {"file": upload(pdf_bytes("c"), "c.pdf")})
    assert response.status_code == 201 and response.json()["number"] == 2


def test_bad_uploads_answer_422_with_the_reason(make_user):
    user = make_user(Role.ATTORNEY)
    case = make_case()
    client = _api(user)
    response = client.post(f"/api/v1/documents/cases/{case.pk}", {"file": upload(EXE, "acta.pdf")})
    assert response.status_code == 422 and "not one of the accepted types" in response.json()["detail"]
    response = client.post(f"/api/v1/documents/cases/{case.pk}", {"file": upload(b"", "vacio.pdf")})
    assert response.status_code == 422 and "empty" in response.json()["detail"]
    response = client.post(f"/api/v1/documents/cases/{case.pk}", {"file": upload(), "category": "nonsense"})
    assert response.status_code == 422
    assert not Document.objects.exists()


def test_no_access_without_the_right_to_change_or_see(make_user):
    team = OfficeFactory(name="Equipo de asilo")
    case = make_case(kind="asylum_affirmative", team=team)
    outsider = make_user(Role.ATTORNEY, offices=[OfficeFactory(name="Oficina de Pomona")])
    assert _api(outsider).post(f"/api/v1/documents/cases/{case.pk}", {"file": upload()}).status_code == 404
    volunteer = make_user(Role.VOLUNTEER)
    person = PersonFactory()
    assert _api(volunteer).get(f"/api/v1/documents/people/{person.pk}").status_code == 200
    assert _api(volunteer).post(f"/api/v1/documents/people/{person.pk}", {"file": upload()}).status_code == 403
