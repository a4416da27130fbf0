"""Facts for a screening, taken from what the person's record already says.

A screening starts from everything intake recorded (birth, country of birth, nationalities,
arrivals, trips, spouse, household) and asks only for what is truly missing. Where the record
suggests an answer without stating it (the country of birth as the nationality) the form shows
it filled in, marked "confirm"; where it knows a date only roughly, the form says what it knows
and asks for the day, never inventing one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
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
    elif born_in:  # most people are nationals of the country they were born in: shown to confirm
        facts["nationalities"] = [born_in]
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
    facts.update(_family(person))
    return facts


def _family(person: Any) -> dict[str, Any]:
    """A current spouse (married: yes) and the size of the current household, from intake's family."""
    from amparo.people.models import HouseholdMember, Relationship

    facts: dict[str, Any] = {}
    spouse = Relationship.objects.filter(person=person, kind=Relationship.Kind.SPOUSE, until__isnull=True)
    if spouse.exists() or Relationship.objects.filter(other=person, kind=Relationship.Kind.SPOUSE,
                                                      until__isnull=True).exists():
        facts["married"] = True
    home = HouseholdMember.objects.filter(person=person, until__isnull=True).values("household_id")
    size = HouseholdMember.objects.filter(household_id__in=home[:1], until__isnull=True).count()
    if size:
        facts["household_size"] = size
    return facts


@dataclass
class Prefill:
    """What the form starts from: the facts, the fields to confirm (suggested, not recorded), and
    what the record knows only roughly (said in words, asked again)."""

    facts: dict[str, Any]
    confirm: set[str] = field(default_factory=set)
    recorded: set[str] = field(default_factory=set)
    rough: list[str] = field(default_factory=list)
    arrival_rows: list[dict[str, Any]] = field(default_factory=list)


_FORM_FIELDS = {"birth_date": "birth_date", "country_of_birth": "country_of_birth", "nationalities": "nationality",
                "married": "married", "household_size": "household_size", "trips": "any_trips"}


def prefill_for_person(person: Any) -> Prefill:
    facts = facts_for_person(person)
    out = Prefill(facts=facts)
    out.recorded = {form_name for name, form_name in _FORM_FIELDS.items() if name in facts}
    if not (person.nationalities or "").strip() and "nationalities" in facts:
        out.confirm.add("nationality")
        out.recorded.discard("nationality")
    if person.birth and "birth_date" not in facts:
        out.rough.append(_("Birth date recorded as %(date)s: give the exact day if it is known.")
                         % {"date": person.birth})
    from amparo.core.partial_dates import PartialDate

    for arrival in person.arrivals.all():
        if _exact(arrival.date, arrival.date_precision, arrival.date_approximate):
            continue
        when = PartialDate.from_parts(arrival.date, arrival.date_precision, arrival.date_approximate)
        row = {"manner": arrival.manner if arrival.manner in _MANNERS else "",
               "apprehended": arrival.apprehended if arrival.apprehended in _YES_NO else ""}
        out.arrival_rows.append(row)
        out.rough.append(_("Arrival recorded as %(date)s (%(manner)s): give the exact day if it is known.")
                         % {"date": when or _("date not known"), "manner": arrival.get_manner_display()})
    return out
