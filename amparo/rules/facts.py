"""The facts a screener reads, and their strict JSON form.

Every field is optional: ``None`` means "not known", and a screener that needs it answers
``unknown`` and names it. An empty list means "none" (no trips, no registrations).
Dates are ``YYYY-MM-DD``; countries are ISO 3166-1 alpha-2 codes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, Literal, TypeVar, cast

from .countries import is_country_code
from .dates import check_range, parse_iso_date

Manner = Literal["inspected", "ewi", "parole"]
MANNERS: tuple[Manner, ...] = ("inspected", "ewi", "parole")

T = TypeVar("T")


class FactsError(ValueError):
    """Bad facts: ``field`` is the JSON path of the offending value (``arrivals[1].date``)."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


@dataclass(frozen=True)
class Arrival:
    """An entry into the United States (the first one, or any later one)."""

    date: date
    manner: Manner | None = None
    apprehended: bool | None = None


@dataclass(frozen=True)
class Trip:
    """An absence from the United States, from the day of leaving to the day of return."""

    left: date
    returned: date


@dataclass(frozen=True)
class MarriageToUSC:
    since: date | None = None
    spouse_citizen_since: date | None = None
    living_together: bool | None = None


@dataclass(frozen=True)
class TPSRegistration:
    country: str
    date: date


@dataclass(frozen=True)
class Criminal:
    felonies: int | None = None
    misdemeanors: int | None = None
    significant_misdemeanors: int | None = None
    aggravated_felony: bool | None = None


