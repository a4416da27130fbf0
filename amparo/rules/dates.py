"""Date arithmetic for the rules: calendar periods, ages, business days, formatting.

Choices that matter for a deadline (documented in README.md):

* Business days are Monday to Friday that are not U.S. federal holidays. Federal holidays
  come from the ``holidays`` package, ``holidays.country_holidays("US")`` with its default
  "public" category: the eleven federal holidays (with Juneteenth from 2021), including the
  Friday or Monday "observed" day when a holiday falls on a weekend. State holidays and the
  Washington-area Inauguration Day are not counted.
* Adding months or years to a date whose day does not exist in the target month (Feb 29,
  Aug 31 + 6 months) needs a choice. Callers say which: ``"earlier"`` moves to the last day of
  the month (used for last days and age limits, so the answer is never too late) and
  ``"later"`` moves to the first day of the next month (used for earliest filing dates and
  minimum ages, so the answer is never too early).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

import holidays

Clamp = Literal["earlier", "later"]
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
MONTHS_ES = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)


# The engine works on dates in this range: wide enough for any case, narrow enough that adding
# years or months never runs off the calendar.
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)


def check_range(day: date, what: str) -> date:
    if not EARLIEST <= day <= LATEST:
        raise ValueError(f"{what}: {day.isoformat()} is outside the supported range "
                         f"{EARLIEST.isoformat()} to {LATEST.isoformat()}")
    return day


def add_months(start: date, months: int, clamp: Clamp) -> date:
    """``start`` plus a number of calendar months (negative to go back)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    last = calendar.monthrange(year, month)[1]
    if start.day <= last:
        return date(year, month, start.day)
    if clamp == "earlier":
        return date(year, month, last)
    return date(year, month, last) + timedelta(days=1)


def add_years(start: date, years: int, clamp: Clamp) -> date:
    """``start`` plus whole calendar years; Feb 29 follows ``clamp`` in other years."""
    return add_months(start, 12 * years, clamp)


def age_on(birth: date, on: date) -> int:
    """Completed years of age on ``on``; a Feb 29 birthday counts on March 1 (never too old)."""
    years = on.year - birth.year
    if add_years(birth, years, "later") > on:
        years -= 1
    return years


def is_federal_holiday(day: date) -> bool:
    return day in _federal_holidays(day.year)


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and not is_federal_holiday(day)


def next_business_day(day: date) -> date:
    """``day`` itself when it is a business day, else the next one."""
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


@lru_cache(maxsize=256)
def _federal_holidays(year: int) -> frozenset[date]:
    if year < 1 or year > 9998:
        return frozenset()
    return frozenset(holidays.country_holidays("US", years=year).keys())


def format_date(day: date, lang: str) -> str:
    """A date the way a reader of ``lang`` expects it: "July 4, 2026" / "4 de julio de 2026"."""
    if lang == "es":
        return f"{day.day} de {MONTHS_ES[day.month - 1]} de {day.year}"
    return f"{MONTHS_EN[day.month - 1]} {day.day}, {day.year}"


def parse_iso_date(text: str) -> date:
    """Strict ``YYYY-MM-DD`` (``date.fromisoformat`` alone also accepts ``20260704``)."""
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(f"expected a date as YYYY-MM-DD, got {text!r}")
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"expected a date as YYYY-MM-DD, got {text!r} ({exc})") from None
