"""Asylum screener: the one-year filing deadline from the last arrival, and the EAD clock.

It screens timing only; whether the person has an asylum claim is for the attorney.
"""

from __future__ import annotations

from datetime import date

from .check import Check
from .deadlines import compute_deadline
from .facts import Facts
from .history import last_entry
from .loader import RuleSet
from .results import ScreenResult


def screen_asylum(facts: Facts, on: date, rules: RuleSet) -> ScreenResult:
    c = Check("asylum", on, rules)
    c.policies("asylum.confidentiality")
    arrival = last_entry(facts, on)
    if arrival is None:
        c.missing("arrivals")
    else:
        one_year = compute_deadline("asylum_one_year", arrival, ruleset=rules)
        rule = rules.by_id(one_year.rule_id)
        assert one_year.due is not None
        due = one_year.due
        c.key_date("last_arrival", arrival)
        c.key_date("asylum_one_year_deadline", due, rule)
        filed = facts.asylum_filed_on
        if filed is not None and filed <= on:
            if filed < arrival:
                c.review("asylum.filed_before_last_arrival", rule, filed=filed, arrival=arrival)
            elif filed <= due:
                c.ok("asylum.filed_timely", rule, filed=filed, due=due)
            else:
                c.review("asylum.filed_late", rule, filed=filed, due=due)
                c.policies("asylum.one_year_exceptions")
        elif on <= due:
            c.ok("asylum.days_left", rule, days=(due - on).days, due=due, arrival=arrival)
        else:
            c.review("asylum.deadline_passed", rule, due=due, arrival=arrival)
            c.policies("asylum.one_year_exceptions")
        if facts.trips is None:
            c.info("asylum.trips_unknown", arrival=arrival)
    if facts.asylum_filed_on is not None and facts.asylum_filed_on <= on:
        ead = compute_deadline("asylum_ead", facts.asylum_filed_on, ruleset=rules)
        ead_rule = rules.by_id(ead.rule_id)
        assert ead.opens is not None
        c.key_date("ead_file_from", ead.opens, ead_rule)
        for other in ead.other_dates:
            c.key_date(other.name, other.date, ead_rule)
        c.info("asylum.ead_clock", ead_rule, opens=ead.opens, issue=ead.other_dates[0].date)
        for rec in rules.all_at("policy", facts.asylum_filed_on, topic="deadline.asylum_ead"):
            c.record_step(rec)
    for fee in rules.all_at("fee", on):
        if "asylum" in fee.texts("programs"):
            c.record_step(fee)
    c.policies("ead.renewal")
    return c.result()
