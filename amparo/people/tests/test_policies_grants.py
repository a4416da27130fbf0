"""Per-user grants in People's policy: a restricted case's attorney and paralegal who sit
outside its team, and holders of an unexpired emergency grant, open the person pages of the
case's client and other (non-adverse) parties while that access lasts; nobody else does."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from amparo.accounts.roles import Role
from amparo.accounts.services import create_api_token
from amparo.accounts.tests.factories import OfficeFactory
from amparo.core.models import AuditEntry
from amparo.core.permissions import can, restrict
from amparo.core.testing import sign_in
from amparo.legal import services as legal
from amparo.legal.tests.factories import make_case
from amparo.people.models import ContactPoint, Person
from amparo.people.policies import can_see_person

from .factories import PersonFactory

pytestmark = pytest.mark.django_db

CLIENT_NAME = "Xiuhnel"


@pytest.fixture
def units():
    office = OfficeFactory(name="Oficina de Los Ángeles")
    team = OfficeFactory(name="Equipo de asilo", kind="team", parent=office)
    elsewhere = OfficeFactory(name="Oficina de Pomona")
    return office, team, elsewhere


@pytest.fixture
def asylum(units, make_user):
    """A restricted asylum case of the team, staffed by an attorney and a paralegal from another office."""
    office, team, elsewhere = units
    attorney = make_user(Role.ATTORNEY, offices=[elsewhere])
    paralegal = make_user(Role.PARALEGAL, offices=[elsewhere])
    client = PersonFactory(given_names=CLIENT_NAME, first_surname="Quintanilla", birth_date=dt.date(1980, 1, 2))
    case = make_case(kind="asylum_affirmative", client=client, office=office, team=team, responsible=attorney,
                     paralegal=paralegal)
    spouse = PersonFactory(given_names="Citlali", birth_date=dt.date(1982, 3, 4))
    legal.add_party(case=case, person=spouse, role="spouse", by=attorney)
    adverse = PersonFactory(given_names="Tezcatl", offices=[team])  # restricted for reasons of its own
    legal.add_party(case=case, person=adverse, role="adverse", by=attorney)
    for person in (client, spouse, adverse):
        person.refresh_from_db()
    assert client.restricted and spouse.restricted
    return case, attorney, paralegal, client, spouse, adverse


def _sees(user, person):
    """Every channel agrees on the file: the gate, the person page, the API (detail and list), and the
    queryset. Someone who may not open the file gets at most the front-desk card (docs/people.md),
    which shows nothing of it."""
    page = sign_in(Client(), user).get(f"/people/{person.pk}/")
    card = page.status_code == 200 and b'id="card-note"' in page.content
    if card:
        assert person.birth_date.isoformat().encode() not in page.content
        assert b"asylum" not in page.content.lower() and b"asilo" not in page.content.lower()
        page.status_code = 404  # the file was not shown
    _, token = create_api_token(user=user, name="t")
    api = Client(headers={"Authorization": f"Bearer {token}"})
    detail = api.get(f"/api/v1/people/{person.pk}")
    listed = [p["id"] for p in api.get("/api/v1/people", {"offset": 0}).json()]
    in_qs = restrict(Person.objects.all(), user, "view").filter(pk=person.pk).exists()
    answers = {can(user, "view", person), page.status_code == 200, detail.status_code == 200,
               person.pk in listed, in_qs}
    assert len(answers) == 1, (page.status_code, detail.status_code, listed, in_qs)
    if answers != {True}:
        assert person.given_names.encode() not in (b"" if card else page.content) + detail.content
    return answers.pop()


def test_the_attorney_and_paralegal_outside_the_team_open_the_client_and_derivatives(asylum):
    case, attorney, paralegal, client, spouse, adverse = asylum
    for user in (attorney, paralegal):
        assert _sees(user, client) and _sees(user, spouse)
        assert not _sees(user, adverse)  # the other side is not theirs to open
    assert AuditEntry.objects.filter(action="restricted.view", object_id=str(client.pk), actor=attorney).exists()


def test_attached_records_follow(asylum):
    case, attorney, _paralegal, client, _spouse, adverse = asylum
    mine = client.contacts.create(kind="phone", value="213 555 0100", normalized="2135550100")
    theirs = adverse.contacts.create(kind="phone", value="213 555 0199", normalized="2135550199")
    visible = set(restrict(ContactPoint.objects.all(), attorney, "view").values_list("pk", flat=True))
    assert mine.pk in visible and theirs.pk not in visible


def test_others_still_cannot(asylum, units, make_user):
    _case, _attorney, _paralegal, client, spouse, _adverse = asylum
    office, team, elsewhere = units
    for user in (make_user(Role.ATTORNEY, offices=[elsewhere]), make_user(Role.PARALEGAL, offices=[office]),
                 make_user(Role.INTAKE, offices=[elsewhere]), make_user(Role.VOLUNTEER, offices=[team])):
        assert not _sees(user, client) and not _sees(user, spouse)
        # ...but the front desk still finds the person: her card, never her file.
        card = sign_in(Client(), user).get(f"/people/{client.pk}/")
        assert card.status_code == 200 and CLIENT_NAME.encode() in card.content and b'id="card-note"' in card.content


def test_taken_off_the_case_they_lose_the_client(asylum, make_user, units):
    case, attorney, paralegal, client, _spouse, _adverse = asylum
    other = make_user(Role.ATTORNEY, offices=[units[2]])
    legal.update_case(case=case, by=attorney, fields={"responsible": other})
    assert not _sees(attorney, client)
    assert _sees(other, client) and _sees(paralegal, client)


def test_a_grant_on_one_case_opens_only_that_case(asylum, units, make_user):
    office, team, elsewhere = units
    _case, attorney, _paralegal, client, _spouse, _adverse = asylum
    stranger = PersonFactory(given_names="Nayeli", offices=[team])
    assert _sees(make_user(Role.ATTORNEY, offices=[team]), stranger)
    assert not _sees(attorney, stranger)


def test_break_glass_opens_the_people_until_it_expires(asylum, units, make_user, monkeypatch):
    case, _attorney, _paralegal, client, spouse, adverse = asylum
    duty = make_user(Role.ATTORNEY, offices=[units[2]])
    assert not _sees(duty, client)
    grant = legal.break_glass(user=duty, case=case, reason="Client detained tonight; bond hearing at 8 am.",
                              hours=4)
    assert _sees(duty, client) and _sees(duty, spouse) and not _sees(duty, adverse)
    # Three hours on: still open. Four hours and a minute on: gone, from every channel.
    real_now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: real_now + dt.timedelta(hours=3))
    assert _sees(duty, client)
    monkeypatch.setattr(timezone, "now", lambda: grant.expires_at + dt.timedelta(minutes=1))
    assert not _sees(duty, client) and not _sees(duty, spouse)
    assert not can_see_person(duty, client)


def test_grants_cost_a_fixed_number_of_queries(asylum, django_assert_max_num_queries):
    _case, attorney, *_rest = asylum
    with django_assert_max_num_queries(3):
        list(restrict(Person.objects.all(), attorney, "view").values_list("pk", flat=True))
