"""Asylum, ABC class, NACARA 203/202, SIJS, VAWA, U visa and fee waiver screeners."""

from __future__ import annotations

from datetime import date

import pytest

from amparo.rules import Facts, ScreenResult, load_ruleset, screen

D = date.fromisoformat


def run(program: str, on: str, **data: object) -> ScreenResult:
    return screen(Facts.from_json(data), D(on), programs=[program]).results[0]


def codes(result: ScreenResult) -> list[str]:
    return [r.message.code for r in result.reasons]


def dates(result: ScreenResult) -> dict[str, date]:
    return {k.name: k.date for k in result.key_dates}


# --- asylum ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("arrivals", "trips", "filed", "on", "status", "code", "deadline"), [
    ([{"date": "2025-03-10"}], [], None, "2025-09-01", "eligible", "asylum.days_left", "2026-03-10"),
    ([{"date": "2025-03-10"}], [], None, "2026-03-10", "eligible", "asylum.days_left", "2026-03-10"),
    ([{"date": "2025-03-10"}], [], None, "2026-03-11", "possibly_eligible", "asylum.deadline_passed", "2026-03-10"),
    ([{"date": "2024-07-04"}], [], None, "2025-07-07", "eligible", "asylum.days_left", "2025-07-07"),  # rolled
    # the deadline runs from the LAST arrival, a return from a trip included
    ([{"date": "2020-01-01"}], [{"left": "2025-01-01", "returned": "2025-02-01"}], None, "2025-06-01",
     "eligible", "asylum.days_left", "2026-02-02"),
    ([{"date": "2024-01-15"}], [], "2024-12-01", "2025-06-01", "eligible", "asylum.filed_timely", "2025-01-15"),
    ([{"date": "2024-01-15"}], [], "2025-02-01", "2025-06-01", "possibly_eligible", "asylum.filed_late", "2025-01-15"),
])
def test_asylum_one_year_deadline(arrivals: list[object], trips: list[object], filed: str | None, on: str,
                                  status: str, code: str, deadline: str) -> None:
    data: dict[str, object] = {"arrivals": arrivals, "trips": trips}
    if filed:
        data["asylum_filed_on"] = filed
    result = run("asylum", on, **data)
    assert result.status == status
    assert code in codes(result)
    assert dates(result)["asylum_one_year_deadline"] == D(deadline)


def test_asylum_days_left_is_counted_to_the_deadline() -> None:
    result = run("asylum", "2026-03-01", arrivals=[{"date": "2025-03-10"}], trips=[])
    reason = next(r for r in result.reasons if r.message.code == "asylum.days_left")
    assert dict(reason.message.params)["days"] == 9
    assert "9 day(s) left" in reason.message.render("en") and "quedan 9 día(s)" in reason.message.render("es")


def test_asylum_late_filing_points_to_the_exceptions_and_confidentiality() -> None:
    result = run("asylum", "2026-06-01", arrivals=[{"date": "2025-03-10"}], trips=[])
    assert {"asylum.one_year_exceptions", "asylum.confidentiality"} <= set(codes(result))


def test_asylum_ead_dates_and_the_unverified_proposed_rule() -> None:
    result = run("asylum", "2026-06-01", arrivals=[{"date": "2026-01-05"}], trips=[], asylum_filed_on="2026-03-02")
    assert dates(result)["ead_file_from"] == D("2026-07-30")
    assert dates(result)["earliest_ead"] == D("2026-08-29")
    assert any(w.code == "warning.unverified" for w in result.warnings)  # 91 FR 8616, not verified
    assert {"fee.i589", "fee.asylum_annual"} <= set(codes(result))


def test_asylum_needs_an_arrival() -> None:
    result = run("asylum", "2026-06-01")
    assert result.status == "unknown" and result.missing_facts == ("arrivals",)


