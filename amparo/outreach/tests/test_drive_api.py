"""Registrants sent through the API are treated as the site form treats them."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from amparo.accounts.roles import Role
from amparo.core.testing import sign_in
from amparo.outreach import drive_import
from amparo.outreach.models import Registrant
from amparo.people.services import refresh_keys
from amparo.people.tests.factories import PersonFactory


@pytest.fixture
def drive(db):
    return drive_import.get_or_create_drive(slug="tps-sv-2026", program="tps", country_code="SV")


def post(client, drive, **values):
    return client.post(f"/api/v1/drives/{drive.pk}/registrants", json.dumps(values), content_type="application/json")


def test_a_registrant_posted_is_matched_screened_and_a_bad_one_refused_with_its_reason(drive, make_user):
    existing = PersonFactory(given_names="José Luis", first_surname="Menjívar", second_surname="Ayala",
                             birth_date=dt.date(1968, 11, 2))
    refresh_keys(existing)
    client = sign_in(Client(), make_user(Role.ORGANIZER))

    answer = post(client, drive, given_names="Jose Luis", first_surname="Menjivar", second_surname="Ayala",
                  birth_date="1968-11-02", country_of_birth="El Salvador", site="Pico-Union")
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["person_id"] == existing.pk and body["outcome"] == Registrant.Outcome.MATCHED
    assert body["screening_status"]
    assert drive.registrants.get().site.name == "Pico-Union"

    new = post(client, drive, given_names="Ana Silvia", first_surname="Orellana", birth_date="1990-02-30")
    assert new.status_code == 422
    assert "is not a real date" in new.content.decode()  # the reason the import gives a rejected row
    assert drive.registrants.count() == 1  # nothing saved for the refused row

    again = post(client, drive, given_names="José Luis", first_surname="Menjívar", second_surname="Ayala",
                 birth_date="02/11/1968")
    assert again.status_code == 201 and again.json()["outcome"] == Registrant.Outcome.DUPLICATE


def test_someone_without_drive_work_cannot_post_registrants(drive, make_user):
    client = sign_in(Client(), make_user(Role.ATTORNEY))
    assert post(client, drive, given_names="Ana").status_code == 404
    assert not drive.registrants.exists()
