"""Whom the legal program served in a period (core.plugins.ServedSource, read by the reports).

A person was served in a period when one of their cases (as principal client) was open at any
moment of it: opened on or before its last day and not closed before its first. First served:
the opening of their earliest case.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case as When_
from django.db.models import F, Max, Min, Q, QuerySet, When, Window
from django.db.models.functions import RowNumber, TruncDate
from django.utils import timezone

from amparo.core.plugins import served_rows

from .models import Case


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def queryset(start: dt.date, end: dt.date) -> QuerySet:
    """One row per client and office with a case open in the period, in one pass over the cases
    opened by its end (``legal_case_served_idx``, in client order): the client's first opening
    (local date) over all their cases, whether a case of this office was open in the period, and
    only the first case of each pair kept."""
    since, until = _moment(start), _moment(end + dt.timedelta(days=1))
    open_then = Q(closed_at__isnull=True) | Q(closed_at__gte=since)
    pair = [F("client_id"), F("office_id")]
    return (Case.objects.filter(opened_at__lt=until).order_by()
            .annotate(served_person=F("client_id"), served_office=F("office_id"),
                      first_served=TruncDate(Window(Min("opened_at"), partition_by=F("client_id"))),
                      served_here=Window(Max(When_(When(open_then, then=1), default=0)), partition_by=pair),
                      nth=Window(RowNumber(), partition_by=pair))
            .filter(served_here__gte=1, nth__lte=1)  # inequalities: PostgreSQL then expects a fair share of rows
            .values("served_person", "served_office", "first_served"))


def people(start: dt.date, end: dt.date) -> list[tuple[int, int | None, dt.date]]:
    return served_rows(queryset(start, end))
