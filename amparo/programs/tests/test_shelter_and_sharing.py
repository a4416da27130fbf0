"""House rules and incidents in the shelter, and visit notes shared with legal staff by the
client's consent: what each user sees, through every channel, and what is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import OfficeFactory, UserFactory
from amparo.core.models import AuditEntry
from amparo.core.testing import Channels, assert_channels, sign_in
from amparo.legal import services as legal_services
from amparo.legal.tests.factories import make_case
from amparo.programs import services
from amparo.programs.models import Incident, Program, RulesAcknowledgement, SharingConsent, Site

from .factories import DAY, at, bed, clinician, person

pytestmark = pytest.mark.django_db

RULES_ES = "Silencio después de las 22:00."
RULES_EN = "Quiet after 10 pm."


def _rules(by, effective_from=dt.date(2026, 1, 1), site="El Refugio"):
    return services.publish_rules(site=Site.objects.get_or_create(name=site)[0], effective_from=effective_from,
                                  text_en=RULES_EN, text_es=RULES_ES, by=by)


# --- House rules ------------------------------------------------------------------------------------

def test_rules_are_versioned_by_date_and_acknowledged_at_admission():
    worker = UserFactory(role=Role.HOUSING)
    free = bed("A")
    first = _rules(worker)
    later = services.publish_rules(site=first.site, effective_from=DAY + dt.timedelta(days=10), text_en="New",
                                   text_es="Nuevas", by=worker)
    assert services.rules_in_force(first.site, DAY) == first
    assert services.rules_in_force(first.site, DAY + dt.timedelta(days=10)) == later
    with pytest.raises(ValidationError) as refused:
        services.publish_rules(site=first.site, effective_from=first.effective_from, text_en="x", text_es="y",
                               by=worker)
    assert "effective_from" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.admit(person=person(), bed=free, entry_date=DAY, by=worker)
    assert "rules_acknowledged" in refused.value.message_dict
    stay = services.admit(person=person(preferred_language="es"), bed=free, entry_date=DAY, by=worker,
                          rules_acknowledged=True)
    ack = RulesAcknowledgement.objects.get(stay=stay)
    assert (ack.rules, ack.acknowledged_on, ack.language) == (first, DAY, "es")
    assert AuditEntry.objects.filter(action="house_rules.acknowledge", object_id=str(ack.pk)).exists()
    assert AuditEntry.objects.filter(action="house_rules.publish").count() == 2


def test_admission_page_shows_the_rules_in_spanish_and_records_the_acknowledgement():
    worker = UserFactory(role=Role.HOUSING, language="es")
    free, resident = bed("A"), person(given_names="Reina")
    _rules(worker)
    web = sign_in(Client(), worker)
    url = f"/programs/clients/{resident.pk}/admit/?day={DAY.isoformat()}"
    page = web.get(url).content.decode()
    assert RULES_ES in page and RULES_EN in page and "Normas de la casa" in page
    refused = web.post(url, {"bed": free.pk, "entry_date": DAY.isoformat()}).content.decode()
    assert "debe aceptar las normas de la casa" in refused
    assert web.post(url, {"bed": free.pk, "entry_date": DAY.isoformat(), "rules_acknowledged": "on",
                          "rules_language": "es"}).status_code == 302
    stay = resident.stays.get()
    stay_page = web.get(f"/programs/housing/stays/{stay.pk}/").content.decode()
    assert "Normas vigentes desde" in stay_page and "Reina" in stay_page


def test_a_new_version_is_published_through_the_page_only_by_housing_staff():
    worker, director = UserFactory(role=Role.HOUSING), UserFactory(role=Role.DIRECTOR)
    site = bed("A").room.site
    data = {"effective_from": DAY.isoformat(), "text_en": RULES_EN, "text_es": RULES_ES}
    assert sign_in(Client(), director).post(f"/programs/housing/sites/{site.pk}/rules/", data).status_code == 403
    assert sign_in(Client(), worker).post(f"/programs/housing/sites/{site.pk}/rules/", data).status_code == 302
    page = sign_in(Client(), director).get(f"/programs/housing/sites/{site.pk}/rules/").content.decode()
    assert RULES_ES in page and RULES_EN in page
    assert sign_in(Client(), UserFactory(role=Role.ATTORNEY)).get(
        f"/programs/housing/sites/{site.pk}/rules/").status_code == 404


# --- Incidents --------------------------------------------------------------------------------------

INCIDENT = "Kwazulmpt argued over the kitchen"


def _incident(worker):
    a, b = bed("A"), bed("B")
    one = services.admit(person=person(given_names="Lucía"), bed=a, entry_date=DAY, by=worker)
    two = services.admit(person=person(given_names="Marta"), bed=b, entry_date=DAY, by=worker)
    incident = services.record_incident(
        site=a.room.site, occurred_at=at(21, 30), kind=Incident.Kind.CONFLICT, stays=[one, two],
        description=INCIDENT, action_taken="Talked with both", staff=worker, by=worker,
        follow_up="House meeting", follow_up_by=DAY + dt.timedelta(days=2))
    return incident, one, two


def test_an_incident_is_recorded_through_the_page_and_listed_on_the_stay_and_the_site():
    worker = UserFactory(role=Role.HOUSING)
    a = bed("A")
    stay = services.admit(person=person(given_names="Lucía"), bed=a, entry_date=timezone.localdate(), by=worker)
    web = sign_in(Client(), worker)
    url = f"/programs/housing/sites/{a.room.site_id}/incidents/"
    assert "Lucía" in web.get(url).content.decode()  # residents tonight can be ticked
    response = web.post(url, {"day": DAY.isoformat(), "time": "21:30", "kind": "conflict", "stays": [stay.pk],
                              "description": INCIDENT, "action_taken": "Talked", "staff": worker.pk,
                              "follow_up": "House meeting", "follow_up_by": (DAY + dt.timedelta(days=2)).isoformat()})
    incident = Incident.objects.get()
    assert response.status_code == 302 and list(incident.stays.all()) == [stay]
    assert INCIDENT in web.get(url).content.decode()
    assert "Conflict between residents" in web.get(f"/programs/housing/stays/{stay.pk}/").content.decode()
    assert web.post(f"/programs/housing/incidents/{incident.pk}/").status_code == 302
    incident.refresh_from_db()
    assert incident.followed_up_at is not None
    actions = set(AuditEntry.objects.filter(object_id=str(incident.pk)).values_list("action", flat=True))
    assert {"incident.record", "incident.follow_up", "restricted.view"} <= actions


def test_residents_of_another_site_cannot_be_named_in_an_incident():
    worker = UserFactory(role=Role.HOUSING)
    here, elsewhere = bed("A"), bed("B", site="Casa Romero")
    stay = services.admit(person=person(), bed=elsewhere, entry_date=DAY, by=worker)
    with pytest.raises(ValidationError):
        services.record_incident(site=here.room.site, occurred_at=at(9), kind="other", description="x",
                                 staff=worker, by=worker, stays=[stay])


@pytest.mark.parametrize(("role", "visible"), [
    (Role.HOUSING, True), (Role.ADMINISTRATOR, True), (Role.DIRECTOR, False), (Role.CLINICIAN, False),
    (Role.ATTORNEY, False), (Role.CASE_MANAGER, False), (Role.INTAKE, False), (Role.VOLUNTEER, False),
])
def test_incidents_reach_only_housing_staff(role, visible):
    incident, one, _two = _incident(UserFactory(role=Role.HOUSING))
    channels = Channels(list_url=f"/programs/housing/sites/{incident.site_id}/incidents/",
                        detail_url=f"/programs/housing/incidents/{incident.pk}/",
                        extra={"stay": f"/programs/housing/stays/{one.pk}/"})
    assert_channels(Client(), UserFactory(role=role), "Kwazulmpt", visible=visible, channels=channels)


# --- Visit notes shared with legal staff by consent -----------------------------------------------

NOTE = "Zyxwvut sleeps badly since the hearing"
LONG_AGO = dt.date(2021, 1, 1)  # consents in these tests began long ago: in force whatever today is


def _shared_channels(client_person, note):
    def export(client):
        response = client.get("/programs/clinic/notes/export.csv")
        return b"".join(response.streaming_content) if response.status_code == 200 else b""

    return Channels(list_url="/programs/clinic/notes/", search=("/search/", "sleeps badly"), export=export,
                    api_list_url="/api/v1/visit-notes", api_detail_url=f"/api/v1/visit-notes/{note.pk}",
                    extra={"client": f"/programs/clients/{client_person.pk}/"})


def _setup():
    office, team = OfficeFactory(name="Oficina central"), OfficeFactory(name="Equipo de defensa")
    attorney = UserFactory(role=Role.ATTORNEY, offices=[office, team])
    paralegal = UserFactory(role=Role.PARALEGAL, offices=[office])
    colleague = UserFactory(role=Role.ATTORNEY, offices=[office, team])  # on the case's team
    outsider = UserFactory(role=Role.ATTORNEY, offices=[office])  # same office, not on the case
    counsellor = clinician(programs=(Program.MENTAL_HEALTH,))
    client_person = person()
    case = make_case(client=client_person, office=office, team=team, responsible=attorney, paralegal=paralegal,
                     by=attorney)
    note = services.add_note(person=client_person, program=Program.MENTAL_HEALTH, text=NOTE, by=counsellor)
    return {"attorney": attorney, "paralegal": paralegal, "colleague": colleague, "outsider": outsider,
            "counsellor": counsellor, "person": client_person, "case": case, "note": note}


@pytest.mark.parametrize(("state", "who", "visible"), [
    ("none", "attorney", False),
    ("team", "attorney", True),
    ("team", "paralegal", True),
    ("team", "colleague", True),
    ("team", "outsider", False),
    ("attorney_only", "attorney", True),
    ("attorney_only", "paralegal", False),
    ("other_scope", "attorney", False),
    ("revoked", "attorney", False),
    ("ended", "attorney", False),
    ("not_yet", "attorney", False),
    ("case_closed", "attorney", False),
])
def test_shared_notes_reach_the_clients_legal_team_only_while_consent_is_in_force(state, who, visible):
    s = _setup()
    by = s["counsellor"]
    audience = SharingConsent.Audience.ATTORNEY if state == "attorney_only" else SharingConsent.Audience.LEGAL_TEAM
    scope = SharingConsent.Scope.CLINIC if state == "other_scope" else SharingConsent.Scope.MENTAL_HEALTH
    if state == "other_scope":
        by = clinician(programs=(Program.CLINIC,))
    if state != "none":
        starts = dt.date(2200, 1, 1) if state == "not_yet" else LONG_AGO
        ends = LONG_AGO + dt.timedelta(days=30) if state == "ended" else None
        consent = services.record_consent(person=s["person"], audience=audience, scope=scope, starts_on=starts,
                                          ends_on=ends, by=by)
        if state == "revoked":
            services.revoke_consent(consent=consent, by=s["counsellor"])
    if state == "case_closed":
        services.record_consent(person=s["person"], audience=SharingConsent.Audience.LEGAL_TEAM,
                                scope=SharingConsent.Scope.ALL, starts_on=LONG_AGO,
                                by=clinician(programs=(Program.MENTAL_HEALTH, Program.CLINIC)))
        s["case"].closed_at = timezone.now()
        s["case"].save(update_fields=["closed_at"])
    assert_channels(Client(), s[who], "Zyxwvut", visible=visible, channels=_shared_channels(s["person"], s["note"]))


def test_shared_notes_are_read_only_and_every_read_is_audited():
    s = _setup()
    consent = services.record_consent(person=s["person"], audience=SharingConsent.Audience.LEGAL_TEAM,
                                      scope=SharingConsent.Scope.ALL, starts_on=LONG_AGO,
                                      by=clinician(programs=(Program.MENTAL_HEALTH, Program.CLINIC)))
    assert AuditEntry.objects.filter(action="sharing_consent.record", object_id=str(consent.pk)).exists()
    web = sign_in(Client(), s["attorney"])
    assert NOTE in web.get(f"/programs/clients/{s['person'].pk}/").content.decode()
    assert NOTE in web.get("/programs/clinic/notes/").content.decode()
    assert NOTE in web.get("/search/", {"q": "sleeps badly"}).content.decode()
    assert NOTE in b"".join(web.get("/programs/clinic/notes/export.csv").streaming_content).decode()
    assert NOTE in web.get("/api/v1/visit-notes").content.decode()
    reads = AuditEntry.objects.filter(action="visit_note.shared_read", object_id=str(s["note"].pk),
                                      actor=s["attorney"])
    assert sorted(e.extra["channel"] for e in reads) == ["api", "client page", "export", "notes list", "search"]
    # read-only: no note, no assessment, no consent written by legal staff
    assert web.post(f"/programs/clients/{s['person'].pk}/notes/", {"program": "mental_health",
                                                                  "text": "x"}).status_code == 404
    assert web.get(f"/programs/clients/{s['person'].pk}/assessments/phq9/").status_code == 404
    assert web.post(f"/programs/consents/{consent.pk}/revoke/").status_code == 404
    assert s["person"].visit_notes.count() == 1
    # the counsellor reading her own program's notes is not a shared read
    sign_in(Client(), s["counsellor"]).get("/programs/clinic/notes/")
    assert not AuditEntry.objects.filter(action="visit_note.shared_read", actor=s["counsellor"]).exists()


def test_consent_is_recorded_and_revoked_by_a_clinician_of_the_program_through_the_page():
    s = _setup()
    web = sign_in(Client(), s["counsellor"])
    url = f"/programs/clients/{s['person'].pk}/consents/"
    web.post(url, {"audience": "legal_team", "scope": "clinic", "starts_on": LONG_AGO.isoformat()})
    assert not SharingConsent.objects.exists()  # a counsellor cannot consent for the clinic's notes
    web.post(url, {"audience": "legal_team", "scope": "mental_health", "starts_on": LONG_AGO.isoformat(),
                   "note": "Signed form"})
    consent = SharingConsent.objects.get()
    assert consent.recorded_by == s["counsellor"]
    assert "Signed form" in web.get(f"/programs/clients/{s['person'].pk}/").content.decode()
    assert sign_in(Client(), s["attorney"]).post(url, {"audience": "legal_team", "scope": "all",
                                                       "starts_on": LONG_AGO.isoformat()}).status_code == 404
    web.post(f"/programs/consents/{consent.pk}/revoke/")
    consent.refresh_from_db()
    assert consent.revoked_at and consent.revoked_by == s["counsellor"]
    assert AuditEntry.objects.filter(action="sharing_consent.revoke", object_id=str(consent.pk)).exists()
    assert NOTE not in sign_in(Client(), s["attorney"]).get("/programs/clinic/notes/").content.decode()


def test_clinicians_see_no_legal_note_even_with_a_consent_to_share_clinical_notes():
    s = _setup()
    legal_services.add_note(case=s["case"], body="<p>Qwertzuiop strategy for the hearing</p>", by=s["attorney"])
    services.record_consent(person=s["person"], audience=SharingConsent.Audience.LEGAL_TEAM,
                            scope=SharingConsent.Scope.MENTAL_HEALTH, starts_on=LONG_AGO, by=s["counsellor"])
    channels = Channels(list_url="/cases/?status=", detail_url=f"/cases/{s['case'].pk}/",
                        search=("/search/", "strategy for the hearing"), api_list_url="/api/v1/cases",
                        api_detail_url=f"/api/v1/cases/{s['case'].pk}",
                        extra={"client": f"/programs/clients/{s['person'].pk}/", "notes": "/programs/clinic/notes/"})
    assert_channels(Client(), s["counsellor"], "Qwertzuiop", visible=False, channels=channels)
    assert_channels(Client(), s["attorney"], "Qwertzuiop", visible=True,
                    channels=Channels(detail_url=f"/cases/{s['case'].pk}/"))
