"""Questions about a person's entries and absences, answered from ``arrivals`` and ``trips``.

``arrivals`` are entries into the U.S.; ``trips`` are absences (left .. returned). A later
arrival that matches no trip's return still means the person left at some point before it,
so continuity since a date before that arrival needs review.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from .facts import Facts, Trip


def first_arrival(facts: Facts) -> date | None:
    if not facts.arrivals:
        return None
    return min(a.date for a in facts.arrivals)


def last_entry(facts: Facts, on: date) -> date | None:
    """The last time the person came into the U.S. on or before ``on`` (arrival or return)."""
    entries = [a.date for a in facts.arrivals or ()] + [t.returned for t in facts.trips or ()]
    entries = [d for d in entries if d <= on]
    return max(entries, default=None)


def trips_between(facts: Facts, start: date, end: date) -> list[Trip]:
    """Trips with at least one day abroad after ``start`` and on or before ``end``."""
    return [t for t in facts.trips or () if t.returned > start and t.left < end]


def unexplained_departures(facts: Facts, after: date, until: date) -> list[date]:
    """Arrivals after ``after`` (up to ``until``) that are not the return from a listed trip,
    other than the very first arrival: each implies a departure that is not in ``trips``."""
    first = first_arrival(facts)
    returns = {t.returned for t in facts.trips or ()}
    return sorted(a.date for a in facts.arrivals or ()
                  if after < a.date <= until and a.date != first and a.date not in returns)


def abroad_on(facts: Facts, day: date) -> Literal["no", "yes", "edge"]:
    """Was the person outside the U.S. on ``day``? ``edge``: ``day`` is a departure or return day."""
    for t in facts.trips or ():
        if t.left < day < t.returned:
            return "yes"
        if day in (t.left, t.returned):
            return "edge"
    return "no"


def days_abroad(facts: Facts, start: date, end: date, *, count_travel_days: bool) -> int:
    """Days abroad in ``[start, end)``. With ``count_travel_days`` the days of leaving and
    returning count as days abroad (the cautious count); without, only the days between."""
    spans: list[tuple[date, date]] = []
    for t in facts.trips or ():
        first = t.left if count_travel_days else t.left + timedelta(days=1)
        last = t.returned if count_travel_days else t.returned - timedelta(days=1)
        lo, hi = max(first, start), min(last, end - timedelta(days=1))
        if hi >= lo:
            spans.append((lo, hi))
    total = 0
    current: tuple[date, date] | None = None
    for lo, hi in sorted(spans):  # merge overlapping trips so no day counts twice
        if current and lo <= current[1]:
            current = (current[0], max(current[1], hi))
            continue
        if current:
            total += (current[1] - current[0]).days + 1
        current = (lo, hi)
    if current:
        total += (current[1] - current[0]).days + 1
    return total
