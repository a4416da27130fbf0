"""TPS screener: designation in force on the date, residence and presence dates, bars."""

from __future__ import annotations

from datetime import date

import pytest

from amparo.rules import Facts, ScreenResult, screen

D = date.fromisoformat
CLEAN = {"felonies": 0, "misdemeanors": 0}


def person(country: str, arrival: str = "1995-06-01", registered: str | None = "2002-01-15",
           **extra: object) -> Facts:
    data: dict[str, object] = {
        "nationalities": [country],
        "arrivals": [{"date": arrival, "manner": "ewi", "apprehended": False}],
        "trips": [],
        "tps_registrations": [{"country": country, "date": registered}] if registered else [],
        "criminal": CLEAN,
    }
    data.update(extra)
    return Facts.from_json(data)


def tps(facts: Facts, on: str) -> dict[str, ScreenResult]:
    return {r.cohort or "": r for r in screen(facts, D(on), programs=["tps"]).results}


def codes(result: ScreenResult) -> list[str]:
    return [r.message.code for r in result.reasons]


# country, registered, on, cohort, status, a reason code that must be there
TABLE = [
    ("SV", "2002-01-15", "2025-02-01", "SV-2001", "eligible", "tps.re_registration_open"),
    ("SV", "2002-01-15", "2025-03-18", "SV-2001", "eligible", "tps.re_registration_open"),
    ("SV", "2002-01-15", "2025-06-01", "SV-2001", "possibly_eligible", "tps.late_re_registration"),
    ("SV", "2002-01-15", "2026-09-09", "SV-2001", "possibly_eligible", "tps.state.in_force"),
    ("SV", "2002-01-15", "2026-09-10", "SV-2001", "possibly_eligible", "tps.sv_after_extension"),
    ("SV", None, "2025-02-01", "SV-2001", "possibly_eligible", "tps.initial_registration"),
    ("HN", "2000-01-15", "2025-09-07", "HN-1999", "possibly_eligible", "tps.state.in_force"),
    ("HN", "2000-01-15", "2025-09-08", "HN-1999", "not_eligible", "tps.state.terminated"),
    ("HN", "2000-01-15", "2025-12-31", "HN-1999", "possibly_eligible", "tps.termination_vacated_district"),
    ("HN", "2000-01-15", "2026-02-08", "HN-1999", "possibly_eligible", "tps.termination_vacated_district"),
    ("HN", "2000-01-15", "2026-02-09", "HN-1999", "not_eligible", "tps.terminated_vacatur_stayed"),
    ("NI", "2000-01-15", "2025-09-08", "NI-1999", "not_eligible", "tps.state.terminated"),
    ("NI", "2000-01-15", "2026-01-10", "NI-1999", "possibly_eligible", "tps.termination_vacated_district"),
    ("NI", "2000-01-15", "2026-03-01", "NI-1999", "not_eligible", "tps.terminated_vacatur_stayed"),
    ("VE", "2021-05-01", "2025-11-06", "VE-2021", "possibly_eligible", "tps.state.in_force"),
    ("VE", "2021-05-01", "2025-11-07", "VE-2021", "not_eligible", "tps.state.terminated"),
    ("VE", "2023-11-01", "2025-04-06", "VE-2023", "possibly_eligible", "tps.state.in_force"),
    ("VE", "2023-11-01", "2025-04-07", "VE-2023", "not_eligible", "tps.state.terminated"),
    ("HT", "2024-09-01", "2026-02-01", "HT-2024", "possibly_eligible", "tps.state.in_force"),
    ("HT", "2024-09-01", "2026-02-02", "HT-2024", "possibly_eligible", "tps.termination_stayed_miot"),
    ("HT", "2024-09-01", "2026-06-25", "HT-2024", "possibly_eligible", "tps.ht_after_mullin"),
    ("HT", "2024-09-01", "2024-08-03", "HT-2024", "not_eligible", "tps.not_designated_yet"),
]


@pytest.mark.parametrize(("country", "registered", "on", "cohort", "status", "code"), TABLE)
def test_cohort_status_on_the_date(country: str, registered: str | None, on: str, cohort: str,
                                   status: str, code: str) -> None:
    arrival = "2019-01-01" if country == "VE" else "2024-01-01" if country == "HT" else "1995-06-01"
    result = tps(person(country, arrival, registered), on)[cohort]
    assert result.status == status
    assert code in codes(result)
    assert result.sources


@pytest.mark.parametrize(("country", "on", "cohort"), [
    ("SV", "2026-10-01", "SV-2001"),
    ("HT", "2026-07-01", "HT-2024"),
])
def test_unverified_status_shows_a_warning_and_is_never_eligible(country: str, on: str, cohort: str) -> None:
    arrival = "2024-01-01" if country == "HT" else "1995-06-01"
    result = tps(person(country, arrival, "2024-09-01" if country == "HT" else "2002-01-15"), on)[cohort]
    assert result.status == "possibly_eligible"
    assert [w.code for w in result.warnings].count("warning.unverified") >= 1
    assert "Unverified" in result.warnings[0].render("en")
    assert "Sin verificar" in result.warnings[0].render("es")


