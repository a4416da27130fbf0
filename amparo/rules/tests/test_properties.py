"""Properties that must hold for any input (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from amparo.rules import (
    Arrival,
    Criminal,
    Facts,
    MarriageToUSC,
    TPSRegistration,
    Trip,
    compute_deadline,
    list_deadline_kinds,
    list_variants,
    load_ruleset,
    screen,
)
from amparo.rules.dates import LATEST, is_business_day
from amparo.rules.facts import MANNERS
from amparo.rules.results import STATUSES

# database=None: no example database is written into the working tree.
SETTINGS = settings(max_examples=150, deadline=None, database=None)
days = st.dates(date(1900, 1, 1), date(2100, 12, 31))  # the whole supported range
COUNTRIES = ["SV", "HN", "NI", "VE", "HT", "GT", "MX", "CU", "CO", "US"]
FORWARD = {"bia_appeal", "motion_to_reopen", "motion_to_reconsider", "rfe", "noid", "i290b",
           "asylum_one_year", "u_supplement_b"}
NOTICE_MAX = {"rfe": 84, "noid": 30}
MAIL = {"rfe", "noid", "i290b"}


@st.composite
def deadline_requests(draw: st.DrawFn) -> tuple[str, date, dict[str, object]]:
    kind = draw(st.sampled_from(list_deadline_kinds()))
    options: dict[str, object] = {"variant": draw(st.sampled_from(list_variants(kind)))}
    if kind in NOTICE_MAX:
        options["days"] = draw(st.integers(1, NOTICE_MAX[kind]))
    if kind in MAIL:
        options["mailed"] = draw(st.booleans())
    return kind, draw(days), options


@given(deadline_requests())
@SETTINGS
def test_a_due_date_is_never_before_its_start(request: tuple[str, date, dict[str, object]]) -> None:
    kind, start, options = request
    result = compute_deadline(kind, start, **options)  # type: ignore[arg-type]
    if kind in FORWARD and result.due is not None:
        assert result.due >= start
    if kind == "daca_renewal_window":
        assert result.opens is not None and result.due is not None
        assert result.opens <= result.due <= start
    if kind in ("naturalization_early_filing", "asylum_ead"):
        assert result.opens is not None and result.opens > start


@given(deadline_requests())
@SETTINGS
def test_a_rolled_date_is_the_next_business_day(request: tuple[str, date, dict[str, object]]) -> None:
    kind, start, options = request
    result = compute_deadline(kind, start, **options)  # type: ignore[arg-type]
    rule = load_ruleset().by_id(result.rule_id)
    if result.due is not None and rule.flag("roll"):
        assert is_business_day(result.due)
    if result.rolled_from is not None:
        assert result.due is not None and is_business_day(result.due)
        assert not is_business_day(result.rolled_from)
        day = result.rolled_from
        while day < result.due:  # nothing was skipped: every day in between is a non-business day
            assert not is_business_day(day)
            day += timedelta(days=1)


@given(deadline_requests())
@SETTINGS
def test_the_same_deadline_request_gives_the_same_answer(request: tuple[str, date, dict[str, object]]) -> None:
    kind, start, options = request
    first = compute_deadline(kind, start, **options)  # type: ignore[arg-type]
    second = compute_deadline(kind, start, **options)  # type: ignore[arg-type]
    assert first == second
    assert first.to_dict("es") == second.to_dict("es")


def maybe(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.none() | strategy


trips = st.tuples(days, st.integers(0, 800)).map(
    lambda t: Trip(t[0], min(t[0] + timedelta(days=t[1]), LATEST)))
arrivals = st.builds(Arrival, date=days, manner=maybe(st.sampled_from(MANNERS)), apprehended=maybe(st.booleans()))
counts = maybe(st.integers(0, 5))
facts_strategy = st.builds(
    Facts,
    birth_date=maybe(days),
    country_of_birth=maybe(st.sampled_from(COUNTRIES)),
    nationalities=maybe(st.lists(st.sampled_from(COUNTRIES), max_size=3).map(tuple)),
    arrivals=maybe(st.lists(arrivals, max_size=3).map(tuple)),
    trips=maybe(st.lists(trips, max_size=4).map(tuple)),
    lpr_since=maybe(days),
    married_to_usc=maybe(st.builds(MarriageToUSC, since=maybe(days), spouse_citizen_since=maybe(days),
                                   living_together=maybe(st.booleans()))),
    state_residence_since=maybe(days),
    tps_registrations=maybe(st.lists(st.builds(TPSRegistration, country=st.sampled_from(COUNTRIES), date=days),
                                     max_size=2).map(tuple)),
    abc_registered_on=maybe(days),
    asylum_filed_on=maybe(days),
    daca_expires_on=maybe(days),
    in_school_or_graduated=maybe(st.booleans()),
    veteran=maybe(st.booleans()),
    criminal=maybe(st.builds(Criminal, felonies=counts, misdemeanors=counts, significant_misdemeanors=counts,
                             aggravated_felony=maybe(st.booleans()))),
    married=maybe(st.booleans()),
    household_size=maybe(st.integers(1, 15)),
    household_income=maybe(st.floats(0, 500000, allow_nan=False)),
    means_tested_benefit=maybe(st.booleans()),
    in_removal_proceedings=maybe(st.booleans()),
)


@given(facts_strategy, days)
@settings(max_examples=200, deadline=None, database=None)
def test_screeners_never_crash_and_explain_every_answer(facts: Facts, on: date) -> None:
    result = screen(facts, on)
    assert result.results
    for item in result.results:
        assert item.status in STATUSES
        if item.status == "unknown":
            assert item.missing_facts or any(r.level == "missing" for r in item.reasons)
        if item.status == "not_eligible":
            assert any(r.level == "fail" for r in item.reasons)
        assert item.reasons
    for lang in ("en", "es"):
        assert result.to_dict(lang)["results"]
        assert result.render(lang)


@given(facts_strategy, days)
@settings(max_examples=75, deadline=None, database=None)
def test_the_same_facts_give_the_same_screening(facts: Facts, on: date) -> None:
    assert screen(facts, on) == screen(facts, on)
    assert screen(facts, on).to_dict("es") == screen(facts, on).to_dict("es")


@given(facts_strategy)
@settings(max_examples=100, deadline=None, database=None)
def test_facts_survive_a_json_round_trip(facts: Facts) -> None:
    assert Facts.from_json(facts.to_json()) == facts
