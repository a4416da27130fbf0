"""The front-desk card of a person whose file the user may not open (docs/people.md).

The card says who she is, how to reach her and when the center expects her — nothing that
reveals a restricted case: no case kind, team, count, document, note or history. Other modules
add the dates they know of (legal: upcoming hearings, date and time only) with
``register_dates`` when they are imported in their ``ready()``; people never imports them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from .models import Person

DateSource = Callable[[Person], list[dt.datetime]]
_DATES: dict[str, DateSource] = {}


def register_dates(key: str, source: DateSource) -> None:
    """``source(person)``: upcoming dates and times the center expects ``person`` (idempotent by key)."""
    _DATES[key] = source


def expected_dates(person: Person, *, limit: int = 10) -> list[dt.datetime]:
    dates: set[dt.datetime] = set()
    for source in _DATES.values():
        dates.update(source(person))
    return sorted(dates)[:limit]


def card_context(person: Person) -> dict[str, Any]:
    return {
        "person": person,
        "contacts": list(person.contacts.all()),
        "expected": expected_dates(person),
    }
