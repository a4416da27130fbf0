"""Naturalization: 5- and 3-year paths, 90-day early filing, absences, presence, civics test."""

from __future__ import annotations

from datetime import date

import pytest

from amparo.rules import Facts, ScreenResult, screen

D = date.fromisoformat
LPR = {"birth_date": "1980-05-05", "lpr_since": "2020-03-15", "state_residence_since": "2019-01-01",
       "trips": [], "married": False}
SPOUSE = {"birth_date": "1985-01-01", "lpr_since": "2022-06-10", "state_residence_since": "2020-01-01",
          "trips": [], "married": True,
          "married_to_usc": {"since": "2021-01-01", "spouse_citizen_since": "2015-01-01", "living_together": True}}
NEW_CITIZEN = {"since": "2021-01-01", "spouse_citizen_since": "2023-01-01", "living_together": True}
FIVE_MONTH_TRIPS = [
    {"left": "2020-07-01", "returned": "2020-11-30"}, {"left": "2021-01-01", "returned": "2021-05-31"},
    {"left": "2021-07-01", "returned": "2021-11-30"}, {"left": "2022-01-01", "returned": "2022-05-31"},
    {"left": "2022-07-01", "returned": "2022-11-30"}, {"left": "2023-01-01", "returned": "2023-05-31"},
]


def nat(base: dict[str, object], on: str, **change: object) -> ScreenResult:
    return screen(Facts.from_json({**base, **change}), D(on), programs=["naturalization"]).results[0]


def codes(result: ScreenResult) -> list[str]:
    return [r.message.code for r in result.reasons]


def dates(result: ScreenResult) -> dict[str, date]:
    return {k.name: k.date for k in result.key_dates}


@pytest.mark.parametrize(("base", "on", "change", "status", "code"), [
    # 5 years: the N-400 can go in 90 days before the anniversary (2025-03-15 - 90 days)
    (LPR, "2024-12-14", {}, "not_eligible", "nat.too_early"),
    (LPR, "2024-12-15", {}, "eligible", "nat.time_ok"),
    # 3 years, spouse of a U.S. citizen: 2025-06-10 - 90 days
    (SPOUSE, "2025-03-11", {}, "not_eligible", "nat.too_early"),
    (SPOUSE, "2025-03-12", {}, "eligible", "nat.time_ok"),
    # the spouse has been a citizen only since 2023: 3 years of citizenship on 2026-01-01
    (SPOUSE, "2025-12-31", {"married_to_usc": NEW_CITIZEN}, "not_eligible", "nat.three_year_spouse_dates"),
    (SPOUSE, "2026-01-01", {"married_to_usc": NEW_CITIZEN}, "eligible", "nat.three_year_spouse_dates"),
    (SPOUSE, "2025-06-01", {"married_to_usc": {"since": "2021-01-01", "spouse_citizen_since": "2015-01-01",
                                               "living_together": False}},
     "not_eligible", "nat.three_year_not_living_together"),
    # absences (8 CFR 316.5(c)(1))
    (LPR, "2025-06-01", {"trips": [{"left": "2022-01-01", "returned": "2022-08-15"}]},
     "possibly_eligible", "nat.presumed_break"),
    (LPR, "2025-06-01", {"trips": [{"left": "2022-01-01", "returned": "2022-07-01"}]}, "eligible", "nat.time_ok"),
    # physical presence: at least half of the 5 years (913 of 1,826 days)
    (LPR | {"lpr_since": "2015-01-01"}, "2025-06-01", {"trips": FIVE_MONTH_TRIPS}, "eligible", "nat.presence_ok"),
    (LPR | {"lpr_since": "2015-01-01"}, "2025-06-01",
     {"trips": [*FIVE_MONTH_TRIPS, {"left": "2024-01-10", "returned": "2024-01-11"}]},
     "possibly_eligible", "nat.presence_borderline"),
    (LPR | {"lpr_since": "2015-01-01"}, "2025-06-01",
     {"trips": [*FIVE_MONTH_TRIPS, {"left": "2023-07-01", "returned": "2023-11-30"}]},
     "not_eligible", "nat.presence_short"),
    # age and state residence
    (LPR, "2025-06-01", {"birth_date": "2007-07-01"}, "not_eligible", "nat.too_young"),
    (LPR, "2025-06-01", {"state_residence_since": "2025-04-01"}, "not_eligible", "nat.state_residence_short"),
    (LPR, "2025-07-01", {"state_residence_since": "2025-04-01"}, "eligible", "nat.state_residence_ok"),
])
def test_naturalization_table(base: dict[str, object], on: str, change: dict[str, object], status: str,
                              code: str) -> None:
    result = nat(base, on, **change)
    assert result.status == status, result.render("en")
    assert code in codes(result)


