"""Transforms from case data to form values."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from amparo.documents.pdf import TRANSFORMS, TransformError, apply_transform, fill_form, inspect_form, transform_choices

from .pdf_fixtures import fillable_form


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_dates_become_mm_dd_yyyy_from_a_date_or_iso_text(day):
    expected = f"{day.month:02d}/{day.day:02d}/{day.year:04d}"
    assert apply_transform(day, "date_us") == expected
    assert apply_transform(day.isoformat(), "date_us") == expected
    assert apply_transform(dt.datetime.combine(day, dt.time(23, 59)), "date_us") == expected
    assert apply_transform(expected, "date_us") == expected


@pytest.mark.parametrize("value", ["1981-03", "around 2014", "2023-02-30", "13/01/2020", "1981"])
def test_partial_or_impossible_dates_are_refused_not_invented(value):
    with pytest.raises(TransformError) as caught:
        apply_transform(value, "date_us")
    assert "full date" in str(caught.value)


def test_empty_date_stays_empty():
    assert apply_transform(None, "date_us") == "" and apply_transform("", "date_us") == ""


@given(st.integers(min_value=1_000_000, max_value=999_999_999), st.sampled_from(["A", "a", "A-", "A#", ""]),
       st.sampled_from(["", "-", " ", "."]))
def test_a_numbers_become_nine_digits_whatever_the_writing(number, prefix, separator):
    digits = str(number)
    grouped = separator.join(digits[max(0, i - 3):i] for i in range(len(digits), 0, -3)[::-1])
    assert apply_transform(f"{prefix}{grouped}", "a_number") == digits.zfill(9)


def test_a_number_examples():
    assert apply_transform("A-012-345-678", "a_number") == "012345678"
    assert apply_transform("A12345678", "a_number") == "012345678"
    assert apply_transform("  a 201 234 567 ", "a_number") == "201234567"
    assert apply_transform(None, "a_number") == ""


@pytest.mark.parametrize("value", ["A-123", "A1234567890", "B12345678", "A-12O-345-678", "000000000", "12-34-AB"])
def test_invalid_a_numbers_are_refused(value):
    with pytest.raises(TransformError) as caught:
        apply_transform(value, "a_number")
    assert "not an A-number" in str(caught.value)
    with translation.override("es"):
        assert "no es un número A" in str(caught.value)


@given(st.text())
def test_a_number_never_returns_anything_but_nine_digits(value):
    try:
        result = apply_transform(value, "a_number")
    except TransformError:
        return
    assert result == "" or (len(result) == 9 and result.isdigit())


@pytest.mark.parametrize(("value", "expected"), [
    (True, True), (False, False), ("yes", True), ("Sí", True), ("si", True), ("Y", True), ("1", True), (1, True),
    ("no", False), ("N", False), ("false", False), (0, False), ("", False), (None, False),
])
def test_yes_no_to_checkbox(value, expected):
    assert apply_transform(value, "yes_no") is expected


def test_no_yes_ticks_the_no_box_and_leaves_it_empty_without_an_answer():
    assert apply_transform("no", "no_yes") is True
    assert apply_transform("sí", "no_yes") is False
    assert apply_transform(None, "no_yes") is False and apply_transform("", "no_yes") is False


def test_yes_no_refuses_other_answers():
    with pytest.raises(TransformError):
        apply_transform("maybe", "yes_no")


def test_upper_keeps_accents_and_digits_keeps_digits():
    assert apply_transform("José Núñez-Ávila", "upper") == "JOSÉ NÚÑEZ-ÁVILA"
    assert apply_transform("(213) 555-0100", "digits") == "2135550100"
    assert apply_transform("x", None) == "x"


def test_registry_offers_translated_labels():
    assert {"date_us", "upper", "a_number", "yes_no", "no_yes", "digits"} <= set(TRANSFORMS)
    with translation.override("es"):
        labels = dict(transform_choices())
    assert labels["date_us"] == "Fecha como MM/DD/AAAA" and labels["upper"] == "Mayúsculas"
    assert dict(transform_choices())["a_number"] == "A-number, 9 digits"


def test_unknown_transform_is_a_programming_error():
    with pytest.raises(KeyError):
        apply_transform("x", "nope")


def test_transformed_case_data_fills_a_form():
    case = {"a_number": "A-012-345-678", "family_name": "Hernández", "born": dt.date(1990, 7, 4), "agrees": "sí"}
    values = {"a_number": apply_transform(case["a_number"], "a_number"),
              "family_name": apply_transform(case["family_name"], "upper"),
              "signature_date": apply_transform(case["born"], "date_us"),
              "agree": apply_transform(case["agrees"], "yes_no")}
    filled = {f.name: f.value for f in inspect_form(fill_form(fillable_form(), values))}
    assert filled["a_number"] == "012345678" and filled["family_name"] == "HERNÁNDEZ"
    assert filled["signature_date"] == "07/04/1990" and filled["agree"] is True
