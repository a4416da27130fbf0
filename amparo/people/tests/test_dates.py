"""Plausible dates of people's lives: not in the future, not before 1900; messages show what is accepted."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from amparo.accounts.roles import Role
from amparo.accounts.services import create_api_token
from amparo.core.partial_dates import PartialDate, check_plausible
from amparo.core.testing import sign_in
from amparo.people.csv_records import parse_birth
from amparo.people.forms import PartialDateField
from amparo.people.models import Person

TODAY = dt.date(2026, 12, 3)


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are compared in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize("text", ["2026-12-03", "2026-12", "2026", "~2026", "1900", "1900-01-01"])
def test_dates_up_to_today_and_from_1900_are_accepted(text):
    assert PartialDateField(today=TODAY).clean(text) is not None


@pytest.mark.parametrize(("text", "message"), [
    ("2026-12-04", "in the future"), ("2027", "in the future"), ("04/12/2099", "in the future"),
    ("1899-12-31", "before 1900"), ("1885", "before 1900"),
])
def test_implausible_dates_are_refused_with_the_reason(text, message):
    with translation.override("en"), pytest.raises(ValidationError, match=message):
        PartialDateField(today=TODAY).clean(text)


def test_today_is_the_local_date_when_not_passed_in(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(1990, 6, 1))
    assert PartialDateField().clean("1990-06-01").lo == dt.date(1990, 6, 1)
    with pytest.raises(ValidationError):
        PartialDateField().clean("1990-06-02")


def test_a_partial_date_is_in_the_future_only_if_all_of_it_is():
    assert check_plausible(PartialDate(2026, 12), today=TODAY) == ""
    assert check_plausible(PartialDate(2026), today=TODAY) == ""
    assert check_plausible(PartialDate(1899, 12, 31), today=TODAY)
    assert check_plausible(None, today=TODAY) == ""


def test_the_message_shows_the_forms_accepted_in_the_readers_order():
    with translation.override("en"), pytest.raises(ValidationError) as english:
        PartialDateField(today=TODAY).clean("the 32nd of Smarch")
    with translation.override("es"), pytest.raises(ValidationError) as spanish:
        PartialDateField(today=TODAY).clean("el 32 de marzo")
    assert "03/15/1981" in english.value.messages[0] and "1981-03" in english.value.messages[0]
    assert "15/03/1981" in spanish.value.messages[0] and spanish.value.messages[0].startswith("Escriba")
    with translation.override("en"):
        assert PartialDateField(today=TODAY).clean("03/15/1981").lo == dt.date(1981, 3, 15)
    with translation.override("es"):
        assert PartialDateField(today=TODAY).clean("15/03/1981").lo == dt.date(1981, 3, 15)


@pytest.mark.django_db
def test_the_intake_refuses_a_birth_or_an_arrival_in_the_future(make_user):
    client = sign_in(Client(), make_user(Role.INTAKE))
    body = client.post("/people/intake/", {
        "given_names": "Ana", "first_surname": "Pérez", "birth": "2099-03-15", "arrival_date": "2099",
        "preferred_language": "es", "arrival_manner": "unknown", "arrival_apprehended": "unknown", "existing": "",
    }).content.decode()
    assert body.count("is in the future") == 2 and 'value="2099-03-15"' in body
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_the_api_refuses_a_birth_in_the_future_with_422(make_user):
    _, token = create_api_token(user=make_user(Role.INTAKE), name="test")
    api = Client(headers={"Authorization": f"Bearer {token}"})
    answer = api.post("/api/v1/people", {"given_names": "Ana", "birth_date": "2099-03-15"},
                      content_type="application/json")
    assert answer.status_code == 422 and "in the future" in answer.json()["errors"]["birth_date"][0]
    answer = api.post("/api/v1/people", {"given_names": "Ana", "birth_date": "1890"}, content_type="application/json")
    assert answer.status_code == 422 and "before 1900" in answer.json()["errors"]["birth_date"][0]
    assert not Person.objects.exists()


def test_a_csv_birth_in_the_future_is_a_bad_row():
    assert parse_birth("2026-12-03", today=TODAY) == TODAY
    with pytest.raises(ValueError, match="in the future"):
        parse_birth("2099-01-01", today=TODAY)
