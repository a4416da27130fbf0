"""Partial and uncertain dates: "1981", "March 1981", "around 2014". A day is never invented.

One ``PartialDate`` for every app (people's births and arrivals, the archive's events and
careers). It is a year, an optional month, an optional day, and whether it is approximate; its
``lo``/``hi`` (``bounds()``) are the first and last days it could mean. Written as a small EDTF
subset: ``1981-03-15``, ``1981-03``, ``1981``, with ``~`` for "around" (``2014~``, ``~2014``).

Two ways to make one: from its parts, ``PartialDate(1981, 3)``, or from a date and the
precision it is known to, ``PartialDate(date(1981, 3, 1), MONTH)`` (the way a model stores it:
the first day of the period and the precision).

Two ways to read one:

* ``PartialDate.parse(text)`` reads the stored form (EDTF: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``,
  with ``~``) and nothing else;
* ``parse(text, day_first=...)`` reads what a person types: also ``15/03/1981``, ``03/1981``,
  ``19810315``, "circa 2014", "hacia 2014".

``check_plausible(value, today=...)`` says whether a date that must be in the past is: not after
today (a birth in 2099) and not before ``EARLIEST_YEAR`` (1900). Today is passed in, or read with
``timezone.localdate()``.

``span_display(start, end)`` writes a span ("March 1981 to 1983"). ``overlap(act_lo, act_hi,
start, end)`` says whether something dated ``act_lo``..``act_hi`` fell within a tenure (the
archive's careers) from ``start`` to ``end``, with three answers:

* ``CERTAIN``: whatever the exact days were, the act fell inside the tenure: the act's whole
  range lies between the *latest* possible start and the *earliest* possible end;
* ``POSSIBLE``: the ranges touch, but the imprecision allows the act to fall outside;
* ``NONE``: they cannot overlap.

"March 1981" against a tenure from 1980-06 to 1981-04 is certain; "April 1981" is possible.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext


class Precision(StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


DAY, MONTH, YEAR = Precision.DAY, Precision.MONTH, Precision.YEAR
PRECISIONS = (DAY, MONTH, YEAR)
MIN_YEAR, MAX_YEAR = 1800, 2100  # what can be stored
TYPED_MIN_YEAR = 1880  # what ``parse`` reads from a person (a year before is a typing slip)
EARLIEST_YEAR = 1900  # what ``check_plausible`` accepts for a date in someone's life

_EDTF = re.compile(
    r"^\s*(?P<approx>~)?(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?(?P<approx2>~)?\s*$")
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SLASHED = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_APPROX = re.compile(r"^(?:~|ca\.?\s*|c\.\s*|circa\s+|about\s+|around\s+|aprox\.?\s*|hacia\s+)|~$", re.I)


@functools.total_ordering
@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.year, dt.date):  # PartialDate(date, precision=DAY, approximate=False)
            date, precision = self.year, self.month or DAY
            if precision not in PRECISIONS:
                raise ValueError(f"unknown precision {precision!r}")
            approximate = bool(self.day) if self.day is not None else self.approximate
            object.__setattr__(self, "year", date.year)
            object.__setattr__(self, "month", date.month if precision in (DAY, MONTH) else None)
            object.__setattr__(self, "day", date.day if precision == DAY else None)
            object.__setattr__(self, "approximate", approximate)
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValueError(f"year {self.year} is outside {MIN_YEAR}-{MAX_YEAR}")
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"no month {self.month}")
        if self.day is not None:
            dt.date(self.year, self.month or 1, self.day)  # raises ValueError for 31 February

    @classmethod
    def parse(cls, text: str | None) -> PartialDate | None:
        """The stored form: ``"1981"``, ``"1981-03"``, ``"1981-03-14"``, with ``~``; blank gives None."""
        if text is None or not str(text).strip():
            return None
        match = _EDTF.match(str(text))
        if not match:
            raise ValueError(f"not a date: {text!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
        month, day = match["month"], match["day"]
        return cls(int(match["year"]), int(month) if month else None, int(day) if day else None,
                   bool(match["approx"] or match["approx2"]))

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    @classmethod
    def from_parts(cls, date: dt.date | None, precision: str | None, approximate: bool = False) -> PartialDate | None:
        """From a model's columns (the first day of the period and its precision); None without a date."""
        if date is None:
            return None
        return cls(date, precision or DAY, approximate)  # type: ignore[arg-type]

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return DAY
        return MONTH if self.month is not None else YEAR

    @property
    def lo(self) -> dt.date:
        """The first day it could be (what a model stores with the precision)."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    date = lo

    @property
    def hi(self) -> dt.date:
        """The last day it could be."""
        if self.day is not None:
            return self.lo
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def bounds(self) -> tuple[dt.date, dt.date]:
        return self.lo, self.hi

    def __lt__(self, other: Any) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return (self.lo, self.hi, self.approximate) < (other.lo, other.hi, other.approximate)

    def edtf(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text + ("~" if self.approximate else "")

    def __str__(self) -> str:
        return self.display()

    def display(self) -> str:
        """In the active language: "March 15, 1981" / "15 de marzo de 1981", "about 2014"."""
        if self.precision == DAY:
            text = _("%(month)s %(day)s, %(year)s") % {
                "month": MONTHS[self.lo.month - 1], "day": self.lo.day, "year": self.year}
        elif self.precision == MONTH:
            text = _("%(month)s %(year)s") % {"month": MONTHS[self.lo.month - 1], "year": self.year}
        else:
            text = str(self.year)
        if self.approximate:
            text = _("about %(date)s") % {"date": text}
        return text


class _Months:
    def __getitem__(self, index: int) -> str:
        names = [
            pgettext("month name", "January"), pgettext("month name", "February"),
            pgettext("month name", "March"), pgettext("month name", "April"),
            pgettext("month name", "May"), pgettext("month name", "June"),
            pgettext("month name", "July"), pgettext("month name", "August"),
            pgettext("month name", "September"), pgettext("month name", "October"),
            pgettext("month name", "November"), pgettext("month name", "December"),
        ]
        return names[index]


MONTHS = _Months()  # names looked up at display time, in the active language


def bounds(value: PartialDate | None) -> tuple[dt.date | None, dt.date | None]:
    return (value.lo, value.hi) if value else (None, None)


def _make(year: int, month: int | None = None, day: int | None = None, *, approximate: bool = False) -> PartialDate:
    if not TYPED_MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError("year out of range")
    if day is not None and month is None:
        raise ValueError("a day needs a month")
    return PartialDate(year, month, day, approximate)


def parse(text: str | None, *, day_first: bool = True) -> PartialDate | None:
    """Parse what a person types; ``None`` for empty input; ``ValueError`` if unreadable.

    ``day_first`` decides ``03/04/1981`` (Spanish habit: 3 April). ISO forms are never ambiguous.
    """
    if text is None:
        return None
    raw = text.strip()
    if not raw:
        return None
    approximate = bool(_APPROX.search(raw))
    raw = _APPROX.sub("", raw).strip().rstrip("~").strip()
    if m := _ISO.match(raw):
        year, month, day = (int(g) if g else None for g in m.groups())
        return _make(year, month, day, approximate=approximate)  # type: ignore[arg-type]
    if m := _COMPACT.match(raw):
        return _make(int(m[1]), int(m[2]), int(m[3]), approximate=approximate)
    if m := _SLASHED.match(raw):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        day, month = (first, second) if day_first else (second, first)
        if month > 12 and day <= 12:  # only one reading is possible
            day, month = month, day
        return _make(year, month, day, approximate=approximate)
    if m := _MONTH_YEAR.match(raw):
        return _make(int(m[2]), int(m[1]), approximate=approximate)
    raise ValueError(f"not a date: {text!r}")


def forms_accepted(*, day_first: bool) -> str:
    """How to write a date ``parse`` reads, in the active language (the slashed form in the reader's order)."""
    return _("Write the date like 1981-03-15 or %(slashed)s, 1981-03 or 03/1981 if you know only the month, "
             "or 1981; put ~ in front if it is approximate: ~2014.") % {
        "slashed": "15/03/1981" if day_first else "03/15/1981"}


def check_plausible(value: PartialDate | dt.date | None, *, today: dt.date | None = None,
                    earliest: int = EARLIEST_YEAR) -> str:
    """'' when a date that must be in the past is plausible, else why not (in the active language)."""
    if value is None:
        return ""
    from django.utils import timezone

    today = today or timezone.localdate()
    lo, hi = (value.lo, value.hi) if isinstance(value, PartialDate) else (value, value)
    if lo > today:
        return _("This date is in the future (today is %(today)s): check the year.") % {
            "today": today.isoformat()}
    if hi.year < earliest:
        return _("This date is before %(year)s: check the year.") % {"year": earliest}
    return ""


class Overlap(StrEnum):
    CERTAIN = "certain"
    POSSIBLE = "possible"
    NONE = "none"

    @property
    def label(self) -> str:
        return {
            "certain": _("during the tenure"),
            "possible": _("possibly during the tenure (dates uncertain)"),
            "none": _("outside the tenure"),
        }[self.value]


def overlap(act_lo: dt.date | None, act_hi: dt.date | None, start: PartialDate | None,
            end: PartialDate | None) -> Overlap:
    """Did an act dated ``act_lo``..``act_hi`` fall within a tenure from ``start`` to ``end``?

    An unknown start or end leaves that side open: the overlap can then be possible, never
    certain. An act without a date can only possibly overlap.
    """
    if act_lo is None or act_hi is None:
        return Overlap.POSSIBLE
    earliest_start = start.lo if start else None
    latest_start = start.hi if start else None
    earliest_end = end.lo if end else None
    latest_end = end.hi if end else None
    if (earliest_start and act_hi < earliest_start) or (latest_end and act_lo > latest_end):
        return Overlap.NONE
    if latest_start and earliest_end and act_lo >= latest_start and act_hi <= earliest_end:
        return Overlap.CERTAIN
    return Overlap.POSSIBLE


def span_display(start: PartialDate | None, end: PartialDate | None) -> str:
    if start and end:
        return _("%(start)s to %(end)s") % {"start": start.display(), "end": end.display()}
    if start:
        return _("from %(start)s") % {"start": start.display()}
    if end:
        return _("until %(end)s") % {"end": end.display()}
    return _("dates unknown")
