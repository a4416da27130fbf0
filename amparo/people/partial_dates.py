"""Partial and uncertain dates: "March 1981", "around 2014". Never invent a day.

A ``PartialDate`` is a date plus its precision (day, month or year) and whether it is
approximate. It is stored as two columns (the first day of the period, and the precision)
and read and written as a small EDTF subset: ``1981-03-15``, ``1981-03``, ``1981``, and a
trailing or leading ``~`` for approximate (``2014~``, ``~2014``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

DAY, MONTH, YEAR = "day", "month", "year"
PRECISIONS = (DAY, MONTH, YEAR)
MIN_YEAR, MAX_YEAR = 1880, 2100

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SLASHED = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_APPROX = re.compile(r"^(?:~|ca\.?\s*|c\.\s*|circa\s+|about\s+|around\s+|aprox\.?\s*|hacia\s+)|~$", re.I)


@dataclass(frozen=True, order=True)
class PartialDate:
    date: dt.date
    precision: str = DAY
    approximate: bool = False

    def __post_init__(self) -> None:
        if self.precision not in PRECISIONS:
            raise ValueError(f"unknown precision {self.precision!r}")

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def month(self) -> int | None:
        return self.date.month if self.precision in (DAY, MONTH) else None

    @property
    def day(self) -> int | None:
        return self.date.day if self.precision == DAY else None

    def edtf(self) -> str:
        text = {DAY: "%Y-%m-%d", MONTH: "%Y-%m", YEAR: "%Y"}[self.precision]
        return self.date.strftime(text).zfill(4) + ("~" if self.approximate else "")

    def __str__(self) -> str:
        return self.display()

    def display(self) -> str:
        """In the active language: "March 15, 1981" / "15 de marzo de 1981", "about 2014"."""
        month_name = MONTHS[self.date.month - 1]
        if self.precision == DAY:
            text = _("%(month)s %(day)s, %(year)s") % {
                "month": str(month_name), "day": self.date.day, "year": self.date.year}
        elif self.precision == MONTH:
            text = _("%(month)s %(year)s") % {"month": str(month_name), "year": self.date.year}
        else:
            text = str(self.date.year)
        if self.approximate:
            text = _("about %(date)s") % {"date": text}
        return text

    def bounds(self) -> tuple[dt.date, dt.date]:
        """The first and last day the date could be."""
        if self.precision == DAY:
            return self.date, self.date
        if self.precision == MONTH:
            nxt = dt.date(self.date.year + (self.date.month == 12), self.date.month % 12 + 1, 1)
            return self.date, nxt - dt.timedelta(days=1)
        return dt.date(self.date.year, 1, 1), dt.date(self.date.year, 12, 31)

    @classmethod
    def from_parts(cls, date: dt.date | None, precision: str | None, approximate: bool = False) -> PartialDate | None:
        if date is None:
            return None
        return cls(date, precision or DAY, approximate)


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


def _make(year: int, month: int | None = None, day: int | None = None, *, approximate: bool = False) -> PartialDate:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError("year out of range")
    if day is not None and month is not None:
        return PartialDate(dt.date(year, month, day), DAY, approximate)
    if month is not None:
        if not 1 <= month <= 12:
            raise ValueError("month out of range")
        return PartialDate(dt.date(year, month, 1), MONTH, approximate)
    return PartialDate(dt.date(year, 1, 1), YEAR, approximate)


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
