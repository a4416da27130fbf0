"""Pages of filing: form templates for administrators; fill and packet for who may change the case."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.test import Client, TestCase
from pypdf import PdfReader

from amparo.accounts.roles import Role
from amparo.core.models import AuditEntry
from amparo.core.testing import sign_in
from amparo.documents.filing import services
from amparo.documents.filing.models import FieldMapping, FilingPacket, FilledForm, FormTemplate
from amparo.documents.models import Document

from .filing_factories import client_case, evidence, form_version, pdf_upload
from .pdf_fixtures import encrypted, plain_pdf, xfa_only_form

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.ATTORNEY, Role.PARALEGAL, Role.INTAKE, Role.VOLUNTEER])
def test_form_templates_are_for_administrators_only(make_user, role):
    version = form_version()
    client = sign_in(Client(), make_user(role))
    for url in ("/documents/filing/forms/", f"/documents/filing/forms/{version.template_id}/",
                f"/documents/filing/forms/{version.template_id}/v1/preview.pdf",
                f"/documents/filing/forms/{version.template_id}/v1/blank.pdf"):
        assert client.get(url).status_code == 404, url
    assert client.post("/documents/filing/forms/", {"form_number": "I-1"}).status_code == 404


def test_an_administrator_uploads_a_form_and_sees_its_fields(admin_client):
    response = admin_client.post("/documents/filing/forms/", {
        "file": pdf_upload(), "form_number": "i-589", "name": "Application for Asylum",
        "edition_date": "2025-01-20"}, follow=True)
    assert response.status_code == 200
    template = FormTemplate.objects.get()
    assert template.form_number == "I-589"
    page = response.content.decode()
    assert "Version 1 of I-589 is saved with 10 fields" in page
    for expected in ("family_name", "applicant.given_name", "“A-Number”", "at most 9 characters", "radio buttons",
                     "<code>SV</code> = El Salvador", "text, several lines"):
        assert expected in page, expected


@pytest.mark.parametrize(("data", "message"), [
    (xfa_only_form(), "XFA"), (encrypted(plain_pdf(["x"])), "protected with a password"),
    (b"%PDF-1.7\n" + b"\x00garbage" * 200, "damaged"), (plain_pdf(["no fields"]), "no fillable fields"),
    (b"GIF89a not a pdf", "not a PDF"),
])
def test_unusable_uploads_get_the_clear_message_and_nothing_is_saved(admin_client, data, message):
    response = admin_client.post("/documents/filing/forms/", {
        "file": pdf_upload(data), "form_number": "I-589", "name": "Asylum", "edition_date": "2025-01-20"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FormTemplate.objects.exists()


def _mapping_post(version, **rows):
    data = {"version": version.number}
    for index, info in enumerate(version.fields):
        row = rows.get(info["name"], {})
        data[f"source_{index}"] = row.get("source", "")
        data[f"transform_{index}"] = row.get("transform", "")
        data[f"constant_{index}"] = row.get("constant", "")
    return data


def test_the_mapping_is_saved_checked_and_previewed(admin_client):
    version = form_version(mapped=False)
    url = f"/documents/filing/forms/{version.template_id}/"
    bad = admin_client.post(url, _mapping_post(version, gender={"source": "constant", "constant": "Woman"},
                                               family_name={"source": "client.family_name", "transform": "upper"}))
    assert "“Woman” is not one of the choices of this field: M, F, X." in bad.content.decode()
    assert not FieldMapping.objects.exists()
    good = admin_client.post(url, _mapping_post(version, gender={"source": "constant", "constant": "F"},
                                                family_name={"source": "client.family_name", "transform": "upper"}),
                             follow=True)
    assert "The mapping is saved." in good.content.decode()
    assert "fills the form without problems" in good.content.decode()
    assert set(FieldMapping.objects.values_list("field_name", flat=True)) == {"gender", "family_name"}
    preview = admin_client.get(f"/documents/filing/forms/{version.template_id}/v1/preview.pdf")
    assert preview["Content-Type"] == "application/pdf"
    fields = PdfReader(io.BytesIO(preview.content)).get_fields()
    assert fields["family_name"]["/V"] == "NÚÑEZ DE LA PEÑA" and fields["gender"]["/V"] == "/F"


def test_a_mapping_that_fails_with_the_sample_data_is_shown_before_anyone_fills_it(admin_client):
    version = form_version(mapped=False)
    FieldMapping.objects.create(version=version, field_name="country", source="client.nationalities")
    page = admin_client.get(f"/documents/filing/forms/{version.template_id}/").content.decode()
    assert "With the sample data, these values cannot go into the form" in page
    assert "“Salvadoran” is not one of the choices" in page


def test_staff_who_may_change_the_case_fill_a_form(make_user):
    version = form_version()
    case = client_case()
    client = sign_in(Client(), case.opened_by)
    assert "Fill a form" in client.get(f"/cases/{case.pk}/").content.decode()
    page = client.get(f"/documents/filing/case/{case.pk}/fill/").content.decode()
    assert "I-TEST — Application for Testing (01/20/2025)" in page
    response = client.post(f"/documents/filing/case/{case.pk}/fill/", {"version": version.pk, "flatten": "on"},
                           follow=True)
    filled = FilledForm.objects.get()
    assert filled.case == case and filled.flattened
    page = response.content.decode()
    assert "is saved in the documents of the case" in page and filled.document.title in page
    # The panel links the filled form to the documents app's one download path.
    url = f"/documents/{filled.document_id}/v1/download/"
    assert f'href="{url}"' in page
    download = client.get(url)
    assert download["Content-Type"] == "application/pdf" and download["X-Content-Type-Options"] == "nosniff"
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == filled.document.versions.get().sha256
    assert AuditEntry.objects.filter(action="document.download", actor=case.opened_by,
                                     object_id=str(filled.document_id)).exists()
    # The filled form is an ordinary document of the case: listed on the case's documents page.
    assert filled.document.title in client.get(f"/documents/case/{case.pk}/").content.decode()


def test_problems_are_listed_field_by_field_and_nothing_is_saved(make_user):
    version = form_version()
    case = client_case()
    case.client.a_number = "12"
    case.client.nationalities = "Salvadoran"
    case.client.save()
    FieldMapping.objects.create(version=version, field_name="country", source="client.nationalities")
    client = sign_in(Client(), case.opened_by)
    page = client.post(f"/documents/filing/case/{case.pk}/fill/", {"version": version.pk}).content.decode()
    assert "The form was not filled" in page
    assert "“A-Number” — a_number: “12” is not an A-number" in page
    assert "“Country of birth” — country: “Salvadoran” is not one of the choices (SV, GT, HN, MX)" in page
    assert not Document.objects.exists()


@pytest.mark.parametrize("role", [Role.INTAKE, Role.VOLUNTEER])
def test_who_may_not_change_the_case_cannot_fill_or_build(make_user, role):
    version = form_version()
    case = client_case()
    client = sign_in(Client(), make_user(role, offices=[case.office]))
    expected = 403 if role == Role.INTAKE else 404  # intake sees cases; volunteers do not
    assert client.get(f"/documents/filing/case/{case.pk}/fill/").status_code == expected
    assert client.post(f"/documents/filing/case/{case.pk}/fill/", {"version": version.pk}).status_code == expected
    assert client.get(f"/documents/filing/case/{case.pk}/packet/").status_code == expected
    assert not Document.objects.exists()


def test_outsiders_get_404_for_a_restricted_case(make_user):
    version = form_version()
    case = client_case(restricted=True)
    outsider = make_user(Role.ATTORNEY)
    client = sign_in(Client(), outsider)
    assert client.get(f"/documents/filing/case/{case.pk}/fill/").status_code == 404
    assert client.post(f"/documents/filing/case/{case.pk}/fill/", {"version": version.pk}).status_code == 404
    assert client.get(f"/documents/filing/case/{case.pk}/packet/").status_code == 404


def test_a_packet_is_chosen_on_the_case_and_built(make_user):
    case = client_case()
    filled = services.fill_for_case(by=case.opened_by, case=case, version=form_version())
    cover = evidence(case, "Cover letter to USCIS")
    birth = evidence(case, "Birth certificate", pages=2)
    photo = evidence(case, "Photo of the house", kind="jpeg")
    client = sign_in(Client(), case.opened_by)
    page = client.get(f"/documents/filing/case/{case.pk}/packet/").content.decode()
    assert "Birth certificate" in page and "Photo of the house" in page
    # a filled form is offered as a form of the packet; evidence is left out until chosen
    assert '<option value="form" selected>' in page.split(f'name="role_{filled.document_id}"')[1].split("</select>")[0]
    assert 'value="" selected' in page.split(f'name="role_{birth.pk}"')[1].split("</select>")[0]
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(f"/documents/filing/case/{case.pk}/packet/", {
            "title": "I-589 filing", "language": "es",
            f"role_{cover.pk}": "cover", f"order_{cover.pk}": "1", f"title_{cover.pk}": cover.title,
            f"role_{birth.pk}": "exhibit", f"order_{birth.pk}": "2", f"title_{birth.pk}": "Acta de nacimiento",
            f"role_{photo.pk}": "exhibit", f"order_{photo.pk}": "1", f"title_{photo.pk}": "Foto de la casa",
        })
    packet = FilingPacket.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/documents/filing/packets/{packet.pk}/"
    assert [i["title"] for i in packet.items] == ["Cover letter to USCIS", "Foto de la casa", "Acta de nacimiento"]
    page = client.get(response["Location"]).content.decode()
    assert "Download the packet (PDF)" in page
    assert "I-589 filing" in client.get(f"/cases/{case.pk}/").content.decode()


def test_a_packet_needs_at_least_one_document(make_user):
    case = client_case()
    evidence(case, "Birth certificate")
    client = sign_in(Client(), case.opened_by)
    page = client.post(f"/documents/filing/case/{case.pk}/packet/", {"title": "x", "language": "en"})
    assert "Choose at least one document for the packet." in page.content.decode()
    assert not FilingPacket.objects.exists()


def test_a_template_taken_out_of_filling_is_not_offered_nor_accepted(admin_client):
    version = form_version()
    case = client_case()
    admin_client.post(f"/documents/filing/forms/{version.template_id}/active/", {"active": "0"})
    assert not FormTemplate.objects.get().is_active
    client = sign_in(Client(), case.opened_by)
    page = client.get(f"/documents/filing/case/{case.pk}/fill/").content.decode()
    assert "No form is ready to fill yet" in page
    refused = client.post(f"/documents/filing/case/{case.pk}/fill/", {"version": version.pk})
    assert "No form is ready to fill yet" in refused.content.decode() and not FilledForm.objects.exists()


def test_older_versions_stay_listed_and_say_so(admin_client):
    version = form_version()
    admin_client.post("/documents/filing/forms/", {"file": pdf_upload(), "form_number": "I-TEST",
                                                   "name": "Application for Testing", "edition_date": "2026-04-01"})
    page = admin_client.get(f"/documents/filing/forms/{version.template_id}/").content.decode()
    assert "Version 2, edition 04/01/2026" in page and "Version 1, edition 01/20/2025" in page
    assert "This is an older version" not in page
    old = admin_client.get(f"/documents/filing/forms/{version.template_id}/?version=1").content.decode()
    assert "This is an older version" in old


def test_the_packet_page_polls_until_the_packet_is_ready(make_user):
    case = client_case()
    document = evidence(case, "Birth certificate")
    packet = FilingPacket.objects.create(case=case, title="Waiting", created_by=case.opened_by,
                                         items=[{"role": "exhibit", "document": document.pk,
                                                 "version": document.versions.get().pk, "title": "Birth"}])
    client = sign_in(Client(), case.opened_by)
    waiting = client.get(f"/documents/filing/packets/{packet.pk}/", headers={"HX-Request": "true"})
    body = waiting.content.decode()
    assert 'hx-trigger="every 2s"' in body and "<html" not in body and "HX-Refresh" not in waiting
    FilingPacket.objects.filter(pk=packet.pk).update(status=FilingPacket.Status.FAILED)
    done = client.get(f"/documents/filing/packets/{packet.pk}/", headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true" and "every 2s" not in done.content.decode()