# --- ABC class and NACARA -------------------------------------------------------------------------
@pytest.mark.parametrize(("data", "status", "code"), [
    ({"nationalities": ["SV"], "arrivals": [{"date": "1990-09-19"}], "abc_registered_on": "1991-10-31"},
     "eligible", "abc.registered"),
    ({"nationalities": ["SV"], "arrivals": [{"date": "1990-09-20"}], "abc_registered_on": "1991-10-31"},
     "not_eligible", "abc.arrived_after"),
    ({"nationalities": ["SV"], "arrivals": [{"date": "1990-01-01"}], "abc_registered_on": "1991-11-01",
      "tps_registrations": []}, "not_eligible", "abc.registered_late"),
    ({"nationalities": ["SV"], "arrivals": [{"date": "1990-01-01"}], "tps_registrations": [
        {"country": "SV", "date": "1991-06-30"}]}, "eligible", "abc.registered_tps"),
    ({"nationalities": ["GT"], "arrivals": [{"date": "1990-10-01"}], "abc_registered_on": "1991-12-31"},
     "eligible", "abc.registered"),
    ({"nationalities": ["GT"], "arrivals": [{"date": "1990-10-02"}], "abc_registered_on": "1991-12-31"},
     "not_eligible", "abc.arrived_after"),
    ({"nationalities": ["GT"], "arrivals": [{"date": "1990-01-01"}], "abc_registered_on": "1992-01-01"},
     "not_eligible", "abc.registered_late"),
    ({"nationalities": ["HN"], "arrivals": [{"date": "1990-01-01"}]}, "not_eligible", "abc.not_national"),
])
def test_abc_class(data: dict[str, object], status: str, code: str) -> None:
    result = run("abc_class", "2025-01-01", **data)
    assert result.status == status
    assert code in codes(result)


def test_abc_class_missing_registration_is_named() -> None:
    result = run("abc_class", "2025-01-01", nationalities=["GT"], arrivals=[{"date": "1990-01-01"}])
    assert result.status == "unknown" and result.missing_facts == ("abc_registered_on",)


ABC_MEMBER = {"nationalities": ["SV"], "abc_registered_on": "1991-05-01", "trips": [],
              "criminal": {"aggravated_felony": False},
              "arrivals": [{"date": "1989-04-01", "manner": "ewi", "apprehended": False}]}


@pytest.mark.parametrize(("change", "status", "code"), [
    ({}, "possibly_eligible", "nacara203.hardship_presumed"),
    ({"criminal": {"aggravated_felony": True}}, "not_eligible", "bar.aggravated_felony"),
    ({"arrivals": [{"date": "1989-04-01", "manner": "ewi", "apprehended": False},
                   {"date": "1991-02-01", "manner": "ewi", "apprehended": True}]}, "unknown", "nacara203.apprehended"),
    ({"arrivals": [{"date": "1989-04-01", "manner": "ewi", "apprehended": False},
                   {"date": "1991-02-01", "manner": "ewi", "apprehended": True}], "asylum_filed_on": "1990-03-15"},
     "possibly_eligible", "nacara203.asylum_in_time"),
    ({"abc_registered_on": None, "tps_registrations": [], "asylum_filed_on": "1990-04-02",
      "arrivals": [{"date": "1989-04-01", "manner": "ewi", "apprehended": False}]},
     "unknown", "nacara203.asylum_too_late"),
    ({"trips": [{"left": "2020-01-01", "returned": "2020-01-20"}]}, "possibly_eligible", "nacara203.trips"),
])
def test_nacara_203(change: dict[str, object], status: str, code: str) -> None:
    data = {**ABC_MEMBER, **change}
    result = run("nacara_203", "2025-01-01", **{k: v for k, v in data.items() if v is not None})
    assert result.status == status, result.render("en")
    assert code in codes(result)


def test_nacara_203_needs_seven_years_of_presence() -> None:
    recent = [{"date": "2019-01-01", "apprehended": False}]
    result = run("nacara_203", "2025-01-01", **{**ABC_MEMBER, "arrivals": recent})
    assert result.status == "not_eligible"
    assert dates(result)["seven_years_presence"] == D("2026-01-01")


def test_nacara_203_is_never_plainly_eligible_because_good_moral_character_needs_review() -> None:
    assert "nacara203.good_moral_character" in codes(run("nacara_203", "2025-01-01", **ABC_MEMBER))


