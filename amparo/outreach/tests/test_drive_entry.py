"""The site form: one registrant per screen by keyboard; saving matches against People, screens,
and brings the next blank form with the one just saved shown above it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from amparo.accounts.roles import Role
from amparo.core.testing import sign_in
from amparo.outreach import drive_import
from amparo.outreach.models import Registrant
from amparo.people.models import Person
from amparo.people.services import refresh_keys
from amparo.people.tests.factories import PersonFactory


@pytest.fixture
def drive(db):
    return drive_import.get_or_create_drive(slug="tps-sv-2026", program="tps", country_code="SV")


def typed(**values):
    base = {"given_names": "", "first_surname": "", "second_surname": "", "birth_date": "", "country_of_birth": "SV",
            "phone": "", "email": "", "address": "", "city": "", "postcode": "", "entry_date": "",
            "site": "Pico-Union"}
    return {**base, **values}


def test_enter_saves_and_opens_the_next_blank_form(drive, make_user):
    existing = PersonFactory(given_names="José Luis", first_surname="Menjívar", second_surname="Ayala",
                             birth_date=dt.date(1968, 11, 2))
    refresh_keys(existing)
    client = sign_in(Client(), make_user(Role.ORGANIZER))
    url = f"/outreach/drives/{drive.pk}/entry/"
    page = client.get(url).content.decode().split('class="drive-entry"')[1].split("</form>")[0]
    first_input = re.search(r"<input[^>]*name=\"(\w+)\"[^>]*>", page.split("csrfmiddlewaretoken")[1])
    assert first_input[1] == "given_names" and "autofocus" in first_input[0]  # the cursor waits on the name
    order = re.findall(r"<input[^>]*name=\"(\w+)\"", page)
    assert order[1:] == ["given_names", "first_surname", "second_surname", "birth_date", "country_of_birth", "phone",
                         "email", "address", "city", "postcode", "entry_date", "site"]  # the paper form's order

    saved = client.post(url, typed(given_names="María José", first_surname="Hernández", birth_date="15/03/1980",
                                   phone="213-555-0101", entry_date="02/05/1999"), follow=True)
    body = saved.content.decode()
    assert "Saved" in body and "María José Hernández" in body and "New person in People." in body
    assert 'value="Pico-Union"' in body  # the site stays chosen for the next one
    assert 'name="given_names" value=' not in body  # and the form is blank again
    maria = Registrant.objects.get(given_names="María José")
    assert maria.site.name == "Pico-Union" and maria.birth_date == dt.date(1980, 3, 15)
    assert maria.screening_status and maria.outcome == "created"
    assert Person.objects.get(pk=maria.person_id).first_surname == "Hernández"

    again = client.post(url, typed(given_names="Maria Jose", first_surname="Hernandez", birth_date="1980-03-15",
                                   phone="2135550101"), follow=True).content.decode()
    assert "Already registered in this drive" in again
    assert Registrant.objects.get(given_names="Maria Jose").person_id == maria.person_id

    known = client.post(url, typed(given_names="José Luis", first_surname="Menjívar", second_surname="Ayala",
                                   birth_date="02/11/1968"), follow=True).content.decode()
    assert "Already in People" in known
    assert Registrant.objects.get(given_names="José Luis").person_id == existing.pk
    assert Person.objects.count() == 2


def test_impossible_values_are_said_on_the_form(drive, make_user):
    client = sign_in(Client(), make_user(Role.ORGANIZER))
    url = f"/outreach/drives/{drive.pk}/entry/"
    answer = client.post(url, typed(given_names="Wilmer", birth_date="31/02/1980", country_of_birth="Narnia"))
    assert answer.status_code == 200
    body = answer.content.decode()
    assert "Not a real date" in body and "Not a country we know" in body
    assert client.post(url, typed()).status_code == 200
    assert not Registrant.objects.exists()


def test_volunteers_type_but_do_not_learn_who_is_in_people(drive, make_user):
    existing = PersonFactory(given_names="Reina", first_surname="Portillo", birth_date=dt.date(1975, 6, 1))
    refresh_keys(existing)
    client = sign_in(Client(), make_user(Role.VOLUNTEER))
    url = f"/outreach/drives/{drive.pk}/entry/"
    body = client.post(url, typed(given_names="Reina", first_surname="Portillo", birth_date="01/06/1975"),
                       follow=True).content.decode()
    assert "Reina Portillo" in body and "Already in People" not in body
    assert Registrant.objects.get().person_id == existing.pk
    assert sign_in(Client(), make_user(Role.DEVELOPMENT)).get(url).status_code == 404