def test_early_filing_key_dates() -> None:
    assert dates(nat(LPR, "2024-06-01"))["five_year_early_filing"] == D("2024-12-15")
    assert dates(nat(SPOUSE, "2024-06-01"))["three_year_early_filing"] == D("2025-03-12")


def test_a_year_abroad_breaks_residence_and_filing_waits_4_years_and_a_day() -> None:
    facts = LPR | {"lpr_since": "2015-01-01"}
    trip = [{"left": "2021-01-01", "returned": "2022-02-01"}]
    result = nat(facts, "2025-06-01", trips=trip)
    assert result.status == "not_eligible"
    assert "nat.break_refile" in codes(result)
    assert dates(result)["five_year_early_filing"] == D("2026-02-02")
    assert nat(facts, "2026-02-02", trips=trip).status == "eligible"


def test_a_year_abroad_closes_the_3_year_path_for_3_years() -> None:
    result = nat(SPOUSE, "2025-06-01", trips=[{"left": "2023-01-01", "returned": "2024-01-02"}])
    assert "nat.break_recent" in codes(result)
    assert result.status == "not_eligible"


@pytest.mark.parametrize(("on", "code", "fragment"), [
    ("2025-10-19", "nat.civics_2008", "100 questions"),
    ("2025-10-20", "nat.civics_2025", "128 questions"),
])
def test_civics_test_by_filing_date(on: str, code: str, fragment: str) -> None:
    result = nat(LPR, on)
    reason = next(r for r in result.reasons if r.message.code == code)
    assert fragment in reason.message.render("en")


def test_65_20_rule_gives_the_special_civics_test() -> None:
    result = nat(LPR, "2025-11-01", birth_date="1955-01-01", lpr_since="2004-01-01")
    reason = next(r for r in result.reasons if r.message.code == "nat.civics_65_20")
    assert "20 questions, 10 asked, 6 correct" in reason.message.render("en")
    assert "nat.civics_2025" not in codes(result)
    # 64 years old: the regular test
    assert "nat.civics_65_20" not in codes(nat(LPR, "2025-11-01", birth_date="1961-01-01", lpr_since="2004-01-01"))


@pytest.mark.parametrize(("drop", "missing"), [
    ("lpr_since", "lpr_since"), ("birth_date", "birth_date"), ("state_residence_since", "state_residence_since"),
    ("trips", "trips"),
])
def test_missing_facts_are_named(drop: str, missing: str) -> None:
    data = dict(LPR)
    del data[drop]
    result = screen(Facts.from_json(data), D("2025-06-01"), programs=["naturalization"]).results[0]
    assert result.status == "unknown" and missing in result.missing_facts


def test_unknown_marriage_is_named_when_only_the_3_year_path_could_work() -> None:
    data = dict(SPOUSE)
    del data["married_to_usc"]
    del data["married"]
    result = screen(Facts.from_json(data), D("2025-06-01"), programs=["naturalization"]).results[0]
    assert result.status == "unknown" and result.missing_facts == ("married_to_usc",)