@pytest.mark.parametrize(("data", "on", "status", "code"), [
    ({"nationalities": ["NI"], "arrivals": [{"date": "1990-01-01"}], "trips": []}, "2025-01-01",
     "not_eligible", "nacara202.closed"),
    ({"nationalities": ["CU"], "arrivals": [{"date": "1990-01-01"}], "trips": []}, "2000-03-31",
     "eligible", "nacara202.deadline_open"),
    ({"nationalities": ["CU"], "arrivals": [{"date": "1996-01-01"}], "trips": []}, "2000-03-01",
     "not_eligible", "nacara202.arrived_after"),
    ({"nationalities": ["NI"], "arrivals": [{"date": "1990-01-01"}],
      "trips": [{"left": "1997-01-01", "returned": "1997-07-01"}]}, "2000-03-01", "not_eligible",
     "nacara202.absent_too_long"),
    ({"nationalities": ["SV"]}, "2025-01-01", "not_eligible", "nacara202.not_national"),
])
def test_nacara_202(data: dict[str, object], on: str, status: str, code: str) -> None:
    result = run("nacara_202", on, **data)
    assert result.status == status and code in codes(result)


# --- SIJS, VAWA, U visa ----------------------------------------------------------------------------
@pytest.mark.parametrize(("birth", "married", "on", "status", "code"), [
    ("2005-03-10", False, "2026-03-09", "possibly_eligible", "sijs.under_age"),
    ("2005-03-10", False, "2026-03-10", "not_eligible", "sijs.aged_out"),
    ("2008-02-29", False, "2029-02-27", "possibly_eligible", "sijs.under_age"),
    ("2008-02-29", False, "2029-02-28", "not_eligible", "sijs.aged_out"),  # never too late
    ("2010-01-01", True, "2025-01-01", "not_eligible", "sijs.married"),
])
def test_sijs_age_out(birth: str, married: bool, on: str, status: str, code: str) -> None:
    result = run("sijs", on, birth_date=birth, married=married)
    assert result.status == status and code in codes(result)


def test_sijs_age_out_date_and_checklist() -> None:
    result = run("sijs", "2025-12-01", birth_date="2007-06-30", married=False)
    assert dates(result)["age_out"] == D("2028-06-30")
    assert {"sijs.court_order", "fee.i360_sijs", "sijs.deferred_action_stayed"} <= set(codes(result))
    assert any(w.code == "warning.unverified" for w in result.warnings)  # later deferred-action status


def test_sijs_deferred_action_history() -> None:
    assert "sijs.deferred_action_rescinded" in codes(run("sijs", "2025-08-01", birth_date="2010-01-01",
                                                         married=False))
    assert "sijs.deferred_action_rescinded" not in codes(run("sijs", "2025-05-01", birth_date="2010-01-01",
                                                             married=False))


def test_sijs_missing_facts() -> None:
    result = run("sijs", "2025-01-01")
    assert result.status == "unknown" and set(result.missing_facts) == {"birth_date", "married"}


@pytest.mark.parametrize(("program", "expected"), [
    ("vawa", {"vawa.relationship", "vawa.good_faith_marriage", "vawa.residence", "vawa.abuse",
              "vawa.good_moral_character", "vawa.two_years", "confidentiality.1367"}),
    ("u_visa", {"u_visa.supplement_b", "u_visa.cap", "u_visa.bona_fide", "confidentiality.1367"}),
])
def test_vawa_and_u_visa_are_checklists_needing_review(program: str, expected: set[str]) -> None:
    result = run(program, "2025-01-01")
    assert result.status == "possibly_eligible"
    assert expected == set(codes(result))


def test_1367_penalty_and_u_cap_render_with_numbers() -> None:
    result = run("u_visa", "2025-01-01")
    texts = [r.message.render("en") for r in result.reasons]
    assert any("10,000 principal" in t for t in texts) and any("$5,000" in t for t in texts)


