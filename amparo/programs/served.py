"""Whom the programs served in a period (``ServedSource``s, read by the reports).

Clinic and mental health together ("Health and counselling", a name that reports for outsiders may
carry): an appointment the client came to (arrived or seen) in the period. Transitional housing: a
stay that overlaps the period. Basic needs: assistance given in the period. First served: the
earliest such appointment, entry or assistance, ever. The programs have no office.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Min
from django.utils import timezone

from .models import Appointment, Assistance, Stay

Rows = list[tuple[int, int | None, dt.date]]


def _first(rows: dict[int, object], ids: set[int]) -> Rows:
    return [(pk, None, rows[pk]) for pk in ids]


def clinic(start: dt.date, end: dt.date) -> Rows:
    came = Appointment.objects.filter(status__in=[Appointment.Status.ARRIVED, Appointment.Status.SEEN])
    since = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    until = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    ids = set(came.filter(starts_at__gte=since, starts_at__lt=until).values_list("person_id", flat=True))
    first = {pk: timezone.localtime(at).date() for pk, at in came.filter(person_id__in=ids).values("person_id")
             .annotate(first=Min("starts_at")).values_list("person_id", "first")}
    return _first(first, ids)


def housing(start: dt.date, end: dt.date) -> Rows:
    overlapping = Stay.objects.filter(entry_date__lte=end).exclude(exit_date__lt=start)
    ids = set(overlapping.values_list("person_id", flat=True))
    first = dict(Stay.objects.filter(person_id__in=ids).values("person_id").annotate(first=Min("entry_date"))
                 .values_list("person_id", "first"))
    return _first(first, ids)


def basic_needs(start: dt.date, end: dt.date) -> Rows:
    given = Assistance.objects.filter(person__isnull=False, corrects__isnull=True)
    ids = set(given.filter(given_on__gte=start, given_on__lte=end).values_list("person_id", flat=True))
    first = dict(given.filter(person_id__in=ids).values("person_id").annotate(first=Min("given_on"))
                 .values_list("person_id", "first"))
    return _first(first, ids)
