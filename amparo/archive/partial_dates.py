"""Partial and uncertain dates: "1981", "March 1981", "~1981-03-14". A day is never invented.

A ``PartialDate`` keeps the precision it was given. Its ``lo``/``hi`` are the first and last
days it could mean, which is how it is stored for queries (``date_lo``/``date_hi``) beside the
text form (EDTF level 0 plus the level-1 ``~`` for "around").

Overlap of an act with a tenure (a career from ``start`` to ``end``) has three answers:

* ``CERTAIN``: whatever the exact days were, the act fell inside the tenure: the act's whole
  range lies between the *latest* possible start and the *earliest* possible end;
* ``POSSIBLE``: the ranges touch, but the imprecision allows the act to fall outside;
* ``NONE``: they cannot overlap.

"March 1981" against a tenure from 1980-06 to 1981-04 is certain; "April 1981" is possible.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

PATTERN = re.compile(
    r"^\s*(?P<approx>~)?(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?(?P<approx2>~)?\s*$")
MIN_YEAR, MAX_YEAR = 1800, 2100


class Precision(StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False

    def __post_init__(self) -> None:
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
        """``"1981"``, ``"1981-03"``, ``"1981-03-14"``, with ``~`` for "around"; blank gives None."""
        if text is None or not str(text).strip():
            return None
        match = PATTERN.match(str(text))
        if not match:
            raise ValueError(f"not a date: {text!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
        month, day = match["month"], match["day"]
        return cls(int(match["year"]), int(month) if month else None, int(day) if day else None,
                   bool(match["approx"] or match["approx2"]))

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None else Precision.YEAR

    @property
    def lo(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def hi(self) -> dt.date:
        if self.day is not None:
            return self.lo
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def edtf(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text + ("~" if self.approximate else "")

    __str__ = edtf

    def display(self) -> str:
        """As a reader says it, in the active language: "March 1981", "marzo de 1981"."""
        if self.precision is Precision.DAY:
            text = date_format(self.lo, "DATE_FORMAT")
        elif self.precision is Precision.MONTH:
            text = date_format(self.lo, "YEAR_MONTH_FORMAT")
        else:
            text = str(self.year)
        return pgettext("partial date", "around %(date)s") % {"date": text} if self.approximate else text


def bounds(value: PartialDate | None) -> tuple[dt.date | None, dt.date | None]:
    return (value.lo, value.hi) if value else (None, None)


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
