"""SIJS, VAWA self-petition and U visa screeners.

VAWA and the U visa depend on facts a form cannot hold (abuse, a crime, cooperation), so
their screens are checklists that always need review. SIJS adds the age-out date.
"""

from __future__ import annotations

from datetime import date

from .check import Check
from .dates import add_years
from .facts import Facts
from .loader import RuleSet
from .results import ScreenResult


def screen_sijs(facts: Facts, on: date, rules: RuleSet) -> ScreenResult:
    c = Check("sijs", on, rules)
    rule = rules.at("sijs", on)
    if rule is None:
        c.cannot_tell("sijs.no_rule_for_date")
        return c.result()
    max_age = rule.num("max_age")
    if facts.birth_date is None:
        c.missing("birth_date")
    else:
        age_out = add_years(facts.birth_date, max_age, "earlier")
        c.key_date("age_out", age_out, rule)
        if on >= age_out:
            c.fail("sijs.aged_out", rule, age=max_age, day=age_out)
            c.policies("sijs.age_out")
        else:
            c.ok("sijs.under_age", rule, age=max_age, day=age_out, days=(age_out - on).days)
    if facts.married is None:
        c.missing("married")
    elif facts.married:
        c.fail("sijs.married", rule)
    else:
        c.ok("sijs.unmarried", rule)
    c.policies("sijs.checklist")
    for fee in rules.all_at("fee", on):
        if "sijs" in fee.texts("programs"):
            c.record_step(fee)
    c.policies("sijs.deferred_action")
    return c.result()


def screen_vawa(facts: Facts, on: date, rules: RuleSet) -> ScreenResult:
    c = Check("vawa", on, rules)
    c.policies("vawa.checklist")
    c.policies("confidentiality.1367")
    return c.result()


def screen_u_visa(facts: Facts, on: date, rules: RuleSet) -> ScreenResult:
    c = Check("u_visa", on, rules)
    c.policies("u_visa.checklist")
    c.policies("u_visa.info")
    c.policies("confidentiality.1367")
    return c.result()
