"""Creating and changing people through /api/v1/people: the intake's validation, the audit
trail, optimistic concurrency (If-Match / version) and the permission gate."""

import datetime as dt

import pytest
from django.test import Client

from amparo.accounts.roles import Role
from amparo.accounts.services import create_api_token
from amparo.accounts.tests.factories import OfficeFactory
from amparo.core.models import AuditEntry
from amparo.people.models import Person

from .factories import PersonFactory

pytestmark = pytest.mark.django_db


def _api(user):
    _, token = create_api_token(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def office():
    return OfficeFactory(name="Oficina de Santa Ana")


@pytest.fixture
def intake(make_user, office):
    return make_user(Role.INTAKE, offices=[office])


def test_create_goes_through_the_service_and_is_audited(intake):
    api = _api(intake)
    answer = api.post("/api/v1/people", {
        "given_names": "  María José ", "first_surname": "Quintanilla", "second_surname": "Argueta",
        "birth_date": "1981-03", "a_number": "A 012-345-678", "phone": "(213) 555-0142",
        "email": "mjq@example.org", "country_of_birth": "El Salvador"}, content_type="application/json")
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert answer["ETag"] == '"1"' and body["version"] == 1
    person = Person.objects.get(pk=body["id"])
    assert (person.given_names, person.birth_date, person.birth_precision) == ("María José", dt.date(1981, 3, 1),
                                                                               "month")
    assert body["birth_date"] == "1981-03" and person.a_number == "012345678"
    assert sorted(person.contacts.values_list("kind", flat=True)) == ["email", "phone"]
    assert person.keys.exists()  # found by the intake's duplicate search from now on
    entry = AuditEntry.objects.get(action="person.create", object_id=str(person.pk))
    assert entry.actor == intake


def test_create_with_bad_fields_answers_422_with_each_message_and_creates_nothing(intake):
    api = _api(intake)
    answer = api.post("/api/v1/people", {"given_names": " ", "birth_date": "the 32nd of Smarch",
                                         "a_number": "A12", "ssn": "000-00-0000", "sex": "x"},
                      content_type="application/json")
    assert answer.status_code == 422
    errors = answer.json()["errors"]
    assert set(errors) == {"given_names", "birth_date", "a_number", "ssn", "sex"}
    assert "1981-03-15" in errors["birth_date"][0]
    assert "8 or 9 digits" in errors["a_number"][0]
    assert not Person.objects.exists() and not AuditEntry.objects.filter(action="person.create").exists()


def test_messages_in_the_users_language(make_user, office):
    user = make_user(Role.INTAKE, offices=[office], language="es")
    answer = _api(user).post("/api/v1/people", {"given_names": "Ana", "a_number": "12"},
                             content_type="application/json")
    assert answer.status_code == 422
    assert "dígitos" in answer.json()["errors"]["a_number"][0]


def test_roles_without_people_create_are_refused(make_user):
    answer = _api(make_user(Role.VOLUNTEER)).post("/api/v1/people", {"given_names": "Ana"},
                                                  content_type="application/json")
    assert answer.status_code == 404 and not Person.objects.exists()


def test_update_with_the_version_read(intake):
    api = _api(intake)
    person = PersonFactory(given_names="Wilmer", first_surname="Argueta", birth_date=dt.date(1990, 5, 4))
    read = api.get(f"/api/v1/people/{person.pk}")
    assert read["ETag"] == '"1"'
    answer = api.patch(f"/api/v1/people/{person.pk}", {"preferred_name": "Wil", "birth_date": "~1990"},
                       content_type="application/json", headers={"If-Match": read["ETag"]})
    assert answer.status_code == 200, answer.content
    assert answer.json()["version"] == 2 and answer["ETag"] == '"2"'
    person.refresh_from_db()
    assert (person.preferred_name, person.birth_precision, person.birth_approximate) == ("Wil", "year", True)
    assert person.first_surname == "Argueta"  # fields not sent are left alone
    entry = AuditEntry.objects.get(action="person.update", object_id=str(person.pk))
    assert "preferred_name" in entry.changes and "first_surname" not in entry.changes
    # the version may also come in the body
    answer = api.patch(f"/api/v1/people/{person.pk}", {"version": 2, "languages": "español, náhuat"},
                       content_type="application/json")
    assert answer.status_code == 200 and answer.json()["version"] == 3


def test_a_stale_update_gets_409_and_changes_nothing(intake, make_user, office):
    person = PersonFactory(given_names="Xiomara", first_surname="Zelaya")
    first, second = _api(intake), _api(make_user(Role.PARALEGAL, offices=[office]))
    assert first.patch(f"/api/v1/people/{person.pk}", {"first_surname": "Zelaya Cañas"},
                       content_type="application/json", headers={"If-Match": '"1"'}).status_code == 200
    stale = second.patch(f"/api/v1/people/{person.pk}", {"first_surname": "Portillo", "gender": "mujer"},
                         content_type="application/json", headers={"If-Match": '"1"'})
    assert stale.status_code == 409
    person.refresh_from_db()
    assert (person.first_surname, person.gender, person.version) == ("Zelaya Cañas", "", 2)
    assert AuditEntry.objects.filter(action="person.update", object_id=str(person.pk)).count() == 1


def test_an_update_without_a_version_is_refused(intake):
    person = PersonFactory(given_names="Santos")
    api = _api(intake)
    assert api.patch(f"/api/v1/people/{person.pk}", {"gender": "hombre"},
                     content_type="application/json").status_code == 428
    assert api.patch(f"/api/v1/people/{person.pk}", {"gender": "hombre"}, content_type="application/json",
                     headers={"If-Match": "*"}).status_code == 412
    assert api.patch(f"/api/v1/people/{person.pk}", {"gender": "hombre", "version": 2},
                     content_type="application/json", headers={"If-Match": '"1"'}).status_code == 412
    person.refresh_from_db()
    assert person.gender == "" and person.version == 1


def test_update_with_bad_fields_answers_422_and_changes_nothing(intake):
    person = PersonFactory(given_names="Reina Isabel", a_number="")
    answer = _api(intake).patch(f"/api/v1/people/{person.pk}",
                                {"version": 1, "given_names": "", "ssn": "123", "notes": "x"},
                                content_type="application/json")
    assert answer.status_code == 422
    assert set(answer.json()["errors"]) >= {"given_names", "ssn"}
    person.refresh_from_db()
    assert person.given_names == "Reina Isabel" and person.version == 1


@pytest.mark.parametrize("role", [Role.INTAKE, Role.PARALEGAL, Role.ATTORNEY, Role.VOLUNTEER])
def test_a_restricted_person_is_404_to_those_who_may_not_see_them(make_user, role):
    asylum, other = OfficeFactory(name="Equipo de asilo"), OfficeFactory(name="Oficina de Pomona")
    person = PersonFactory(given_names="Yesenia", offices=[asylum])
    outsider = _api(make_user(role, offices=[other]))
    for answer in (outsider.patch(f"/api/v1/people/{person.pk}", {"version": 1, "gender": "x"},
                                  content_type="application/json"),
                   outsider.get(f"/api/v1/people/{person.pk}")):
        assert answer.status_code == 404
        assert b"Yesenia" not in answer.content
    person.refresh_from_db()
    assert person.gender == "" and person.version == 1


def test_the_team_may_change_a_restricted_person(make_user):
    asylum = OfficeFactory(name="Equipo de asilo")
    person = PersonFactory(given_names="Yesenia", offices=[asylum])
    answer = _api(make_user(Role.PARALEGAL, offices=[asylum])).patch(
        f"/api/v1/people/{person.pk}", {"version": 1, "preferred_name": "Yesi"}, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["preferred_name"] == "Yesi"
    assert AuditEntry.objects.filter(action="restricted.view", object_id=str(person.pk)).exists()


def test_a_merged_record_cannot_be_changed(intake):
    keep, drop = PersonFactory(given_names="Ana"), PersonFactory(given_names="Ana")
    drop.merged_into = keep
    drop.save(update_fields=["merged_into"])
    assert _api(intake).patch(f"/api/v1/people/{drop.pk}", {"version": 1, "gender": "x"},
                              content_type="application/json").status_code == 404
