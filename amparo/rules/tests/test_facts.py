from __future__ import annotations

from datetime import date

import pytest

from amparo.rules import Facts, FactsError
from amparo.rules.facts import FACT_FIELDS

FULL = {
    "birth_date": "1990-05-01", "country_of_birth": "SV", "nationalities": ["SV", "MX"],
    "arrivals": [{"date": "2000-01-10", "manner": "ewi", "apprehended": False}],
    "trips": [{"left": "2010-01-01", "returned": "2010-02-01"}],
    "lpr_since": "2015-01-01",
    "married_to_usc": {"since": "2014-01-01", "spouse_citizen_since": "2010-01-01", "living_together": True},
    "state_residence_since": "2012-01-01", "tps_registrations": [{"country": "SV", "date": "2001-05-01"}],
    "abc_registered_on": "1991-01-01", "asylum_filed_on": "1990-03-01", "daca_expires_on": "2026-12-01",
    "in_school_or_graduated": True, "veteran": False,
    "criminal": {"felonies": 0, "misdemeanors": 1, "significant_misdemeanors": 0, "aggravated_felony": False},
    "married": True, "household_size": 4, "household_income": 30500.5, "means_tested_benefit": False,
    "in_removal_proceedings": False,
}


def test_every_documented_field_is_accepted_and_round_trips() -> None:
    assert set(FULL) == set(FACT_FIELDS)
    facts = Facts.from_json(FULL)
    assert facts.arrivals is not None and facts.arrivals[0].date == date(2000, 1, 10)
    assert facts.married_to_usc is not None and facts.married_to_usc.living_together is True
    assert Facts.from_json(facts.to_json()) == facts
    assert facts.to_json() == FULL


def test_empty_facts_are_valid_and_null_means_unknown() -> None:
    assert Facts.from_json({}) == Facts()
    assert Facts.from_json({"birth_date": None}).birth_date is None


@pytest.mark.parametrize(("data", "field"), [
    ({"birth_day": "1990-01-01"}, "birth_day"),
    ({"birth_date": "01/05/1990"}, "birth_date"),
    ({"birth_date": "1990-02-30"}, "birth_date"),
    ({"birth_date": 19900101}, "birth_date"),
    ({"birth_date": "1899-12-31"}, "birth_date"),
    ({"trips": [{"left": "2100-12-01", "returned": "2101-01-02"}]}, "trips[0].returned"),
    ({"country_of_birth": "El Salvador"}, "country_of_birth"),
    ({"country_of_birth": "sv"}, "country_of_birth"),
    ({"nationalities": "SV"}, "nationalities"),
    ({"nationalities": ["SV", "XX"]}, "nationalities[1]"),
    ({"arrivals": [{"date": "2000-01-01", "manner": "boat"}]}, "arrivals[0].manner"),
    ({"arrivals": [{"manner": "ewi"}]}, "arrivals[0].date"),
    ({"arrivals": [{"date": "2000-01-01", "apprehended": "no"}]}, "arrivals[0].apprehended"),
    ({"arrivals": [{"date": "2000-01-01", "port": "San Ysidro"}]}, "arrivals[0].port"),
    ({"trips": [{"left": "2010-02-01", "returned": "2010-01-01"}]}, "trips[0].returned"),
    ({"married_to_usc": True}, "married_to_usc"),
    ({"married_to_usc": {"living_together": "yes"}}, "married_to_usc.living_together"),
    ({"tps_registrations": [{"country": "SV"}]}, "tps_registrations[0].date"),
    ({"criminal": {"felonies": -1}}, "criminal.felonies"),
    ({"criminal": {"felonies": True}}, "criminal.felonies"),
    ({"criminal": {"felonies": 1.5}}, "criminal.felonies"),
    ({"veteran": "yes"}, "veteran"),
    ({"household_size": 0}, "household_size"),
    ({"household_income": "30000"}, "household_income"),
    ({"household_income": -1}, "household_income"),
    ({"household_income": float("nan")}, "household_income"),
])
def test_bad_facts_name_the_field(data: dict[str, object], field: str) -> None:
    with pytest.raises(FactsError) as err:
        Facts.from_json(data)
    assert err.value.field == field
    assert str(err.value).startswith(field + ":")


def test_facts_must_be_an_object() -> None:
    with pytest.raises(FactsError):
        Facts.from_json(["not", "an", "object"])