def test_el_salvador_after_2026_09_09_shows_the_statutory_extension_date() -> None:
    result = tps(person("SV"), "2026-10-01")["SV-2001"]
    dates = {k.name: k for k in result.key_dates}
    assert dates["automatic_extension_until"].date == D("2027-03-09")
    assert dates["automatic_extension_until"].verified is False
    assert dates["residence_since"].date == D("2001-02-13")
    assert dates["presence_since"].date == D("2001-03-09")


@pytest.mark.parametrize(("cohort_country", "arrival", "status"), [
    ("SV", "2001-02-13", "eligible"),       # on the residence date
    ("SV", "2001-02-14", "not_eligible"),   # a day late
    ("HN", "1998-12-30", "possibly_eligible"),
    ("HN", "1998-12-31", "not_eligible"),
    ("VE", "2023-07-31", "possibly_eligible"),  # VE-2023 residence date
    ("HT", "2024-06-03", "possibly_eligible"),
    ("HT", "2024-06-04", "not_eligible"),
])
def test_continuous_residence_date_per_cohort(cohort_country: str, arrival: str, status: str) -> None:
    on = {"SV": "2025-02-01", "HN": "2025-01-10", "VE": "2025-03-01", "HT": "2025-06-01"}[cohort_country]
    results = tps(person(cohort_country, arrival, "2024-10-01" if cohort_country != "SV" else "2002-01-01"), on)
    result = results["VE-2023"] if cohort_country == "VE" else next(iter(results.values()))
    assert result.status == status


def test_venezuelans_are_screened_for_both_cohorts() -> None:
    results = tps(person("VE", "2019-01-01", "2021-05-01"), "2025-03-01")
    assert set(results) == {"VE-2021", "VE-2023"}
    results = tps(person("VE", "2022-01-01", "2023-11-01"), "2025-03-01")
    assert results["VE-2021"].status == "not_eligible"  # arrived after 2021-03-08


@pytest.mark.parametrize(("criminal", "status", "code"), [
    ({"felonies": 1, "misdemeanors": 0}, "not_eligible", "bar.felonies"),
    ({"felonies": 0, "misdemeanors": 2}, "not_eligible", "bar.misdemeanors"),
    ({"felonies": 0, "misdemeanors": 1}, "eligible", "bar.none"),
])
def test_criminal_bars(criminal: dict[str, int], status: str, code: str) -> None:
    result = tps(person("SV", criminal=criminal), "2025-02-01")["SV-2001"]
    assert result.status == status
    assert code in codes(result)


@pytest.mark.parametrize(("drop", "missing"), [
    ("nationalities", "nationalities"),
    ("criminal", "criminal"),
    ("arrivals", "arrivals"),
    ("trips", "trips"),
    ("tps_registrations", "tps_registrations"),
])
def test_missing_facts_are_named(drop: str, missing: str) -> None:
    data = person("SV").to_json()
    del data[drop]
    result = screen(Facts.from_json(data), D("2025-02-01"), programs=["tps"]).results[0]
    assert result.status == "unknown"
    assert missing in result.missing_facts


def test_partial_criminal_history_names_the_missing_count() -> None:
    result = tps(person("SV", criminal={"felonies": 0}), "2025-02-01")["SV-2001"]
    assert result.status == "unknown" and result.missing_facts == ("criminal.misdemeanors",)


@pytest.mark.parametrize(("country", "status", "code"), [
    ("GT", "not_eligible", "tps.never_designated"),
    ("MX", "not_eligible", "tps.never_designated"),
    ("CO", "unknown", "tps.no_data_for_country"),
])
def test_countries_without_a_cohort(country: str, status: str, code: str) -> None:
    result = screen(Facts.from_json({"nationalities": [country]}), D("2025-02-01"), programs=["tps"]).results[0]
    assert result.status == status and codes(result) == [code]


def test_trips_after_the_residence_date_need_review() -> None:
    facts = person("SV", trips=[{"left": "2010-12-20", "returned": "2011-01-05"}])
    result = tps(facts, "2025-02-01")["SV-2001"]
    assert result.status == "possibly_eligible" and "tps.trips_since" in codes(result)


def test_a_later_arrival_without_a_trip_means_an_unlisted_departure() -> None:
    facts = person("SV", arrivals=[{"date": "1995-06-01", "manner": "ewi"}, {"date": "2008-03-01", "manner": "ewi"}])
    result = tps(facts, "2025-02-01")["SV-2001"]
    assert "tps.unexplained_departure" in codes(result)


def test_hr1_fees_and_ead_rules_show_after_2025_07_22() -> None:
    before = codes(tps(person("SV"), "2025-07-21")["SV-2001"])
    after = codes(tps(person("SV"), "2025-11-01")["SV-2001"])
    assert "fee.i821_initial" not in before
    assert {"fee.i821_initial", "fee.ead_initial", "fee.ead_renewal", "tps.ead_validity",
            "ead.automatic_extension_ended"} <= set(after)
