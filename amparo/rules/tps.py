"""TPS screener: one result per cohort of each of the person's nationalities."""

from __future__ import annotations

from datetime import date, timedelta

from .bars import criminal_bars
from .check import Check
from .dates import add_months
from .facts import Facts
from .history import first_arrival, trips_between, unexplained_departures
from .loader import RuleSet
from .messages import Param
from .records import Record
from .results import ScreenResult


def screen_tps(facts: Facts, on: date, rules: RuleSet) -> list[ScreenResult]:
    if facts.nationalities is None:
        c = Check("tps", on, rules)
        c.missing("nationalities")
        return [c.result()]
    results: list[ScreenResult] = []
    for country in dict.fromkeys(facts.nationalities):
        cohorts = sorted(rules.of_kind("tps_cohort", country=country), key=lambda r: r.text("cohort"))
        if cohorts:
            results.extend(_cohort(facts, on, rules, rec) for rec in cohorts)
            continue
        c = Check("tps", on, rules, cohort=country)
        never = rules.at("tps_never_designated", on, country=country)
        if never is not None:
            c.fail("tps.never_designated", never, country=country)
        else:
            c.cannot_tell("tps.no_data_for_country", country=country)
        results.append(c.result())
    if not results:
        c = Check("tps", on, rules)
        c.cannot_tell("tps.no_nationality")
        results.append(c.result())
    return results


def _cohort(facts: Facts, on: date, rules: RuleSet, cohort: Record) -> ScreenResult:
    country, name = cohort.text("country"), cohort.text("cohort")
    c = Check("tps", on, rules, cohort=f"{country}-{name}")
    c.use(cohort)
    status = rules.at("tps_status", on, country=country, cohort=name)
    if status is None:
        if on < cohort.effective_from:
            c.fail("tps.not_designated_yet", cohort, country=country, day=cohort.effective_from)
        else:
            c.cannot_tell("tps.no_status_for_date", cohort, country=country)
        return c.result()
    if not _designation(c, rules, status, country, name):
        return c.result()  # terminated: the person's facts cannot change the answer
    _residence_and_presence(c, facts, cohort)
    criminal_bars(c, facts)
    _registration(c, facts, rules, country, name, cohort)
    for fee in rules.all_at("fee", on):
        if "tps" in fee.texts("programs"):
            c.record_step(fee)
    c.policies("tps.ead")
    c.policies("ead.renewal")
    return c.result()


def _designation(c: Check, rules: RuleSet, status: Record, country: str, name: str) -> bool:
    """Say what state the designation is in on the date; False if it is over."""
    state = status.text("state")
    code = status.message or f"tps.state.{state}"
    if code == "tps.state.in_force" and status.effective_to is None:
        code = "tps.state.in_force_no_end"
    params: dict[str, Param] = {"country": country, "since": status.effective_from, "until": status.effective_to}
    c.key_date("status_since", status.effective_from, status)
    if state == "in_force":
        c.ok(code, status, **params)
        if status.effective_to is not None:
            c.key_date("designation_until", status.effective_to, status)
    elif state == "terminated":
        c.fail(code, status, **params)
        return not status.verified
    else:  # termination_stayed, termination_vacated, uncertain
        c.review(code, status, **params)
    if state == "uncertain":
        previous = rules.at("tps_status", status.effective_from - timedelta(days=1), country=country, cohort=name)
        statute = rules.at("tps_rules", c.on)
        if previous is not None and previous.text("state") == "in_force" and previous.effective_to and statute:
            c.use(statute)
            months = statute.num("auto_extension_months")
            c.key_date("automatic_extension_until", add_months(previous.effective_to, months, "earlier"), status)
    return True


def _residence_and_presence(c: Check, facts: Facts, cohort: Record) -> None:
    residence, presence = cohort.day("residence_since"), cohort.day("presence_since")
    c.key_date("residence_since", residence, cohort)
    c.key_date("presence_since", presence, cohort)
    first = first_arrival(facts)
    if facts.arrivals is None or first is None:
        c.missing("arrivals")
    elif first > residence:
        c.fail("tps.arrived_after", cohort, arrival=first, day=residence)
    else:
        c.ok("tps.residence_ok", cohort, arrival=first, day=residence)
    if facts.trips is None:
        c.missing("trips")
        return
    trips = trips_between(facts, residence, c.on)
    departures = unexplained_departures(facts, residence, c.on)
    if trips:
        c.review("tps.trips_since", cohort, count=len(trips), day=residence)
    if departures:
        c.review("tps.unexplained_departure", cohort, arrival=departures[0], day=residence)
    if not trips and not departures and first is not None and first <= residence:
        c.ok("tps.presence_ok", cohort, day=presence)


def _registration(c: Check, facts: Facts, rules: RuleSet, country: str, name: str, cohort: Record) -> None:
    if facts.tps_registrations is None:
        c.missing("tps_registrations")
        return
    mine = [r for r in facts.tps_registrations if r.country == country and r.date >= cohort.effective_from]
    if not mine:
        c.review("tps.initial_registration", cohort, country=country)
        return
    window = rules.at("tps_registration_window", c.on, country=country, cohort=name, window="re_registration")
    if window is not None:
        c.ok("tps.re_registration_open", window, opens=window.effective_from, closes=window.effective_to)
    else:
        windows = [w for w in rules.of_kind("tps_registration_window", country=country, cohort=name)
                   if w.effective_from <= c.on]
        if not windows:
            c.review("tps.no_window_data", cohort, country=country)
            return
        window = max(windows, key=lambda w: w.effective_from)
        c.info("tps.re_registration_closed", window, opens=window.effective_from, closes=window.effective_to)
        c.policies("tps.late_re_registration")
    c.key_date("re_registration_opens", window.effective_from, window)
    if window.effective_to is not None:
        c.key_date("re_registration_closes", window.effective_to, window)
