"""Fee waiver (I-912) screener: means-tested benefit, or income at or below 150% of the HHS
poverty guideline for the household size on the screening date. Only guideline figures that
RULES.md gives are in the data; for a household size or year the data cannot answer the
screen answers ``unknown`` and says so, rather than guess a number. Notes on a table (such as
the confidence of its source) are policy records on ``fee_waiver.guideline_notes``."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from .check import Check
from .facts import Facts
from .loader import RuleSet
from .records import Record
from .results import ScreenResult


def screen_fee_waiver(facts: Facts, on: date, rules: RuleSet) -> ScreenResult:
    c = Check("fee_waiver", on, rules)
    rule = rules.at("fee_waiver_rule", on)
    if rule is None:
        c.cannot_tell("fee_waiver.no_rule_for_date")
        return c.result()
    if facts.means_tested_benefit:
        c.ok("fee_waiver.means_tested", rule)
    else:
        _income(c, facts, rule)
    c.policies("fee_waiver.region")
    c.policies("fee_waiver.hr1")
    forms = tuple(dict.fromkeys(f.text("form") for f in rules.all_at("fee", on) if not f.flag("waivable")))
    if forms:
        c.info("fee_waiver.not_waivable_forms", forms=forms)
    return c.result()


def guideline_amount(guideline: Record, size: int) -> int | None:
    """The poverty guideline for ``size`` people, or None when the data does not have it."""
    amounts = guideline.ints("amounts")
    if size <= len(amounts):
        return amounts[size - 1]
    extra = guideline.opt_num("per_additional")
    if extra is None:
        return None
    return amounts[-1] + extra * (size - len(amounts))


def _income(c: Check, facts: Facts, rule: Record) -> None:
    guideline = c.rules.at("poverty_guideline", c.on, region="48_states")
    if guideline is None:
        c.cannot_tell("fee_waiver.no_guideline", year=c.on.year)
        return
    size, income = facts.household_size, facts.household_income
    if size is None or income is None:
        c.missing(*(n for n in ("household_size", "household_income") if getattr(facts, n) is None))
        if facts.means_tested_benefit is None:
            c.missing("means_tested_benefit")
        return
    base = guideline_amount(guideline, size)
    year = guideline.num("year")
    if base is None:
        c.use(guideline)
        c.policies("fee_waiver.guideline_notes")
        c.cannot_tell("fee_waiver.guideline_unknown", guideline, year=year, size=size)
        return
    c.policies("fee_waiver.guideline_notes")
    percent = rule.num("guideline_percent")
    limit = Fraction(base * percent, 100)
    params = {"income": income, "limit": float(limit), "size": size, "year": year, "percent": percent}
    if Fraction(income) <= limit:
        c.ok("fee_waiver.income_ok", guideline, **params)
    else:
        c.info("fee_waiver.income_over", guideline, **params)
        if facts.means_tested_benefit is None:
            c.missing("means_tested_benefit")
        c.policies("fee_waiver.hardship")
    reduced_percent = rule.num("reduced_fee_percent")
    reduced = Fraction(base * reduced_percent, 100)
    if Fraction(income) <= reduced:
        c.info("fee_waiver.n400_reduced", rule, percent=reduced_percent, limit=float(reduced))
