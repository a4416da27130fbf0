"""ABC settlement class, NACARA section 203 and NACARA section 202 screeners."""

from __future__ import annotations

from datetime import date

from .bars import criminal_bars
from .check import Check, best_of, combine
from .dates import add_years
from .facts import Facts
from .history import days_abroad, first_arrival, trips_between, unexplained_departures
from .loader import RuleSet
from .records import Record
from .results import ScreenResult


def screen_abc_class(facts: Facts, on: date, rules: RuleSet) -> ScreenResult:
    classes = rules.all_at("abc_class", on)
    mine = _my_classes(facts, classes)
    if mine is None or not mine:
        c = Check("abc_class", on, rules)
        if mine is None:
            c.missing("nationalities")
        elif classes:
            c.fail("abc.not_national", classes[0], countries=tuple(r.text("country") for r in classes))
        return c.result()
    checks = []
    for rec in mine:
        c = Check("abc_class", on, rules)
        abc_member(c, facts, rec)
        checks.append(c)
    return best_of("abc_class", on, rules, checks)


def _my_classes(facts: Facts, classes: tuple[Record, ...]) -> list[Record] | None:
    if facts.nationalities is None:
        return None
    return [r for r in classes if r.text("country") in facts.nationalities]


def abc_member(c: Check, facts: Facts, rec: Record) -> None:
    """Is the person in the ABC class through ``rec`` (one country's class definition)?"""
    country, in_us_by, registered_by = rec.text("country"), rec.day("in_us_by"), rec.day("registered_by")
    c.ok("abc.national", rec, country=country)
    first = first_arrival(facts)
    if first is None:
        c.missing("arrivals")
    elif first > in_us_by:
        c.fail("abc.arrived_after", rec, arrival=first, day=in_us_by)
    else:
        c.ok("abc.in_us_by", rec, arrival=first, day=in_us_by)
    counts_tps = rec.flag("tps_registration_counts")
    tps_in_time = [r.date for r in facts.tps_registrations or ()
                   if r.country == country and r.date <= registered_by]
    registered = facts.abc_registered_on
    if registered is not None and registered <= registered_by:
        c.ok("abc.registered", rec, registered=registered, day=registered_by)
    elif counts_tps and tps_in_time:
        c.ok("abc.registered_tps", rec, registered=min(tps_in_time), day=registered_by)
    elif counts_tps and facts.tps_registrations is None:
        c.missing(*(["abc_registered_on"] if registered is None else []), "tps_registrations")
    elif registered is not None:
        c.fail("abc.registered_late", rec, registered=registered, day=registered_by)
    else:
        c.missing("abc_registered_on")


def screen_nacara_203(facts: Facts, on: date, rules: RuleSet) -> ScreenResult:
    rule = rules.at("nacara_203", on)
    common = Check("nacara_203", on, rules)
    if rule is None:
        common.cannot_tell("nacara203.no_rule_for_date")
        return common.result()
    _presence_7_years(common, facts, rule)
    criminal_bars(common, facts)
    common.policies("nacara_203.requirements")
    common.policies("nacara_203.other_categories")
    paths = [_abc_path(facts, on, rules, rule), _asylum_path(facts, on, rules, rule)]
    return combine("nacara_203", on, rules, common, paths)


def _presence_7_years(c: Check, facts: Facts, rule: Record) -> None:
    years = rule.num("presence_years")
    first = first_arrival(facts)
    if first is None:
        c.missing("arrivals")
        return
    met = add_years(first, years, "later")
    if c.on < met:
        c.key_date("seven_years_presence", met, rule)
        c.fail("nacara203.presence_short", rule, years=years, day=met)
        return
    c.ok("nacara203.presence_ok", rule, years=years, arrival=first)
    if facts.trips is None:
        c.missing("trips")
        return
    since = add_years(c.on, -years, "earlier")
    if trips_between(facts, since, c.on) or unexplained_departures(facts, since, c.on):
        c.review("nacara203.trips", rule, years=years)


def _abc_path(facts: Facts, on: date, rules: RuleSet, rule: Record) -> Check:
    c = Check("nacara_203", on, rules)
    mine = _my_classes(facts, rules.all_at("abc_class", on))
    if mine is None:
        c.missing("nationalities")
        return c
    if not mine:
        c.fail("nacara203.not_abc_national", rule)
        return c
    abc_member(c, facts, mine[0])
    cutoff = rule.day("apprehended_after")
    later = [a for a in facts.arrivals or () if a.date > cutoff]
    if any(a.apprehended for a in later):
        c.fail("nacara203.apprehended", rule, day=cutoff)
    elif any(a.apprehended is None for a in later):
        c.missing("arrivals.apprehended")
    elif facts.arrivals:
        c.ok("nacara203.not_apprehended", rule, day=cutoff)
    c.policies("nacara_203.hardship_abc")
    return c


def _asylum_path(facts: Facts, on: date, rules: RuleSet, rule: Record) -> Check:
    c = Check("nacara_203", on, rules)
    countries = rule.texts("asylum_countries")
    by = rule.day("asylum_filed_by")
    if facts.nationalities is None:
        c.missing("nationalities")
    elif not set(countries) & set(facts.nationalities):
        c.fail("nacara203.asylum_path_not_national", rule, countries=countries)
        return c
    filed = facts.asylum_filed_on
    if filed is None:
        c.missing("asylum_filed_on")
    elif filed > by:
        c.fail("nacara203.asylum_too_late", rule, filed=filed, day=by)
    else:
        c.ok("nacara203.asylum_in_time", rule, filed=filed, day=by)
    c.policies("nacara_203.hardship_other")
    return c


def screen_nacara_202(facts: Facts, on: date, rules: RuleSet) -> ScreenResult:
    c = Check("nacara_202", on, rules)
    rule = rules.at("nacara_202", on)
    if rule is None:
        c.cannot_tell("nacara202.no_rule_for_date")
        return c.result()
    countries = rule.texts("countries")
    if facts.nationalities is None:
        c.missing("nationalities")
        return c.result()
    if not set(countries) & set(facts.nationalities):
        c.fail("nacara202.not_national", rule, countries=countries)
        return c.result()
    deadline = rule.day("filing_deadline")
    if on > deadline:
        c.fail("nacara202.closed", rule, day=deadline)
        c.policies("nacara_202.derivatives")
        return c.result()
    since = rule.day("present_since")
    first = first_arrival(facts)
    if first is None:
        c.missing("arrivals")
    elif first > since:
        c.fail("nacara202.arrived_after", rule, arrival=first, day=since)
    else:
        c.ok("nacara202.present_since", rule, day=since)
    if facts.trips is None:
        c.missing("trips")
    else:
        away = days_abroad(facts, since, on, count_travel_days=True)
        limit = rule.num("max_absence_days")
        if away > limit:
            c.fail("nacara202.absent_too_long", rule, days=away, allowed=limit)
        else:
            c.ok("nacara202.absences_ok", rule, days=away, allowed=limit)
    c.ok("nacara202.deadline_open", rule, day=deadline)
    return c.result()
