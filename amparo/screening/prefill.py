"""Facts for a screening, taken from what the person's record already says."""

from __future__ import annotations

from typing import Any

from django_countries import countries

from amparo.rules.countries import is_country_code

_MANNERS = {"inspected", "ewi", "parole"}
_YES_NO = {"yes": True, "no": False}


def country_code(value: str) -> str | None:
    """ISO code for "SV", "El Salvador" or "Guatemala"; None when the text names no country."""
    text = (value or "").strip()
    if not text:
        return None
    if len(text) == 2 and is_country_code(text.upper()):
        return text.upper()
    for language in ("en", "es"):
        code = countries.by_name(text, language=language)
        if code:
            return str(code)
    return None


def _exact(date: Any, precision: str, approximate: bool = False) -> str | None:
    return date.isoformat() if date and precision == "day" and not approximate else None


def facts_for_person(person: Any) -> dict[str, Any]:
    """The FACTS.json fields the person's record can answer; the rest are asked on the form.

    Only exact facts are used: a date known only to the month or year is left for the screener
    to ask, never completed with an invented day.
    """
    facts: dict[str, Any] = {}
    birth = _exact(person.birth_date, person.birth_precision, person.birth_approximate)
    if birth:
        facts["birth_date"] = birth
    born_in = country_code(person.country_of_birth)
    if born_in:
        facts["country_of_birth"] = born_in
    nationalities = [c for c in (country_code(n) for n in (person.nationalities or "").split(",")) if c]
    if nationalities:
        facts["nationalities"] = list(dict.fromkeys(nationalities))
    arrivals = []
    for arrival in person.arrivals.all():
        when = _exact(arrival.date, arrival.date_precision, arrival.date_approximate)
        if when:
            row: dict[str, Any] = {"date": when}
            if arrival.manner in _MANNERS:
                row["manner"] = arrival.manner
            if arrival.apprehended in _YES_NO:
                row["apprehended"] = _YES_NO[arrival.apprehended]
            arrivals.append(row)
    if arrivals:
        facts["arrivals"] = sorted(arrivals, key=lambda a: a["date"])
    trips = []
    for trip in person.trips.all():
        left, back = _exact(trip.departed, trip.departed_precision), _exact(trip.returned, trip.returned_precision)
        if left and back:
            trips.append({"left": left, "returned": back})
    if trips:
        facts["trips"] = trips
    return facts
