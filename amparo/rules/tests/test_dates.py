from __future__ import annotations

from datetime import date

import pytest

from amparo.rules.dates import (
    add_months,
    add_years,
    age_on,
    format_date,
    is_business_day,
    next_business_day,
    parse_iso_date,
)

D = date.fromisoformat


@pytest.mark.parametrize(("start", "months", "clamp", "expected"), [
    ("2025-01-15", 6, "earlier", "2025-07-15"),
    ("2025-08-31", 6, "earlier", "2026-02-28"),
    ("2025-08-31", 6, "later", "2026-03-01"),
    ("2024-02-29", 12, "earlier", "2025-02-28"),
    ("2024-02-29", 12, "later", "2025-03-01"),
    ("2024-02-29", 48, "earlier", "2028-02-29"),
    ("2025-03-31", -1, "earlier", "2025-02-28"),
    ("2025-01-31", -2, "later", "2024-12-01"),
])
def test_add_months(start: str, months: int, clamp: str, expected: str) -> None:
    assert add_months(D(start), months, clamp) == D(expected)  # type: ignore[arg-type]


def test_add_years_is_twelve_months() -> None:
    assert add_years(D("2020-02-29"), 5, "later") == D("2025-03-01")
    assert add_years(D("2020-02-29"), 5, "earlier") == D("2025-02-28")


@pytest.mark.parametrize(("birth", "on", "age"), [
    ("2000-06-15", "2018-06-14", 17),
    ("2000-06-15", "2018-06-15", 18),
    ("2004-02-29", "2022-02-28", 17),  # a leap-day birthday counts on March 1
    ("2004-02-29", "2022-03-01", 18),
])
def test_age_on(birth: str, on: str, age: int) -> None:
    assert age_on(D(birth), D(on)) == age


@pytest.mark.parametrize(("day", "business"), [
    ("2025-07-04", False),  # Independence Day
    ("2025-07-05", False),  # Saturday
    ("2025-07-07", True),
    ("2025-11-27", False),  # Thanksgiving
    ("2025-11-28", True),   # the day after is not a federal holiday
    ("2025-06-19", False),  # Juneteenth
    ("2026-07-03", False),  # Independence Day observed (July 4, 2026 is a Saturday)
    ("2027-12-24", False),  # Christmas observed (Dec 25, 2027 is a Saturday)
    ("2025-01-20", False),  # Martin Luther King Jr. Day
    ("2025-10-13", False),  # Columbus Day
    ("2025-11-11", False),  # Veterans Day
    ("2025-12-24", True),   # Christmas Eve is a business day
])
def test_federal_holidays_and_weekends(day: str, business: bool) -> None:
    assert is_business_day(D(day)) is business


def test_next_business_day_skips_a_weekend_and_a_holiday() -> None:
    assert next_business_day(D("2025-05-24")) == D("2025-05-27")  # Sat, Sun, Memorial Day
    assert next_business_day(D("2025-05-27")) == D("2025-05-27")


@pytest.mark.parametrize(("day", "lang", "text"), [
    ("2026-07-04", "en", "July 4, 2026"),
    ("2026-07-04", "es", "4 de julio de 2026"),
    ("2025-09-01", "es", "1 de septiembre de 2025"),
])
def test_format_date(day: str, lang: str, text: str) -> None:
    assert format_date(D(day), lang) == text


@pytest.mark.parametrize("bad", ["20250101", "2025-1-01", "2025-02-30", "01/02/2025", "2025-01-01T00:00"])
def test_parse_iso_date_is_strict(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_iso_date(bad)
