import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from amparo.core.partial_dates import Overlap, PartialDate, Precision, overlap, span_display


def test_precision_is_kept_and_no_day_is_invented():
    march = PartialDate.parse("1981-03")
    assert march.precision is Precision.MONTH
    assert march.day is None
    assert (march.lo, march.hi) == (dt.date(1981, 3, 1), dt.date(1981, 3, 31))
    assert march.edtf() == "1981-03"
    year = PartialDate.parse("1981")
    assert (year.lo, year.hi) == (dt.date(1981, 1, 1), dt.date(1981, 12, 31))
    assert PartialDate.parse("~1989-11-16").approximate
    assert PartialDate.parse("1980-02").hi == dt.date(1980, 2, 29)


@pytest.mark.parametrize("text", ["81", "1981-13", "1981-02-30", "March 1981", "1981/03"])
def test_nonsense_is_refused(text):
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_blank_means_unknown():
    assert PartialDate.parse("") is None
    assert PartialDate.parse(None) is None


def test_march_1981_certainly_overlaps_a_tenure_from_june_1980_to_april_1981():
    start, end = PartialDate.parse("1980-06"), PartialDate.parse("1981-04")
    march = PartialDate.parse("1981-03")
    assert overlap(march.lo, march.hi, start, end) is Overlap.CERTAIN


def test_uncertain_overlaps_are_shown_as_such():
    start, end = PartialDate.parse("1980-06"), PartialDate.parse("1981-04")
    april = PartialDate.parse("1981-04")  # the officer may have left before the act
    assert overlap(april.lo, april.hi, start, end) is Overlap.POSSIBLE
    whole_year = PartialDate.parse("1981")
    assert overlap(whole_year.lo, whole_year.hi, start, end) is Overlap.POSSIBLE
    later = PartialDate.parse("1981-05-02")
    assert overlap(later.lo, later.hi, start, end) is Overlap.NONE
    assert overlap(None, None, start, end) is Overlap.POSSIBLE
    # An open end (still in post, or unknown) is never certain.
    assert overlap(later.lo, later.hi, start, None) is Overlap.POSSIBLE


def test_display_in_english_and_spanish():
    value = PartialDate.parse("1981-03")
    with translation.override("en"):
        assert value.display() == "March 1981"
    with translation.override("es"):
        assert "marzo" in value.display().lower()
        assert "1981" in span_display(PartialDate.parse("1980-06"), value)


dates = st.builds(
    lambda y, m, d, p: PartialDate(y, m if p >= 1 else None, d if p == 2 else None),
    st.integers(1900, 2100), st.integers(1, 12), st.integers(1, 28), st.integers(0, 2),
)


@given(dates)
def test_edtf_round_trips(value):
    assert PartialDate.parse(value.edtf()) == value
    assert value.lo <= value.hi


@given(dates, dates, dates)
def test_certain_implies_possible_bounds(act, start, end):
    result = overlap(act.lo, act.hi, start, end)
    if result is Overlap.CERTAIN:
        assert start.hi <= act.lo and act.hi <= end.lo
    if result is Overlap.NONE:
        assert act.hi < start.lo or act.lo > end.hi
