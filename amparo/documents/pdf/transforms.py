"""Small transforms that turn case data into what a form field expects.

A mapping of case data to a form field names a transform (``"date_us"``, ``"upper"``,
``"a_number"``, ``"yes_no"``...); :func:`apply_transform` applies it and raises
:class:`TransformError` with a message for the user when the value cannot be turned into what
the form needs. :data:`TRANSFORMS` lists them with translated labels for a mapping screen.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


class TransformError(ValueError):
    """A value the transform cannot turn into what the form needs; ``str()`` is the user's message."""

    def __init__(self, template: Any, **params: Any):
        self.template = template
        self.params = params
        super().__init__(str(template) % params if params else str(template))

    def __str__(self) -> str:
        return str(self.template) % self.params if self.params else str(self.template)


@dataclass(frozen=True)
class Transform:
    name: str
    label: Any  # lazily translated
    help: Any
    function: Callable[[Any], Any]


_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_US_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def date_us(value: Any) -> str:
    """A full date as MM/DD/YYYY (USCIS forms). Accepts a date, a datetime, ``YYYY-MM-DD`` or
    ``MM/DD/YYYY``; an empty value stays empty; a partial date ("1981-03") is refused rather than
    given an invented day."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%m/%d/%Y")
    if isinstance(value, str):
        iso = _ISO_DATE.match(value)
        us = _US_DATE.match(value)
        try:
            if iso:
                return dt.date(int(iso[1]), int(iso[2]), int(iso[3])).strftime("%m/%d/%Y")
            if us:
                return dt.date(int(us[3]), int(us[1]), int(us[2])).strftime("%m/%d/%Y")
        except ValueError:
            pass
    raise TransformError(_("“%(value)s” is not a full date (day, month and year)."), value=value)


def upper(value: Any) -> str:
    """The text in capital letters, accents kept ("José Núñez" -> "JOSÉ NÚÑEZ")."""
    if value is None:
        return ""
    return str(value).upper()


_A_NUMBER = re.compile(r"^\s*(?:A\s*[-#:.]?\s*)?([\d\s.-]+)\s*$", re.IGNORECASE)


def a_number(value: Any) -> str:
    """An alien registration number as the 9 digits USCIS forms ask for: "A-012-345-678",
    "A12345678" and "12 345 678" all give "012345678". Anything else than an optional leading A
    and 7 to 9 digits (with spaces, dots or dashes between) is refused."""
    if value is None or value == "":
        return ""
    match = _A_NUMBER.match(str(value))
    digits = re.sub(r"\D", "", match[1]) if match else ""
    if not match or not 7 <= len(digits) <= 9 or int(digits) == 0:
        raise TransformError(_("“%(value)s” is not an A-number (an A followed by 7 to 9 digits)."), value=value)
    return digits.zfill(9)


_YES = {"yes", "y", "true", "1", "si", "sí", "s", "on", "x"}
_NO = {"no", "n", "false", "0", "off", ""}


def yes_no(value: Any) -> bool:
    """A yes/no answer as a checkbox state: true ticks the box. Accepts booleans and
    yes/no/sí/true/false/1/0; an empty answer leaves the box empty."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise TransformError(_("“%(value)s” is not a yes or no answer."), value=value)


def no_yes(value: Any) -> bool:
    """The opposite of :func:`yes_no`, for the "No" box of a yes/no pair of checkboxes. An empty
    answer leaves this box empty too."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return False
    return not yes_no(value)


def digits(value: Any) -> str:
    """Only the digits ("(213) 555-0100" -> "2135550100"), for phone and receipt numbers."""
    return re.sub(r"\D", "", "" if value is None else str(value))


TRANSFORMS: dict[str, Transform] = {t.name: t for t in (
    Transform("date_us", _("Date as MM/DD/YYYY"), _("A full date written month/day/year."), date_us),
    Transform("upper", _("Upper case"), _("The text in capital letters."), upper),
    Transform("a_number", _("A-number, 9 digits"), _("The A-number as nine digits, zero-padded."), a_number),
    Transform("yes_no", _("Yes/no to checkbox"), _("Ticks the box when the answer is yes."), yes_no),
    Transform("no_yes", _("No/yes to checkbox"), _("Ticks the box when the answer is no."), no_yes),
    Transform("digits", _("Digits only"), _("Keeps only the digits (phone, receipt numbers)."), digits),
)}


def apply_transform(value: Any, name: str | None) -> Any:
    """``value`` turned by the transform called ``name`` (unchanged when ``name`` is empty).
    Raises :class:`TransformError` for a value that does not fit, and ``KeyError`` for an unknown
    transform name (a programming error, not a user's)."""
    if not name:
        return value
    return TRANSFORMS[name].function(value)


def transform_choices() -> list[tuple[str, str]]:
    """(name, translated label) pairs for a select box on a mapping screen."""
    return [(t.name, str(t.label)) for t in TRANSFORMS.values()]
