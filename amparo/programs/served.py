"""Whom the programs served in a period (``ServedSource``s, read by the reports).

Clinic and mental health together ("Health and counselling", a name that reports for outsiders may
carry): an appointment the client came to (arrived or seen) in the period. Transitional housing: a
stay that overlaps the period. Basic needs: assistance given in the period. First served: the
earliest such appointment (its local date), entry or assistance, ever. The programs have no office.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, IntegerField, Min, QuerySet, Value
from django.db.models.functions import Cast, TruncDate
from django.utils import timezone

from amparo.core.plugins import served_rows

from .models import Appointment, Assistance, Stay

Rows = list[tuple[int, int | None, dt.date]]
NO_OFFICE = Cast(Value(None), IntegerField())


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def clinic_queryset(start: dt.date, end: dt.date) -> QuerySet:
    came = Appointment.objects.filter(status__in=[Appointment.Status.ARRIVED, Appointment.Status.SEEN]).order_by()
    ids = came.filter(starts_at__gte=_moment(start), starts_at__lt=_moment(end + dt.timedelta(days=1)))
    return (came.filter(person_id__in=ids.values("person_id")).values(served_person=F("person_id"))
            .annotate(served_office=NO_OFFICE, first_served=TruncDate(Min("starts_at"))))


def housing_queryset(start: dt.date, end: dt.date) -> QuerySet:
    overlapping = Stay.objects.filter(entry_date__lte=end).exclude(exit_date__lt=start).order_by()
    return (Stay.objects.order_by().filter(person_id__in=overlapping.values("person_id"))
            .values(served_person=F("person_id"))
            .annotate(served_office=NO_OFFICE, first_served=Min("entry_date")))


def basic_needs_queryset(start: dt.date, end: dt.date) -> QuerySet:
    given = Assistance.objects.filter(person__isnull=False, corrects__isnull=True).order_by()
    ids = given.filter(given_on__gte=start, given_on__lte=end).values("person_id")
    return (given.filter(person_id__in=ids).values(served_person=F("person_id"))
            .annotate(served_office=NO_OFFICE, first_served=Min("given_on")))


def clinic(start: dt.date, end: dt.date) -> Rows:
    return served_rows(clinic_queryset(start, end))


def housing(start: dt.date, end: dt.date) -> Rows:
    return served_rows(housing_queryset(start, end))


def basic_needs(start: dt.date, end: dt.date) -> Rows:
    return served_rows(basic_needs_queryset(start, end))
