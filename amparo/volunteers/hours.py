"""Approved volunteer hours and their value, for the pages and the reports' time report.

The value of an hour is the center's own rate (``Rate``) in force on the day the hours were
given: a rate applies from its date until the next one. Hours on days before the first rate have
no value (they are counted, and said to be unvalued). Only approved hours count, corrections
included (a correction carries the difference, positive or negative).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from .models import HoursEntry, Rate

CENT = Decimal("0.01")


def rate_on(day: dt.date) -> Decimal | None:
    """The center's hourly value in force on ``day`` (None before the first one)."""
    return (Rate.objects.filter(effective_from__lte=day).order_by("-effective_from")
            .values_list("hourly", flat=True).first())


def periods(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date, Decimal | None]]:
    """``[start, end]`` cut where the rate changes: (first day, last day, rate or None)."""
    changes = list(Rate.objects.filter(effective_from__gt=start, effective_from__lte=end)
                   .order_by("effective_from").values_list("effective_from", "hourly"))
    cuts, current = [], (start, rate_on(start))
    for day, hourly in changes:
        cuts.append((current[0], day - dt.timedelta(days=1), current[1]))
        current = (day, hourly)
    cuts.append((current[0], end, current[1]))
    return cuts


@dataclass
class Line:
    program: str
    activity: str
    hours: Decimal = Decimal(0)
    value: Decimal = Decimal(0)
    unvalued: Decimal = Decimal(0)  # hours on days without a rate


@dataclass
class Summary:
    lines: list[Line] = field(default_factory=list)

    @property
    def hours(self) -> Decimal:
        return sum((line.hours for line in self.lines), Decimal(0))

    @property
    def value(self) -> Decimal:
        return sum((line.value for line in self.lines), Decimal(0))

    @property
    def unvalued(self) -> Decimal:
        return sum((line.unvalued for line in self.lines), Decimal(0))


def approved(start: dt.date, end: dt.date, *, office_id: int | None = None) -> QuerySet[HoursEntry]:
    entries = HoursEntry.objects.filter(status=HoursEntry.Status.APPROVED, date__gte=start, date__lte=end)
    if office_id:
        entries = entries.filter(office_id=office_id)
    return entries


def by_program(start: dt.date, end: dt.date, *, office_id: int | None = None,
               extra: Q | None = None) -> Summary:
    """Approved hours given in ``[start, end]`` by program and activity, with their value: one
    grouped query per rate in force during the period."""
    lines: dict[tuple[str, str], Line] = {}
    for first, last, hourly in periods(start, end):
        entries = approved(first, last, office_id=office_id)
        if extra is not None:
            entries = entries.filter(extra)
        for item in entries.values("program", "activity").annotate(h=Sum("hours")).order_by():
            line = lines.setdefault((item["program"], item["activity"]), Line(item["program"], item["activity"]))
            line.hours += item["h"]
            if hourly is None:
                line.unvalued += item["h"]
            else:
                line.value += (item["h"] * hourly).quantize(CENT)
    return Summary([lines[key] for key in sorted(lines)])


def for_volunteer(volunteer_id: int, start: dt.date, end: dt.date) -> Summary:
    return by_program(start, end, extra=Q(volunteer_id=volunteer_id))
