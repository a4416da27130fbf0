"""``screen()``: run the screeners for a person on a date."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from .asylum import screen_asylum
from .daca import screen_daca_initial, screen_daca_renewal
from .dates import check_range
from .facts import Facts
from .fee_waiver import screen_fee_waiver
from .loader import RuleSet, load_ruleset
from .nacara import screen_abc_class, screen_nacara_202, screen_nacara_203
from .naturalization import screen_naturalization
from .records import PROGRAMS
from .results import Screening, ScreenResult
from .survivors import screen_sijs, screen_u_visa, screen_vawa
from .tps import screen_tps

Screener = Callable[[Facts, date, RuleSet], "ScreenResult | list[ScreenResult]"]

SCREENERS: dict[str, Screener] = {
    "tps": screen_tps,
    "daca_initial": screen_daca_initial,
    "daca_renewal": screen_daca_renewal,
    "naturalization": screen_naturalization,
    "asylum": screen_asylum,
    "abc_class": screen_abc_class,
    "nacara_203": screen_nacara_203,
    "nacara_202": screen_nacara_202,
    "sijs": screen_sijs,
    "vawa": screen_vawa,
    "u_visa": screen_u_visa,
    "fee_waiver": screen_fee_waiver,
}
assert tuple(SCREENERS) == PROGRAMS


def list_programs() -> tuple[str, ...]:
    return PROGRAMS


def screen(facts: Facts, on: date, ruleset: RuleSet | None = None,
           programs: Iterable[str] | None = None) -> Screening:
    """Screen ``facts`` on the date ``on`` (the caller's "today"; the engine never reads the clock).

    ``programs`` limits the screeners run (default: all, in the order of ``list_programs()``).
    Dates (``on`` and the facts') must be between 1900-01-01 and 2100-12-31.
    """
    check_range(on, "screening date")
    rules = ruleset or load_ruleset()
    wanted = PROGRAMS if programs is None else tuple(dict.fromkeys(programs))
    unknown = [p for p in wanted if p not in SCREENERS]
    if unknown:
        raise ValueError(f"unknown program(s) {', '.join(unknown)}; known: {', '.join(PROGRAMS)}")
    results: list[ScreenResult] = []
    for name in wanted:
        out = SCREENERS[name](facts, on, rules)
        results.extend(out if isinstance(out, list) else [out])
    return Screening(on=on, rules_version=rules.version, results=tuple(results))