# --- fee waiver -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("size", "income", "on", "status", "code"), [
    (1, 23475, "2025-06-01", "eligible", "fee_waiver.income_ok"),          # 150% of $15,650
    (1, 23476, "2025-06-01", "possibly_eligible", "fee_waiver.hardship"),
    (4, 48225, "2025-06-01", "eligible", "fee_waiver.income_ok"),          # 150% of $32,150
    (4, 48226, "2025-06-01", "possibly_eligible", "fee_waiver.income_over"),
    (8, 81225, "2025-06-01", "eligible", "fee_waiver.income_ok"),          # 150% of $54,150
    (10, 97725, "2025-06-01", "eligible", "fee_waiver.income_ok"),         # 150% of $65,150 (+$5,500 x 2)
    (10, 97726, "2025-06-01", "possibly_eligible", "fee_waiver.income_over"),
    (1, 23940, "2026-02-01", "eligible", "fee_waiver.income_ok"),          # 150% of $15,960 (2026)
    (1, 23941, "2026-02-01", "possibly_eligible", "fee_waiver.income_over"),
    (2, 32460, "2026-02-01", "eligible", "fee_waiver.income_ok"),          # 150% of $21,640 (2026, M)
    (2, 32461, "2026-02-01", "possibly_eligible", "fee_waiver.income_over"),
    (4, 49500, "2026-02-01", "eligible", "fee_waiver.income_ok"),          # 150% of $33,000
    (4, 49501, "2026-02-01", "possibly_eligible", "fee_waiver.income_over"),
    (8, 83580, "2026-02-01", "eligible", "fee_waiver.income_ok"),          # 150% of $55,720
    (10, 100620, "2026-02-01", "eligible", "fee_waiver.income_ok"),        # 150% of $67,080 (+$5,680 x 2)
    (10, 100621, "2026-02-01", "possibly_eligible", "fee_waiver.income_over"),
    (2, 20000, "2026-01-12", "eligible", "fee_waiver.income_ok"),          # last day of the 2025 table
])
def test_fee_waiver_income(size: int, income: int, on: str, status: str, code: str) -> None:
    result = run("fee_waiver", on, household_size=size, household_income=income, means_tested_benefit=False)
    assert result.status == status
    assert code in codes(result)


def test_means_tested_benefit_is_enough() -> None:
    result = run("fee_waiver", "2026-02-01", means_tested_benefit=True)
    assert result.status == "eligible" and result.missing_facts == ()


def test_hr1_fees_are_listed_as_not_waivable() -> None:
    result = run("fee_waiver", "2025-08-01", means_tested_benefit=True)
    reason = next(r for r in result.reasons if r.message.code == "fee_waiver.not_waivable_forms")
    assert {"I-821", "I-589", "I-765", "I-360"} <= set(dict(reason.message.params)["forms"])  # type: ignore[arg-type]
    assert "fee_waiver.hr1_not_waivable" in codes(result)


def test_reduced_n400_fee_at_400_percent() -> None:
    result = run("fee_waiver", "2025-06-01", household_size=1, household_income=62600, means_tested_benefit=False)
    assert "fee_waiver.n400_reduced" in codes(result)
    result = run("fee_waiver", "2025-06-01", household_size=1, household_income=62601, means_tested_benefit=False)
    assert "fee_waiver.n400_reduced" not in codes(result)


def test_fee_waiver_missing_facts() -> None:
    result = run("fee_waiver", "2025-06-01")
    assert result.status == "unknown"
    assert set(result.missing_facts) == {"household_size", "household_income", "means_tested_benefit"}


def test_2026_guidelines_are_used_and_say_where_they_come_from() -> None:
    """RULES.md gives the 2026 table with confidence M (secondary sources quoting 91 FR 1797):
    verified, so a clear answer, with a note on the source in both languages."""
    result = run("fee_waiver", "2026-02-01", household_size=3, household_income=40980, means_tested_benefit=False)
    assert result.status == "eligible"                                      # 150% of $27,320
    assert not any(w.code == "warning.unverified" for w in result.warnings)
    note = next(r for r in result.reasons if r.message.code == "fee_waiver.guideline_2026_secondary")
    assert "91 FR 1797" in note.message.render("en") and "fuentes secundarias" in note.message.render("es")
    ok = next(r for r in result.reasons if r.message.code == "fee_waiver.income_ok")
    assert "$40,980" in ok.message.render("en") and "91 FR 1797" in (ok.source or "")


def test_a_table_without_a_size_still_answers_unknown_rather_than_guess() -> None:
    rules = load_ruleset([{"kind": "poverty_guideline", "id": "db-1", "year": 2027, "region": "48_states",
                           "amounts": [16000], "effective_from": "2027-01-15", "source": "test notice",
                           "verified": False, "confidence": "U"}])
    facts = Facts.from_json({"household_size": 2, "household_income": 10, "means_tested_benefit": False})
    result = screen(facts, date(2027, 2, 1), ruleset=rules, programs=["fee_waiver"]).results[0]
    assert result.status == "unknown"
    assert "fee_waiver.guideline_unknown" in codes(result)
    assert any(w.code == "warning.unverified" for w in result.warnings)
    assert not any("$" in r.message.render("en") for r in result.reasons if r.message.code.startswith("fee_waiver.g"))
