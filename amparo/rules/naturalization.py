"""Naturalization screener: the 5-year and 3-year paths, early filing, absences, physical
presence, state residence, age, and which civics test applies.

Filing is assumed to happen on the screening date ``on``. Cautious choices (README.md):
physical presence is counted over the statutory period before filing, from no earlier than
the day of becoming a permanent resident, and needs at least half of that period's days,
rounded up; days of leaving and returning count as days abroad, and a result that passes
only when they count as present is "needs review". For the 3-year path the 90-day early
filing is applied to the residence period only; the 3 years of marriage and of the spouse's
citizenship are counted in full.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from .check import Check, combine
from .dates import add_months, add_years, age_on
from .deadlines import compute_deadline
from .facts import Facts
from .history import days_abroad
from .loader import RuleSet
from .records import Record
from .results import ScreenResult


def screen_naturalization(facts: Facts, on: date, rules: RuleSet) -> ScreenResult:
    common = Check("naturalization", on, rules)
    paths = [rules.at("naturalization_path", on, path=p) for p in ("five_year", "three_year")]
    found = [p for p in paths if p is not None]
    if not found:
        common.cannot_tell("nat.no_rule_for_date")
        return common.result()
    _common(common, facts, found[0])
    checks = [_path(facts, on, rules, p) for p in found]
    return combine("naturalization", on, rules, common, checks)


def _common(c: Check, facts: Facts, path: Record) -> None:
    min_age = path.num("min_age")
    if facts.birth_date is None:
        c.missing("birth_date")
    elif age_on(facts.birth_date, c.on) < min_age:
        turns = add_years(facts.birth_date, min_age, "later")
        c.key_date("turns_18", turns, path)
        c.fail("nat.too_young", path, age=min_age, day=turns)
    else:
        c.ok("nat.age_ok", path, age=min_age)
    months = path.num("state_residence_months")
    if facts.state_residence_since is None:
        c.missing("state_residence_since")
    else:
        met = add_months(facts.state_residence_since, months, "later")
        if c.on < met:
            c.key_date("state_residence_met", met, path)
            c.fail("nat.state_residence_short", path, months=months, day=met)
        else:
            c.ok("nat.state_residence_ok", path, months=months)
    _civics(c, facts)


def _civics(c: Check, facts: Facts) -> None:
    test = next((t for t in c.rules.all_at("civics_test", c.on) if t.text("version") != "65_20"), None)
    special = c.rules.at("civics_test", c.on, version="65_20")
    if special is not None and facts.birth_date is not None and facts.lpr_since is not None \
            and age_on(facts.birth_date, c.on) >= special.num("min_age") \
            and age_on(facts.lpr_since, c.on) >= special.num("min_lpr_years"):
        c.info("nat.civics_65_20", special, questions=special.num("questions"),
               asked=special.num("asked"), correct=special.num("pass_correct"))
        return
    if test is None:
        return
    code = "nat.civics_2025" if test.get("stop_wrong") is not None else "nat.civics_2008"
    c.info(code, test, version=test.text("version"), questions=test.num("questions"), asked=test.num("asked"),
           correct=test.num("pass_correct"), wrong=test.opt_num("stop_wrong"))
    if special is not None:
        c.info("nat.civics_65_20_rule", special, age=special.num("min_age"), years=special.num("min_lpr_years"))


def _path(facts: Facts, on: date, rules: RuleSet, path: Record) -> Check:
    c = Check("naturalization", on, rules)
    variant, years = path.text("path"), path.num("lpr_years")
    if facts.lpr_since is None:
        c.missing("lpr_since")
        return c
    early = compute_deadline("naturalization_early_filing", facts.lpr_since, variant=variant, ruleset=rules)
    assert early.opens is not None
    earliest = early.opens
    early_rule = rules.by_id(early.rule_id)
    if variant == "three_year":
        spouse_date = _spouse_dates(c, facts, path)
        if spouse_date is None:
            return c
        if spouse_date > earliest:
            c.info("nat.three_year_spouse_dates", path, day=spouse_date)
            earliest = spouse_date
    if facts.trips is None:
        c.missing("trips")
    else:
        earliest = _absences(c, facts, rules, years, variant, earliest)
        _presence(c, facts, path, max(on, earliest))
    c.key_date(f"{variant}_early_filing", earliest, early_rule)
    if on < earliest:
        c.fail("nat.too_early", early_rule, years=years, day=earliest)
    else:
        c.ok("nat.time_ok", early_rule, years=years, day=earliest)
    return c


def _spouse_dates(c: Check, facts: Facts, path: Record) -> date | None:
    """For the 3-year path: the day the marriage and the spouse's citizenship reach 3 years."""
    m = facts.married_to_usc
    if m is None:
        if facts.married is False:
            c.fail("nat.three_year_not_married", path)
        else:
            c.missing("married_to_usc")
        return None
    if m.living_together is False:
        c.fail("nat.three_year_not_living_together", path)
        return None
    needed = [f"married_to_usc.{n}" for n in ("since", "spouse_citizen_since", "living_together")
              if getattr(m, n) is None]
    if needed or m.since is None or m.spouse_citizen_since is None:
        c.missing(*needed)
        return None
    spouse_years = path.opt_num("spouse_citizen_years") or path.num("lpr_years")
    return max(add_years(m.since, spouse_years, "later"), add_years(m.spouse_citizen_since, spouse_years, "later"))


def _absences(c: Check, facts: Facts, rules: RuleSet, years: int, variant: str, earliest: date) -> date:
    rule = rules.at("absence_rule", c.on, program="naturalization")
    refile = rules.at("absence_refiling", c.on, program="naturalization")
    if rule is None or facts.lpr_since is None:
        return earliest
    for trip in sorted(facts.trips or (), key=lambda t: t.left):
        if trip.returned <= facts.lpr_since or trip.left > c.on:
            continue
        if trip.returned >= add_years(trip.left, rule.num("break_years"), "earlier"):
            if variant == "five_year" and refile is not None:
                restart = add_years(trip.returned, refile.num("after_return_years"), "later") \
                    + timedelta(days=refile.num("after_return_days"))
                c.info("nat.break_refile", refile, left=trip.left, returned=trip.returned, day=restart)
                earliest = max(earliest, restart)
            elif add_years(trip.returned, years, "later") > c.on:
                c.fail("nat.break_recent", rule, left=trip.left, returned=trip.returned, years=years)
        elif trip.returned > add_months(trip.left, rule.num("presumptive_break_months"), "earlier"):
            c.review("nat.presumed_break", rule, left=trip.left, returned=trip.returned)
    return earliest


def _presence(c: Check, facts: Facts, path: Record, filing: date) -> None:
    assert facts.lpr_since is not None
    period_start = add_months(filing, -path.num("period_months"), "later")
    period_days = (filing - period_start).days
    required = math.ceil(period_days * path.num("presence_months") / path.num("period_months"))
    start = max(period_start, facts.lpr_since)
    span = max((filing - start).days, 0)
    cautious = span - days_abroad(facts, start, filing, count_travel_days=True)
    generous = span - days_abroad(facts, start, filing, count_travel_days=False)
    params = {"required": required, "present": cautious, "months": path.num("period_months")}
    if cautious >= required:
        c.ok("nat.presence_ok", path, **params)
    elif generous >= required:
        c.review("nat.presence_borderline", path, **params)
    else:
        c.fail("nat.presence_short", path, **params)
