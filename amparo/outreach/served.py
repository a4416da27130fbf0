"""Whom outreach served in a period (``ServedSource``s, read by the reports).

Events: a registration checked in at the door (or in bulk from the paper list) during the period,
once matched to a People record. Registration drives: a registrant registered in the period and
linked to a People record. First served: the earliest such check-in or registration, ever (a
check-in's local date).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, IntegerField, Min, QuerySet, Value
from django.db.models.functions import Cast, TruncDate
from django.utils import timezone

from amparo.core.plugins import served_rows

from .models import Registrant, Registration

Rows = list[tuple[int, int | None, dt.date]]
NO_OFFICE = Cast(Value(None), IntegerField())


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def events_queryset(start: dt.date, end: dt.date) -> QuerySet:
    came = Registration.objects.filter(person__isnull=False, checked_in_at__isnull=False).order_by()
    ids = came.filter(checked_in_at__gte=_moment(start),
                      checked_in_at__lt=_moment(end + dt.timedelta(days=1))).values("person_id")
    return (came.filter(person_id__in=ids).values(served_person=F("person_id"))
            .annotate(served_office=NO_OFFICE, first_served=TruncDate(Min("checked_in_at"))))


def drives_queryset(start: dt.date, end: dt.date) -> QuerySet:
    linked = Registrant.objects.filter(person__isnull=False).order_by()
    ids = linked.filter(registered_on__gte=start, registered_on__lte=end).values("person_id")
    return (linked.filter(person_id__in=ids).values(served_person=F("person_id"))
            .annotate(served_office=NO_OFFICE, first_served=Min("registered_on")))


def events(start: dt.date, end: dt.date) -> Rows:
    return served_rows(events_queryset(start, end))


def drives(start: dt.date, end: dt.date) -> Rows:
    return served_rows(drives_queryset(start, end))
