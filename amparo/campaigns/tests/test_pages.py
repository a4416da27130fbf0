"""The pages: the public petition (Spanish first, no account, honeypot, rate limit, counted once),
staff pages and forms with their errors, and who may see what (pages, export, API)."""

from __future__ import annotations

import pytest
from django.test import Client

from amparo.accounts.roles import Role
from amparo.campaigns import services
from amparo.campaigns.models import Signature
from amparo.campaigns.views import public_url
from amparo.core.models import AuditEntry
from amparo.core.testing import sign_in

from .factories import DAY, petition


@pytest.fixture
def organizer(make_user):
    return make_user(Role.ORGANIZER, full_name="Beatriz Villalta")


@pytest.fixture
def tps(organizer):
    p = petition(organizer, target=5000)
    services.sign(petition=p, name="Ana Rivas", phone="2135550101")
    return p


def test_the_public_page_is_spanish_first_and_counts_a_second_signature_once(db, tps):
    client = Client(enforce_csrf_checks=True)
    page = client.get(public_url(tps.pk))
    body = page.content.decode()
    assert page["Content-Language"] == "es"
    assert "Pedimos la redesignación de TPS" in body and "Firmar" in body and "Meta: 5\xa0000" in body
    token = page.cookies["csrftoken"].value
    data = {"csrfmiddlewaretoken": token, "name": "María José Hernández", "phone": "213 555 0199",
            "postcode": "90015", "may_contact": "on"}
    done = client.post(public_url(tps.pk), data)
    assert done.status_code == 302
    thanks = client.get(done["Location"]).content.decode()
    assert "Gracias" in thanks and "2 personas han firmado" in thanks
    again = client.get(client.post(public_url(tps.pk), data)["Location"]).content.decode()
    assert "Usted ya había firmado" in again and "2 personas han firmado" in again
    assert Signature.objects.get(phone="213 555 0199").may_contact


def test_the_public_page_in_english_and_its_errors(db, tps):
    client = Client()
    page = client.post(public_url(tps.pk) + "?lang=en", {"name": "", "email": "not-an-email"})
    body = page.content.decode()
    assert page.status_code == 200 and "We ask for TPS re-designation" in body
    assert "Enter a valid email address." in body
    count = client.get(public_url(tps.pk) + "count/?lang=en").content.decode()
    assert "1 person has signed" in count


def test_a_robot_filling_the_hidden_field_is_thanked_and_nothing_is_kept(db, tps):
    response = Client().post(public_url(tps.pk), {"name": "Bot", "phone": "2135550177", "website": "http://spam"})
    assert response.status_code == 302
    assert not Signature.objects.filter(name="Bot").exists()


def test_too_many_signatures_from_one_connection_are_refused(db, tps):
    client = Client()
    for i in range(10):
        client.post(public_url(tps.pk), {"name": f"Persona {i}", "phone": f"21355502{i:02}"})
    refused = client.post(public_url(tps.pk), {"name": "Una más", "phone": "2135550300"})
    assert refused.status_code == 429 and "Demasiadas firmas" in refused.content.decode()
    assert services.signature_count(tps) == 11


def test_a_closed_petition_takes_no_signature(db, organizer, tps):
    services.save_petition(by=organizer, campaign=tps.campaign, is_open=False)
    response = Client().post(public_url(tps.pk), {"name": "Tarde", "phone": "2135550400"})
    assert "Esta petición está cerrada." in response.content.decode()
    assert services.signature_count(tps) == 1


def test_organizer_sees_the_campaign_with_its_count_against_the_target(organizer, tps):
    client = sign_in(Client(), organizer)
    body = client.get(f"/campaigns/{tps.campaign_id}/").content.decode()
    assert "1 signature of 5,000" in body and "Export signatures (CSV)" in body
    assert "Ana Rivas" in client.get(f"/campaigns/petitions/{tps.pk}/signatures/").content.decode()
    csv = b"".join(client.get(f"/campaigns/petitions/{tps.pk}/signatures.csv").streaming_content).decode()
    assert "Ana Rivas" in csv and "2135550101" in csv
    assert AuditEntry.objects.filter(action="petition.export", actor=organizer).exists()


def test_forms_say_what_is_wrong(organizer):
    client = sign_in(Client(), organizer)
    body = client.post("/campaigns/new/", {"name": "", "kind": "march", "status": "planned",
                                           "starts_on": "2026-11-10", "ends_on": "2026-11-01"}).content.decode()
    assert "This field is required." in body and "The end cannot be before the start." in body
    created = client.post("/campaigns/new/", {"name": "Marcha", "kind": "march", "status": "planned",
                                              "starts_on": "2026-11-10"})
    assert created.status_code == 302
    pk = created["Location"].rstrip("/").rsplit("/", 1)[-1]
    back = client.post(f"/campaigns/{pk}/materials/", {"title": "Volante", "kind": "flyer", "language": "es"},
                       follow=True).content.decode()
    assert "Give a link or choose a file." in back
    stale = client.post(f"/campaigns/{pk}/edit/", {"name": "Marcha", "kind": "march", "status": "active",
                                                   "starts_on": "2026-11-10", "version": "7"}).content.decode()
    assert "Someone else saved this campaign" in stale