@dataclass(frozen=True)
class Facts:
    birth_date: date | None = None
    country_of_birth: str | None = None
    nationalities: tuple[str, ...] | None = None
    arrivals: tuple[Arrival, ...] | None = None
    trips: tuple[Trip, ...] | None = None
    lpr_since: date | None = None
    married_to_usc: MarriageToUSC | None = None
    state_residence_since: date | None = None
    tps_registrations: tuple[TPSRegistration, ...] | None = None
    abc_registered_on: date | None = None
    asylum_filed_on: date | None = None
    daca_expires_on: date | None = None
    in_school_or_graduated: bool | None = None
    veteran: bool | None = None
    criminal: Criminal | None = None
    married: bool | None = None
    household_size: int | None = None
    household_income: float | None = None
    means_tested_benefit: bool | None = None
    in_removal_proceedings: bool | None = None

    @classmethod
    def from_json(cls, data: object) -> Facts:
        """Build facts from parsed JSON; raise :class:`FactsError` naming the bad field."""
        obj = _object(data, "facts", FACT_FIELDS)
        values: dict[str, Any] = {}
        for name, value in obj.items():
            if value is not None:
                values[name] = _PARSERS[name](value, name)
        return cls(**values)

    def to_json(self) -> dict[str, Any]:
        """The JSON form accepted by :meth:`from_json` (known fields only)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None:
                out[f.name] = _dump(value)
        return out


def _dump(value: object) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_dump(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _dump(getattr(value, f.name)) for f in fields(cast(Any, value))
                if getattr(value, f.name) is not None}
    return value


# --- parsing helpers -------------------------------------------------------------------------

def _object(value: object, path: str, allowed: tuple[str, ...]) -> dict[str, object]:
    if not isinstance(value, dict):
        raise FactsError(path, "expected an object")
    for key in value:
        if not isinstance(key, str) or key not in allowed:
            raise FactsError(f"{path}.{key}" if path != "facts" else str(key),
                             f"unknown field; known fields: {', '.join(allowed)}")
    return cast(dict[str, object], value)


def _date(value: object, path: str) -> date:
    if not isinstance(value, str):
        raise FactsError(path, "expected a date as a string YYYY-MM-DD")
    try:
        day = parse_iso_date(value)
    except ValueError:
        raise FactsError(path, f"expected a real date as YYYY-MM-DD, got {value!r}") from None
    try:
        return check_range(day, path)
    except ValueError as exc:
        raise FactsError(path, str(exc).split(": ", 1)[1]) from None


def _bool(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        raise FactsError(path, "expected true or false")
    return value


def _count(value: object, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FactsError(path, "expected a whole number, 0 or more")
    return value


def _household_size(value: object, path: str) -> int:
    size = _count(value, path)
    if size < 1:
        raise FactsError(path, "expected a whole number, 1 or more")
    return size


def _money(value: object, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or value < 0:
        raise FactsError(path, "expected an amount in U.S. dollars a year, 0 or more")
    return float(value)


def _country(value: object, path: str) -> str:
    if not isinstance(value, str) or not is_country_code(value):
        raise FactsError(path, f"expected an ISO 3166-1 alpha-2 country code such as \"SV\", got {value!r}")
    return value


def _list(item: Callable[[object, str], T]) -> Callable[[object, str], tuple[T, ...]]:
    def parse(value: object, path: str) -> tuple[T, ...]:
        if not isinstance(value, list):
            raise FactsError(path, "expected a list")
        return tuple(item(v, f"{path}[{i}]") for i, v in enumerate(value))
    return parse


def _required(obj: dict[str, object], key: str, path: str) -> object:
    if obj.get(key) is None:
        raise FactsError(f"{path}.{key}", "required")
    return obj[key]


def _arrival(value: object, path: str) -> Arrival:
    obj = _object(value, path, ("date", "manner", "apprehended"))
    manner = obj.get("manner")
    if manner is not None and manner not in MANNERS:
        raise FactsError(f"{path}.manner", f"expected one of {', '.join(MANNERS)}, got {manner!r}")
    apprehended = obj.get("apprehended")
    return Arrival(
        date=_date(_required(obj, "date", path), f"{path}.date"),
        manner=manner,
        apprehended=None if apprehended is None else _bool(apprehended, f"{path}.apprehended"),
    )


def _trip(value: object, path: str) -> Trip:
    obj = _object(value, path, ("left", "returned"))
    left = _date(_required(obj, "left", path), f"{path}.left")
    returned = _date(_required(obj, "returned", path), f"{path}.returned")
    if returned < left:
        raise FactsError(f"{path}.returned", "the return is before the departure")
    return Trip(left=left, returned=returned)


def _optional(obj: dict[str, object], key: str, path: str, parse: Callable[[object, str], T]) -> T | None:
    value = obj.get(key)
    return None if value is None else parse(value, f"{path}.{key}")


def _marriage(value: object, path: str) -> MarriageToUSC:
    obj = _object(value, path, ("since", "spouse_citizen_since", "living_together"))
    return MarriageToUSC(
        since=_optional(obj, "since", path, _date),
        spouse_citizen_since=_optional(obj, "spouse_citizen_since", path, _date),
        living_together=_optional(obj, "living_together", path, _bool),
    )


def _registration(value: object, path: str) -> TPSRegistration:
    obj = _object(value, path, ("country", "date"))
    return TPSRegistration(
        country=_country(_required(obj, "country", path), f"{path}.country"),
        date=_date(_required(obj, "date", path), f"{path}.date"),
    )


def _criminal(value: object, path: str) -> Criminal:
    obj = _object(value, path, ("felonies", "misdemeanors", "significant_misdemeanors", "aggravated_felony"))
    return Criminal(
        felonies=_optional(obj, "felonies", path, _count),
        misdemeanors=_optional(obj, "misdemeanors", path, _count),
        significant_misdemeanors=_optional(obj, "significant_misdemeanors", path, _count),
        aggravated_felony=_optional(obj, "aggravated_felony", path, _bool),
    )


_PARSERS: dict[str, Callable[[object, str], Any]] = {
    "birth_date": _date,
    "country_of_birth": _country,
    "nationalities": _list(_country),
    "arrivals": _list(_arrival),
    "trips": _list(_trip),
    "lpr_since": _date,
    "married_to_usc": _marriage,
    "state_residence_since": _date,
    "tps_registrations": _list(_registration),
    "abc_registered_on": _date,
    "asylum_filed_on": _date,
    "daca_expires_on": _date,
    "in_school_or_graduated": _bool,
    "veteran": _bool,
    "criminal": _criminal,
    "married": _bool,
    "household_size": _household_size,
    "household_income": _money,
    "means_tested_benefit": _bool,
    "in_removal_proceedings": _bool,
}

FACT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Facts))
assert set(FACT_FIELDS) == set(_PARSERS), "every Facts field needs a JSON parser"
