"""The front desk and a person whose case is restricted (docs/people.md, "Who sees what").

Restricted means the case and its kind are hidden, not that the person vanishes: everyone with
``people.view`` finds her card (name, contacts, expected dates) through every page channel, and
nobody outside her case's team sees a fact of her file or anything of the case. Intake offers her
instead of a second record.
"""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from amparo.accounts.roles import Role, has_capability
from amparo.accounts.tests.factories import OfficeFactory
from amparo.core.models import AuditEntry
from amparo.core.partial_dates import PartialDate
from amparo.core.testing import Channels, assert_channels, sign_in
from amparo.legal import services as legal
from amparo.legal.tests.factories import make_case
from amparo.people import services
from amparo.people.models import Intake, Person
from amparo.people.policies import can_find_person, can_see_person

from .factories import PersonFactory

pytestmark = pytest.mark.django_db

NAME = "Xochiquetzal"
SECRETS = {
    "birth date": "1979-11-02",
    "address": "Calle Tlaloc 44",
    "A-number": "A123-456-789",
    "case kind (en)": "Asylum",
    "case kind (es)": "Asilo",
    "team": "Equipo de asilo",
    "document": "declaracion-jurada.pdf",
}


@pytest.fixture
def asylum(make_user):
    """A client registered at the front desk, then given an asylum case by the asylum team."""
    office = OfficeFactory(name="Oficina de Los Ángeles")
    team = OfficeFactory(name="Equipo de asilo", kind="team", parent=office)
    attorney = make_user(Role.ATTORNEY, offices=[team])
    client = services.create_person(by=attorney, fields={
        "given_names": NAME, "first_surname": "Quintanilla", "second_surname": "Argueta",
        "birth": PartialDate(dt.date(1979, 11, 2), "day"), "a_number": "123456789"},
        contacts=[{"kind": "phone", "value": "(213) 555-0142"}],
        addresses=[{"street": "Calle Tlaloc 44", "city": "Los Ángeles", "postcode": "90033"}])
    case = make_case(kind="asylum_affirmative", client=client, office=office, team=team, responsible=attorney)
    legal.add_hearing(case=case, kind="individual", starts_at=timezone.make_aware(dt.datetime(2099, 5, 4, 9, 30)),
                      court="Los Angeles Immigration Court", by=attorney)
    client.refresh_from_db()
    assert client.restricted and not client.hidden
    return client, case, office, team, attorney


def _channels(person):
    # The global search box (/search/) also lists cases: it keeps to the file level (see people.search).
    return Channels(list_url="/people/", detail_url=f"/people/{person.pk}/",
                    extra={"people_search": "/people/?q=Xochiquetzal+Quintanilla",
                           "people_search_spelled": "/people/?q=Xochiketsal+Kintaniya"})


@pytest.mark.parametrize("role", list(Role))
def test_everyone_with_people_view_finds_her_and_nobody_outside_the_team_sees_the_file(asylum, make_user, role):
    client, _case, office, _team, _attorney = asylum
    user = make_user(role, offices=[office])  # same office, not the team
    finds = has_capability(user, "people.view")
    assert can_find_person(user, client) == finds and not can_see_person(user, client)
    assert_channels(Client(), user, NAME, visible=finds, channels=_channels(client))
    pages = sign_in(Client(), user)
    for url in ("/people/", f"/people/{client.pk}/", "/people/?q=Xochiquetzal", "/search/?q=Xochiquetzal",
                "/search/?q=1979-11-02", "/people/?q=123456789"):
        body = pages.get(url).content.decode()
        shown = [what for what, secret in SECRETS.items() if secret in body and secret not in url]
        assert not shown, f"{role} sees {shown} at {url}"
    if finds:
        card = pages.get(f"/people/{client.pk}/").content.decode()
        assert "(213) 555-0142" in card and "2099" in card  # how to reach her, when we expect her
        assert "Immigration Court" not in card and "individual" not in card.lower()
        assert AuditEntry.objects.filter(action="restricted.card_view", actor=user).exists()


@pytest.mark.parametrize("role", [Role.ATTORNEY, Role.PARALEGAL, Role.CASE_MANAGER])
def test_the_team_sees_the_whole_file(asylum, make_user, role):
    client, _case, _office, team, _attorney = asylum
    user = make_user(role, offices=[team])
    page = sign_in(Client(), user).get(f"/people/{client.pk}/").content.decode()
    assert "Calle Tlaloc 44" in page and 'id="card-note"' not in page
    assert "The front desk sees only the name, how to reach the person" in page  # the team knows what others see


def test_a_birth_date_or_a_number_never_finds_a_card(asylum, make_user):
    client, *_ = asylum
    desk = sign_in(Client(), make_user(Role.INTAKE))
    for query in ("1979-11-02", "A123456789", "Xochiquetzal 1979-11-02"):
        assert f'href="/people/{client.pk}/"' not in desk.get("/people/", {"q": query}).content.decode(), query