def test_spanish_staff_pages(organizer, tps):
    organizer.language = "es"
    organizer.save()
    client = sign_in(Client(), organizer)
    client.cookies["django_language"] = "es"
    body = client.get(f"/campaigns/{tps.campaign_id}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Asistencia" in body and "Exportar firmas (CSV)" in body


@pytest.mark.parametrize("role", [Role.INTAKE, Role.VOLUNTEER, Role.ATTORNEY, Role.DEVELOPMENT])
def test_without_the_campaigns_permission_nothing_is_seen(make_user, organizer, tps, role):
    target = services.save_target(by=organizer, name="Rep. CA-34", campaigns=[tps.campaign])
    org = services.save_organization(by=organizer, name="Alianza NACARA")
    client = sign_in(Client(), make_user(role))
    for url in ["/campaigns/", f"/campaigns/{tps.campaign_id}/", f"/campaigns/petitions/{tps.pk}/signatures/",
                f"/campaigns/petitions/{tps.pk}/signatures.csv", "/campaigns/organizations/",
                f"/campaigns/organizations/{org.pk}/", "/campaigns/targets/", f"/campaigns/targets/{target.pk}/",
                "/campaigns/new/"]:
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert b"Ana Rivas" not in response.content
    assert client.get("/api/v1/campaigns").json() == []
    assert client.get(f"/api/v1/campaigns/{tps.campaign_id}").status_code == 404
    assert client.get(f"/api/v1/campaigns/{tps.campaign_id}/signatures").status_code == 404
    assert client.get("/api/v1/coalitions").json() == [] and client.get("/api/v1/advocacy-targets").json() == []


def test_the_director_reads_campaigns_but_not_the_signers(make_user, tps):
    client = sign_in(Client(), make_user(Role.DIRECTOR))
    body = client.get(f"/campaigns/{tps.campaign_id}/").content.decode()
    assert "1 signature of 5,000" in body and "Export signatures" not in body
    assert client.get(f"/campaigns/petitions/{tps.pk}/signatures.csv").status_code == 404
    assert client.get(f"/api/v1/campaigns/{tps.campaign_id}/signatures").status_code == 403
    assert client.post(f"/campaigns/{tps.campaign_id}/actions/", {"on": "2026-11-02", "what": "x"}).status_code == 403


def test_the_api(organizer, tps):
    client = sign_in(Client(), organizer)
    listed = client.get("/api/v1/campaigns").json()
    assert [c["id"] for c in listed] == [tps.campaign_id]
    detail = client.get(f"/api/v1/campaigns/{tps.campaign_id}").json()
    assert detail["petition"]["signatures"] == 1 and detail["petition"]["target"] == 5000
    signatures = client.get(f"/api/v1/campaigns/{tps.campaign_id}/signatures").json()
    assert [s["name"] for s in signatures] == ["Ana Rivas"]
    bad = client.post("/api/v1/campaigns", {"name": "Marcha", "starts_on": "2026-11-10", "ends_on": "2026-11-01"},
                      content_type="application/json")
    assert bad.status_code == 422 and bad.json()["errors"]
    made = client.post("/api/v1/campaigns", {"name": "Marcha", "kind": "march", "starts_on": DAY.isoformat()},
                       content_type="application/json")
    assert made.status_code == 201 and made.json()["kind"] == "march"
    assert client.post("/api/v1/campaigns", "{not json", content_type="application/json").status_code == 400


def test_coalition_and_target_pages(organizer, tps):
    client = sign_in(Client(), organizer)
    made = client.post("/campaigns/organizations/new/", {"name": "Alianza Nacional NACARA", "kind": "alliance",
                                                          "website": "nacara.example"})
    assert made.status_code == 302
    org_url = made["Location"]
    page = client.post(org_url + "contacts/", {"name": "Ana Gladys Rivas", "role": "Coordinadora",
                                               "email": "no"}, follow=True).content.decode()
    assert "Enter a valid email address." in page
    page = client.post(org_url + "contacts/", {"name": "Ana Gladys Rivas", "role": "Coordinadora"},
                       follow=True).content.decode()
    assert "The contact was added." in page and "Coordinadora" in page
    again = client.post("/campaigns/organizations/new/", {"name": "Alianza Nacional NACARA", "kind": "alliance"})
    assert "already exists" in again.content.decode()
    made = client.post("/campaigns/targets/new/", {"name": "Rep. CA-34", "kind": "legislator", "position": "support",
                                                    "campaigns": [tps.campaign_id]})
    target_url = made["Location"]
    page = client.post(target_url + "meetings/", {"on": "2026-11-20", "attendees": "Comité de familias",
                                                  "outcome": "Firmará la carta"}, follow=True).content.decode()
    assert "The meeting was recorded." in page and "Firmará la carta" in page and "Support" in page
    detail = client.get(f"/campaigns/{tps.campaign_id}/").content.decode()
    assert "Rep. CA-34" in detail
