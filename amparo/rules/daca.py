"""DACA screeners: initial request (8 CFR 236.22 guidelines) and renewal timing."""

from __future__ import annotations

from datetime import date

from .bars import criminal_bars
from .check import Check
from .dates import add_years, age_on
from .deadlines import compute_deadline
from .facts import Facts
from .history import abroad_on, first_arrival, trips_between, unexplained_departures
from .loader import RuleSet
from .records import Record
from .results import ScreenResult


def screen_daca_initial(facts: Facts, on: date, rules: RuleSet) -> ScreenResult:
    c = Check("daca_initial", on, rules)
    g = rules.at("daca_initial", on)
    if g is None:
        c.cannot_tell("daca.no_rule_for_date")
        return c.result()
    cutoff = g.day("born_on_or_after")
    residence, present_on = g.day("residence_since"), g.day("present_on")
    birth = facts.birth_date
    if birth is None:
        c.missing("birth_date")
    elif birth < cutoff:
        c.fail("daca.born_too_early", g, birth=birth, cutoff=cutoff)
    else:
        c.ok("daca.born_ok", g, birth=birth, cutoff=cutoff)

    first = first_arrival(facts)
    if first is None:
        c.missing("arrivals")
    else:
        if birth is not None:
            sixteenth = add_years(birth, g.num("arrival_before_age"), "earlier")
            if first >= sixteenth:
                c.fail("daca.arrived_too_old", g, arrival=first, birthday=sixteenth)
            else:
                c.ok("daca.arrived_young", g, arrival=first, birthday=sixteenth)
        if first > residence:
            c.fail("daca.arrived_after_residence", g, arrival=first, day=residence)
        else:
            c.ok("daca.residence_ok", g, arrival=first, day=residence)
    _continuity(c, facts, residence, present_on, g)
    _lawful_status(c, facts, g.day("no_lawful_status_on"), g)
    _education(c, facts, g)
    criminal_bars(c, facts)
    _age_at_filing(c, facts, g.num("min_filing_age"), g)
    c.policies("daca.education")
    c.policies("daca.initial")
    c.policies("daca.texas_residents")
    c.policies("daca.implementation")
    return c.result()


def _continuity(c: Check, facts: Facts, residence: date, present_on: date, rec: Record) -> None:
    if facts.trips is None:
        c.missing("trips")
        return
    where = abroad_on(facts, present_on)
    if where == "yes":
        c.fail("daca.absent_on_date", rec, day=present_on)
    elif where == "edge":
        c.review("daca.travel_on_date", rec, day=present_on)
    trips = trips_between(facts, residence, c.on)
    departures = unexplained_departures(facts, residence, c.on)
    if trips:
        c.review("daca.trips_since", rec, count=len(trips), day=residence)
    if departures:
        c.review("daca.unexplained_departure", rec, arrival=departures[0], day=residence)
    if abroad_on(facts, c.on) == "yes":
        c.fail("daca.abroad_now", rec)


def _lawful_status(c: Check, facts: Facts, day: date, rec: Record) -> None:
    if facts.lpr_since is not None and facts.lpr_since <= day:
        c.fail("daca.lawful_status_lpr", rec, lpr=facts.lpr_since, day=day)
        return
    before = [a for a in facts.arrivals or () if a.date <= day]
    if not before:
        return  # no arrival by then: the residence checks already say so
    if any(a.manner is None for a in before):
        c.missing("arrivals.manner")
    elif any(a.manner in ("inspected", "parole") for a in before):
        c.review("daca.lawful_status_review", rec, day=day)
    else:
        c.ok("daca.no_lawful_status", rec, day=day)
    if any(r.date <= day for r in facts.tps_registrations or ()):
        c.review("daca.tps_before", rec, day=day)


def _education(c: Check, facts: Facts, rec: Record) -> None:
    if facts.in_school_or_graduated or facts.veteran:
        c.ok("daca.education_ok", rec)
    elif facts.in_school_or_graduated is False and facts.veteran is False:
        c.fail("daca.education_missing", rec)
    else:
        c.missing(*(n for n in ("in_school_or_graduated", "veteran") if getattr(facts, n) is None))


def _age_at_filing(c: Check, facts: Facts, min_age: int, rec: Record) -> None:
    if facts.birth_date is None:
        return
    if age_on(facts.birth_date, c.on) >= min_age:
        return
    c.key_date("turns_15", add_years(facts.birth_date, min_age, "later"), rec)
    if facts.in_removal_proceedings is None:
        c.missing("in_removal_proceedings")
    elif facts.in_removal_proceedings:
        c.ok("daca.young_in_proceedings", rec, age=min_age)
    else:
        c.fail("daca.too_young", rec, age=min_age)


def screen_daca_renewal(facts: Facts, on: date, rules: RuleSet) -> ScreenResult:
    c = Check("daca_renewal", on, rules)
    expires = facts.daca_expires_on
    if expires is None:
        c.missing("daca_expires_on")
        return c.result()
    window = compute_deadline("daca_renewal_window", expires, ruleset=rules)
    rule = rules.by_id(window.rule_id)
    assert window.opens is not None and window.due is not None
    opens, closes = window.opens, window.due
    c.key_date("renewal_window_opens", opens, rule)
    c.key_date("renewal_window_closes", closes, rule)
    c.key_date("daca_expires", expires)
    late = rules.at("daca_renewal", on)
    last_day = add_years(expires, late.num("initial_after_expiry_years"), "earlier") if late else None
    if last_day is not None:
        c.key_date("renewal_last_day", last_day, late)
    if on < opens:
        c.review("daca.renewal_before_window", rule, opens=opens, closes=closes)
    elif on <= closes:
        c.ok("daca.renewal_in_window", rule, opens=opens, closes=closes)
    elif on <= expires:
        c.ok("daca.renewal_late_in_window", rule, closes=closes, expires=expires)
    elif last_day is None:
        c.review("daca.renewal_expired", rule, expires=expires)
    elif on <= last_day:
        c.ok("daca.renewal_after_expiry", late, expires=expires, last_day=last_day)
    else:
        c.fail("daca.renewal_too_late", late, expires=expires, last_day=last_day)
    c.policies("daca.renewal")
    c.policies("daca.texas_residents")
    c.policies("daca.implementation")
    return c.result()