def test_a_new_intake_with_her_name_offers_her_and_adds_to_her_record(asylum, make_user):
    client, *_ = asylum
    desk = sign_in(Client(), make_user(Role.INTAKE, language="es"))
    data = {"given_names": "Xochiquetzal", "first_surname": "Quintanilla", "second_surname": "Argueta",
            "phone": "(213) 555-0142", "needs": ["other"], "arrival_manner": "unknown",
            "arrival_apprehended": "unknown", "preferred_language": "es"}
    panel = desk.post("/people/intake/matches/", data, headers={"HX-Request": "true"}).content.decode()
    assert f'value="{client.pk}"' in panel and "Xochiquetzal Quintanilla Argueta" in panel
    assert "Nadie parecido" not in panel and "1979" not in panel and "Asilo" not in panel
    # Saving without choosing asks to choose; choosing her adds the intake to her record.
    assert desk.post("/people/intake/", data).status_code == 200
    response = desk.post("/people/intake/", {**data, "existing": str(client.pk)})
    assert response.status_code == 302 and response["Location"] == f"/people/{client.pk}/"
    assert Person.objects.filter(given_names=NAME).count() == 1
    assert Intake.objects.filter(person=client).count() == 1


def test_a_hidden_person_is_never_offered_and_never_duplicated(make_user):
    team = OfficeFactory(name="Equipo de niñez")
    PersonFactory(given_names="Citlali", first_surname="Ayala", second_surname="Peña",
                  birth_date=dt.date(2012, 1, 9), offices=[team])
    desk = sign_in(Client(), make_user(Role.INTAKE))
    data = {"given_names": "Citlali", "first_surname": "Ayala", "second_surname": "Peña", "birth": "2012-01-09",
            "needs": ["other"], "arrival_manner": "unknown", "arrival_apprehended": "unknown", "existing": "new",
            "preferred_language": "es"}
    body = desk.post("/people/intake/", data).content.decode()
    assert "A restricted record may match this person: ask a supervisor." in body
    assert "Equipo de niñez" not in body and "2012" not in body.split("<form")[0]
    assert Person.objects.filter(given_names="Citlali").count() == 1
    assert "Citlali Ayala Peña" not in desk.get("/people/", {"q": "Citlali Ayala"}).content.decode()


def test_restricting_by_hand_hides_the_person_and_a_case_does_not_unhide_her(asylum, admin_user, make_user):
    client, case, office, team, attorney = asylum
    services.set_restriction(person=client, restricted=True, offices=[team], by=admin_user, hidden=True)
    legal.add_party(case=case, person=PersonFactory(given_names="Nayeli"), role="child", by=attorney)
    legal.update_case(case=case, by=attorney, fields={"team": OfficeFactory(name="Otro equipo", kind="team")})
    client.refresh_from_db()
    assert client.hidden and not can_find_person(make_user(Role.INTAKE, offices=[office]), client)
    services.set_restriction(person=client, restricted=False, offices=[], by=admin_user)
    client.refresh_from_db()
    assert not client.restricted and not client.hidden


def test_the_duplicates_page_says_a_restricted_record_may_match_and_nothing_more(make_user):
    from amparo.people.models import DuplicateCandidate

    team = OfficeFactory(name="Equipo de niñez")
    hidden = PersonFactory(given_names="Citlali", first_surname="Ayala", offices=[team])
    walk_in = PersonFactory(given_names="Citlali", first_surname="Ayala")
    DuplicateCandidate.objects.create(first=walk_in, second=hidden, score=0.9, reasons=["same_name"])
    outsider = make_user(Role.PARALEGAL)
    body = sign_in(Client(), outsider).get("/people/duplicates/").content.decode()
    assert "Other possible duplicates involve a restricted record: ask a supervisor." in body
    assert "Citlali" not in body and "Equipo de niñez" not in body
    assert AuditEntry.objects.filter(action="people.restricted_match", actor=outsider).exists()
    teammate = sign_in(Client(), make_user(Role.PARALEGAL, offices=[team])).get("/people/duplicates/")
    assert "Citlali" in teammate.content.decode() and "restricted record" not in teammate.content.decode()


@pytest.mark.parametrize("many", [3, 30])
def test_finding_cards_costs_the_same_however_many_there_are(make_user, many):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    team = OfficeFactory(name="Equipo de asilo")
    for _ in range(many):
        PersonFactory(given_names="Xochiquetzal", first_surname="Quintanilla", offices=[team],
                      offices__file_only=True)
    desk = sign_in(Client(), make_user(Role.INTAKE))
    with CaptureQueriesContext(connection) as queries:
        body = desk.get("/people/", {"q": "Xochiquetzal Quintanilla"}).content.decode()
    assert body.count("Xochiquetzal Quintanilla") >= min(many, 3)
    assert len(queries) <= 12, len(queries)  # 10 with 3 cards, 9 with 30 (it was 17 and 87)
