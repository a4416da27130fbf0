"""Pages, API and exports: every role against every access level, public pages, audited views."""

from __future__ import annotations

import pytest
from django.test import Client

from amparo.accounts.roles import CAPABILITIES, Role
from amparo.archive import services
from amparo.archive.models import ActType, SourceType
from amparo.archive.tests.factories import EventFactory
from amparo.core.models import AuditEntry, TaskProgress
from amparo.core.testing import Channels, assert_channels, sign_in


def _export(client: Client) -> bytes:
    response = client.get("/archive/export/", {"kind": "sources", "format": "csv"})
    if response.status_code != 200:
        return b""
    return b"".join(response.streaming_content)


def _source(marker: str, access: str):
    return services.source_save(by=None, data={
        "identifier": f"ID-{marker}", "source_type": SourceType.objects.get(code="testimony"),
        "title": f"Testimonio {marker}", "date": "1982-05", "language": "es", "access": access,
        "text": "Declaración sobre el operativo en Tenancingo."})


def _channels(source, marker: str) -> Channels:
    return Channels(
        list_url="/archive/?q=operativo+Tenancingo", detail_url=f"/archive/sources/{source.pk}/",
        search=("/search/", "operativo"), export=_export,
        api_list_url="/api/v1/archive/sources", api_detail_url=f"/api/v1/archive/sources/{source.pk}",
        extra={"api_search": "/api/v1/archive/search?q=tenancingo", "chronology": "/archive/chronology/"},
    )


@pytest.mark.parametrize("role", list(Role))
def test_restricted_sources_reach_only_those_with_archive_restricted(db, make_user, role):
    marker = "zqxrestricted"
    source = _source(marker, "restricted")
    user = make_user(role)
    visible = role in CAPABILITIES["archive.restricted"]
    assert_channels(Client(), user, marker, visible=visible, channels=_channels(source, marker))
    if visible:
        assert AuditEntry.objects.filter(action="restricted.view", object_id=str(source.pk), actor=user).exists()


@pytest.mark.parametrize("role", list(Role))
def test_staff_sources_reach_every_role(db, make_user, role):
    marker = "zqxstaff"
    source = _source(marker, "staff")
    assert_channels(Client(), make_user(role), marker, visible=True, channels=_channels(source, marker))


@pytest.mark.parametrize("access", ["staff", "restricted"])
def test_public_pages_and_oai_never_show_unpublished_records(client, db, access):
    marker = f"zqx{access}"
    source = _source(marker, access)
    for url in ("/public/archive/?q=operativo", "/public/archive/chronology/",
                "/oai?verb=ListRecords&metadataPrefix=oai_dc"):
        assert marker not in client.get(url).content.decode()
    response = client.get(f"/public/archive/sources/{source.pk}/")
    assert response.status_code == 404 and marker not in response.content.decode()


def test_public_pages_withhold_victims_names(client, db):
    source = _source("zqxpublic", "public")
    services.source_save(by=None, source=source, data={"text": "Capturaron a Juan José Cañas en Perquín."})
    victim = services.actor_save(by=None, data={"kind": "person", "name": "Juan José Cañas", "access": "staff"})
    event = EventFactory(title="Captura en Perquín")
    services.event_save(by=None, event=event, data={"description": "Juan José Cañas fue detenido."},
                        sources=[source])
    services.act_save(by=None, data={"event": event, "act_type": ActType.objects.get(code="arbitrary-detention"),
                                     "victim": victim, "date": "1982-05", "access": "public", "source": source})
    for url in (f"/public/archive/sources/{source.pk}/", f"/public/archive/events/{event.pk}/",
                "/public/archive/?q=Perquín", "/oai?verb=ListRecords&metadataPrefix=oai_dc"):
        body = client.get(url).content.decode()
        assert "Cañas" not in body and "Canas" not in body, url
        assert "Perquín" in body, url
    assert "Name withheld" in client.get(f"/public/archive/events/{event.pk}/").content.decode()


