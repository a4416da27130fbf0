import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from amparo.core.partial_dates import DAY, MONTH, YEAR, PartialDate, parse


@pytest.mark.parametrize(("text", "edtf"), [
    ("1981-03-15", "1981-03-15"), ("19810315", "1981-03-15"), ("1981-03", "1981-03"), ("1981", "1981"),
    ("~2014", "2014~"), ("2014~", "2014~"), ("circa 2014", "2014~"), ("hacia 2014", "2014~"),
    ("15/03/1981", "1981-03-15"), ("03/1981", "1981-03"), (" 1981-3-5 ", "1981-03-05"),
])
def test_parse_keeps_the_precision_given(text, edtf):
    assert parse(text).edtf() == edtf


def test_day_first_or_month_first_only_where_ambiguous():
    assert parse("03/04/1981", day_first=True).date == dt.date(1981, 4, 3)
    assert parse("03/04/1981", day_first=False).date == dt.date(1981, 3, 4)
    assert parse("25/04/1981", day_first=False).date == dt.date(1981, 4, 25)  # only one reading


@pytest.mark.parametrize("text", ["1981-13", "1981-02-30", "ayer", "1870", "12/1", "31/31/2000"])
def test_unreadable_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse(text)


def test_empty_is_none():
    assert parse("") is None and parse(None) is None


def test_display_in_english_and_spanish():
    march = PartialDate(dt.date(1981, 3, 1), MONTH)
    about = PartialDate(dt.date(2014, 1, 1), YEAR, approximate=True)
    day = PartialDate(dt.date(1981, 3, 15), DAY)
    with translation.override("en"):
        assert (march.display(), about.display(), day.display()) == ("March 1981", "about 2014", "March 15, 1981")
    with translation.override("es"):
        assert (march.display(), about.display(), day.display()) == ("marzo de 1981", "hacia 2014",
                                                                      "15 de marzo de 1981")


def test_bounds_never_invent_a_day():
    assert PartialDate(dt.date(1981, 2, 1), MONTH).bounds() == (dt.date(1981, 2, 1), dt.date(1981, 2, 28))
    assert PartialDate(dt.date(1981, 12, 1), MONTH).bounds() == (dt.date(1981, 12, 1), dt.date(1981, 12, 31))


@given(st.dates(min_value=dt.date(1880, 1, 1), max_value=dt.date(2100, 12, 31)),
       st.sampled_from([DAY, MONTH, YEAR]), st.booleans())
def test_edtf_round_trips(day, precision, approximate):
    value = PartialDate(day if precision == DAY else dt.date(day.year, day.month if precision == MONTH else 1, 1),
                        precision, approximate)
    assert parse(value.edtf()) == value
