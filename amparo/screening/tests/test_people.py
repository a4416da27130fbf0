"""Screenings reached from a person: prefilled from the record, and as private as the person."""

import datetime as dt

import pytest
from django.test import Client

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import OfficeFactory
from amparo.core.models import AuditEntry
from amparo.core.testing import Channels, assert_channels, sign_in
from amparo.people.models import Arrival, Trip
from amparo.people.services import set_restriction
from amparo.people.tests.factories import PersonFactory
from amparo.screening import services
from amparo.screening.prefill import country_code, facts_for_person


def test_country_names_and_codes_become_iso_codes():
    assert country_code("El Salvador") == "SV" and country_code("México") == "MX" and country_code("gt") == "GT"
    assert country_code("Atlantis") is None and country_code("") is None


def test_the_form_is_prefilled_from_the_person_without_inventing_days(db, make_user):
    person = PersonFactory(country_of_birth="El Salvador", nationalities="El Salvador, México",
                           birth_date=dt.date(1981, 3, 1), birth_precision="month")
    Arrival.objects.create(person=person, date=dt.date(1999, 6, 1), manner="ewi", apprehended="no")
    Arrival.objects.create(person=person, date=dt.date(2004, 1, 1), date_precision="year", manner="ewi")
    Trip.objects.create(person=person, departed=dt.date(2003, 5, 2), returned=dt.date(2003, 7, 1))
    facts = facts_for_person(person)
    assert "birth_date" not in facts  # known only to the month
    assert facts["country_of_birth"] == "SV" and facts["nationalities"] == ["SV", "MX"]
    assert facts["arrivals"] == [{"date": "1999-06-01", "manner": "ewi", "apprehended": False}]
    assert facts["trips"] == [{"left": "2003-05-02", "returned": "2003-07-01"}]
    client = sign_in(Client(), make_user(Role.PARALEGAL))
    page = client.get(f"/screening/new/?person={person.pk}").content.decode()
    assert f"Screening for {person}" in page and 'value="1999-06-01"' in page and 'value="2003-05-02"' in page


@pytest.mark.parametrize("role", list(Role))
def test_a_restricted_persons_screening_is_as_restricted_as_the_person(make_user, role):
    team = OfficeFactory(name="Asylum team")
    attorney = make_user(Role.ATTORNEY, offices=[team])
    person = PersonFactory(given_names="Marisol", first_surname="Quintanilla")
    set_restriction(person=person, restricted=True, offices=[team], by=attorney)
    screening = services.run_screening(facts={"nationalities": ["SV"]}, on=dt.date(2026, 1, 5), by=attorney,
                                       person=person)
    outsider = make_user(role)
    assert_channels(Client(), outsider, "Marisol", visible=False,
                    channels=Channels(list_url="/screening/", detail_url=f"/screening/{screening.pk}/",
                                      extra={"changes": "/screening/changes/"}))
    teammate = make_user(Role.PARALEGAL, offices=[team])
    assert_channels(Client(), teammate, "Marisol", visible=True,
                    channels=Channels(list_url="/screening/", detail_url=f"/screening/{screening.pk}/"))
    assert AuditEntry.objects.filter(action="restricted.view", actor=teammate).exists()


def test_the_persons_page_offers_screening_and_lists_their_screenings(make_user):
    intake = make_user(Role.INTAKE)
    person = PersonFactory(given_names="Reina Isabel")
    services.run_screening(facts={"nationalities": ["SV"]}, on=dt.date(2026, 1, 5), by=intake, person=person)
    page = sign_in(Client(), intake).get(f"/people/{person.pk}/").content.decode()
    assert f"/screening/new/?person={person.pk}" in page and "Screened as of" in page
    archivist = sign_in(Client(), make_user(Role.ARCHIVIST)).get(f"/people/{person.pk}/")
    assert archivist.status_code == 404 or "Screen this person" not in archivist.content.decode()


def test_screening_starts_from_what_intake_recorded_and_asks_only_what_is_missing(make_user):
    """Intake knew the country of birth, an arrival (to the month), a spouse and the household:
    the screening does not ask them again, and TPS no longer says "missing: nationalities"."""
    from amparo.people import households
    from amparo.people.services import add_relationship

    paralegal = make_user(Role.PARALEGAL, language="es")
    person = PersonFactory(given_names="Reina Isabel", country_of_birth="El Salvador", nationalities="",
                           birth_date=dt.date(1981, 3, 15))
    Arrival.objects.create(person=person, date=dt.date(2000, 3, 1), date_precision="month", manner="ewi",
                           apprehended="no")
    spouse = PersonFactory(given_names="Wilmer")
    add_relationship(person=person, other=spouse, kind="spouse", by=paralegal)
    home = households.create_household(name="Ventura", person=person, by=paralegal).household
    households.add_household_member(household=home, person=spouse, role="spouse", by=paralegal)

    facts = facts_for_person(person)
    assert facts["nationalities"] == ["SV"] and facts["married"] is True and facts["household_size"] == 2
    page = sign_in(Client(), paralegal).get(f"/screening/new/?person={person.pk}").content.decode()
    assert "Tomada del país de nacimiento: confírmela o cámbiela." in page  # suggested, to confirm
    assert 'data-confirm="1"' in page and '<option value="SV" selected' in page
    assert "Llegada registrada como marzo de 2000" in page  # said, and only the day is asked
    assert '<option value="ewi" selected' in page

    screening = services.run_screening(facts=facts, on=dt.date(2026, 1, 5), by=paralegal, person=person)
    tps = [r for r in screening.results("en") if str(r["program"]).startswith("tps")]
    assert tps and all("nationalities" not in r["missing_facts"] for r in tps)


def test_recorded_nationalities_are_not_overridden_by_the_country_of_birth(db):
    person = PersonFactory(country_of_birth="Guatemala", nationalities="México")
    assert facts_for_person(person)["nationalities"] == ["MX"]
    assert "nationalities" not in facts_for_person(PersonFactory(country_of_birth="", nationalities=""))