def test_anonymous_visitors_are_sent_to_sign_in_for_staff_pages(client, db):
    response = client.get("/archive/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_search_page_facets_and_htmx_partial(db, make_user):
    _source("zqxfacet", "staff")
    client = sign_in(Client(), make_user(Role.INTAKE))
    page = client.get("/archive/", {"q": "tenancingo"}).content.decode()
    assert "1 record found" in page and "Refine" in page and "<mark>Tenancingo</mark>" in page
    partial = client.get("/archive/", {"q": "tenancingo"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and 'id="results"' in partial
    bad = client.get("/archive/", {"q": "x", "date_from": "1990-01-01", "date_to": "1980-01-01"}).content.decode()
    assert "The end date is before the start date." in bad


def test_pages_in_spanish(db, make_user):
    _source("zqxes", "staff")
    user = make_user(Role.ARCHIVIST, language="es")
    client = sign_in(Client(), user)
    page = client.get("/archive/", {"q": "operativo"}).content.decode()
    assert "Buscar en el archivo" in page and "1 registro encontrado" in page
    assert "Testimonio" in client.get("/archive/vocabularies/").content.decode()


def test_archivists_add_terms_others_only_read_them(db, make_user):
    archivist = sign_in(Client(), make_user(Role.ARCHIVIST))
    response = archivist.post("/archive/vocabularies/", {"vocabulary": "act_type", "code": "forced-labor",
                                                         "name_en": "Forced labor", "name_es": "Trabajo forzoso"})
    assert response.status_code == 302
    assert ActType.objects.filter(code="forced-labor", name_es="Trabajo forzoso").exists()
    volunteer = sign_in(Client(), make_user(Role.VOLUNTEER))
    assert "Add a term" not in volunteer.get("/archive/vocabularies/").content.decode()
    response = volunteer.post("/archive/vocabularies/", {"vocabulary": "act_type", "code": "x", "name_en": "x",
                                                         "name_es": "x"})
    assert response.status_code == 404


def test_csv_import_runs_as_a_task_with_an_error_report(db, make_user, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    user = make_user(Role.ARCHIVIST)
    client = sign_in(Client(), user)
    upload = SimpleUploadedFile("actors.csv", "kind,name\nunit,Batallón Bracamonte\nperson,\n".encode(),
                                content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/archive/import/", {"kind": "actors", "file": upload})
    progress = TaskProgress.objects.get(owner=user)
    assert response["Location"] == f"/tasks/{progress.pk}/"
    assert progress.status == TaskProgress.Status.SUCCEEDED
    assert progress.message == "1 saved, 1 rejected"
    download = client.get(f"/tasks/{progress.pk}/download/")
    assert b"3," in b"".join(download.streaming_content)
    assert sign_in(Client(), make_user(Role.VOLUNTEER)).get("/archive/import/").status_code == 404


def test_exports_in_json(db, make_user):
    _source("zqxjson", "staff")
    client = sign_in(Client(), make_user(Role.ATTORNEY))
    response = client.get("/archive/export/", {"kind": "sources", "format": "json"})
    import json

    data = json.loads(b"".join(response.streaming_content))
    assert data[0]["identifier"] == "ID-zqxjson"
    assert client.get("/archive/export/", {"kind": "passwords"}).status_code == 404


def test_report_page_in_both_languages(accountability, make_user):
    client = sign_in(Client(), make_user(Role.VOLUNTEER))
    url = f"/archive/actors/{accountability['unit'].pk}/accountability/"
    page = client.get(url).content.decode()
    assert "Accountability report: Batallón Atlácatl" in page
    assert "possibly during the tenure" in page and "during the tenure" in page
    client = sign_in(Client(), make_user(Role.VOLUNTEER, language="es"))
    page = client.get(url).content.decode()
    assert "Informe de responsabilidad: Batallón Atlácatl" in page
    assert "marzo de 1981" in page


def test_public_report_and_chronology(client, accountability):
    page = client.get(f"/public/archive/actors/{accountability['unit'].pk}/accountability/").content.decode()
    assert "Domingo Monterrosa" in page and "Rufina" not in page
    page = client.get("/public/archive/chronology/").content.decode()
    assert "Masacre en Morazán" in page and "<svg" in page
    filtered = client.get("/public/archive/chronology/", {"act_type": "massacre", "date_from": "1981-01-01"})
    assert "Masacre en Morazán" in filtered.content.decode()
    empty = client.get("/public/archive/chronology/", {"date_to": "1970-01-01"}).content.decode()
    assert "Nothing recorded for these dates." in empty


def test_archivists_publish_and_restrict_from_the_record_page(db, make_user):
    source = _source("zqxpublish", "staff")
    archivist = sign_in(Client(), make_user(Role.ARCHIVIST))
    page = archivist.get(f"/archive/sources/{source.pk}/").content.decode()
    assert "Who may see this record" in page
    response = archivist.post(f"/archive/source/{source.pk}/access/", {"access": "public"})
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.access == "public"
    volunteer = sign_in(Client(), make_user(Role.VOLUNTEER))
    assert "Who may see this record" not in volunteer.get(f"/archive/sources/{source.pk}/").content.decode()
    assert volunteer.post(f"/archive/source/{source.pk}/access/", {"access": "restricted"}).status_code == 403
    assert archivist.post(f"/archive/source/{source.pk}/access/", {"access": "secret"}).status_code == 302
    source.refresh_from_db()
    assert source.access == "public"
