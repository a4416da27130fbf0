"""DACA initial request (8 CFR 236.22) and renewal timing."""

from __future__ import annotations

from datetime import date

import pytest

from amparo.rules import Facts, ScreenResult, screen

D = date.fromisoformat

DREAMER = {
    "birth_date": "1995-04-10",
    "arrivals": [{"date": "2003-08-01", "manner": "ewi", "apprehended": False}],
    "trips": [],
    "lpr_since": None,
    "tps_registrations": [],
    "in_school_or_graduated": True,
    "veteran": False,
    "criminal": {"felonies": 0, "misdemeanors": 0, "significant_misdemeanors": 0},
    "in_removal_proceedings": False,
}


def initial(on: str = "2024-06-01", **change: object) -> ScreenResult:
    return screen(Facts.from_json({**DREAMER, **change}), D(on), programs=["daca_initial"]).results[0]


def codes(result: ScreenResult) -> list[str]:
    return [r.message.code for r in result.reasons]


def test_a_dreamer_meeting_every_guideline_is_eligible_before_the_fifth_circuit_decision() -> None:
    result = initial("2024-06-01")
    assert result.status == "eligible", result.render("en")


def test_after_texas_v_united_states_initial_requests_are_not_decided() -> None:
    result = initial("2025-01-17")
    assert result.status == "possibly_eligible"
    assert "daca.texas_initial" in codes(result)
    assert "daca.texas_residents" in codes(result)


def test_a_2026_implementation_order_is_flagged_unverified() -> None:
    result = initial("2026-03-01")
    assert any(w.code == "warning.unverified" for w in result.warnings)


@pytest.mark.parametrize(("change", "status", "code"), [
    ({"birth_date": "1981-06-15"}, "not_eligible", "daca.born_too_early"),
    ({"birth_date": "1981-06-16", "arrivals": [{"date": "1995-01-01", "manner": "ewi"}]}, "eligible", "daca.born_ok"),
    ({"arrivals": [{"date": "2011-04-10", "manner": "ewi"}]}, "not_eligible", "daca.arrived_too_old"),
    ({"birth_date": "1992-06-01", "arrivals": [{"date": "2008-05-31", "manner": "ewi"}]},
     "not_eligible", "daca.arrived_after_residence"),
    ({"birth_date": "1992-06-01", "arrivals": [{"date": "2007-06-15", "manner": "ewi"}]}, "eligible",
     "daca.residence_ok"),
    ({"trips": [{"left": "2012-06-01", "returned": "2012-07-01"}]}, "not_eligible", "daca.absent_on_date"),
    ({"trips": [{"left": "2012-06-15", "returned": "2012-07-01"}]}, "possibly_eligible", "daca.travel_on_date"),
    ({"trips": [{"left": "2009-12-20", "returned": "2010-01-03"}]}, "possibly_eligible", "daca.trips_since"),
    ({"lpr_since": "2010-01-01"}, "not_eligible", "daca.lawful_status_lpr"),
    ({"arrivals": [{"date": "2003-08-01", "manner": "inspected"}]}, "possibly_eligible", "daca.lawful_status_review"),
    ({"in_school_or_graduated": False, "veteran": True}, "eligible", "daca.education_ok"),
    ({"in_school_or_graduated": False, "veteran": False}, "not_eligible", "daca.education_missing"),
    ({"criminal": {"felonies": 1, "misdemeanors": 0, "significant_misdemeanors": 0}}, "not_eligible", "bar.felonies"),
    ({"criminal": {"felonies": 0, "misdemeanors": 0, "significant_misdemeanors": 1}}, "not_eligible",
     "bar.significant_misdemeanors"),
    ({"criminal": {"felonies": 0, "misdemeanors": 3, "significant_misdemeanors": 0}}, "not_eligible",
     "bar.misdemeanors"),
    ({"criminal": {"felonies": 0, "misdemeanors": 2, "significant_misdemeanors": 0}}, "eligible", "bar.none"),
])
def test_initial_guidelines(change: dict[str, object], status: str, code: str) -> None:
    result = initial("2024-06-01", **change)
    assert result.status == status, result.render("en")
    assert code in codes(result)


@pytest.mark.parametrize(("in_proceedings", "status"), [(False, "not_eligible"), (True, "eligible"), (None, "unknown")])
def test_minimum_filing_age_of_15_unless_in_removal_proceedings(in_proceedings: bool | None, status: str) -> None:
    result = initial("2024-06-01", birth_date="2010-01-01", arrivals=[{"date": "2006-01-01", "manner": "ewi"}],
                     in_removal_proceedings=in_proceedings)
    assert result.status == status
    assert {k.name: k.date for k in result.key_dates}["turns_15"] == D("2025-01-01")


@pytest.mark.parametrize(("drop", "missing"), [
    ("birth_date", "birth_date"), ("arrivals", "arrivals"), ("trips", "trips"), ("criminal", "criminal"),
])
def test_initial_missing_facts(drop: str, missing: str) -> None:
    data = dict(DREAMER)
    del data[drop]
    result = screen(Facts.from_json(data), D("2024-06-01"), programs=["daca_initial"]).results[0]
    assert result.status == "unknown" and missing in result.missing_facts


# expires, on, status, code
RENEWAL = [
    ("2026-12-01", "2026-07-03", "possibly_eligible", "daca.renewal_before_window"),
    ("2026-12-01", "2026-07-04", "eligible", "daca.renewal_in_window"),      # 150 days before
    ("2026-12-01", "2026-08-03", "eligible", "daca.renewal_in_window"),      # 120 days before
    ("2026-12-01", "2026-08-04", "eligible", "daca.renewal_late_in_window"),
    ("2026-12-01", "2026-12-02", "eligible", "daca.renewal_after_expiry"),
    ("2026-12-01", "2027-12-01", "eligible", "daca.renewal_after_expiry"),   # one year after
    ("2026-12-01", "2027-12-02", "not_eligible", "daca.renewal_too_late"),   # counts as initial
]


@pytest.mark.parametrize(("expires", "on", "status", "code"), RENEWAL)
def test_renewal_window(expires: str, on: str, status: str, code: str) -> None:
    result = screen(Facts(daca_expires_on=D(expires)), D(on), programs=["daca_renewal"]).results[0]
    assert result.status == status
    assert code in [r.message.code for r in result.reasons]
    dates = {k.name: k.date for k in result.key_dates}
    assert dates["renewal_window_opens"] == D("2026-07-04")
    assert dates["renewal_window_closes"] == D("2026-08-03")


def test_renewal_needs_the_expiry_date() -> None:
    result = screen(Facts(), D("2026-01-01"), programs=["daca_renewal"]).results[0]
    assert result.status == "unknown" and result.missing_facts == ("daca_expires_on",)


def test_renewals_continue_after_texas_v_united_states() -> None:
    result = screen(Facts(daca_expires_on=D("2025-12-01")), D("2025-07-10"), programs=["daca_renewal"]).results[0]
    assert "daca.texas_renewal" in [r.message.code for r in result.reasons]
    assert result.status == "eligible"
