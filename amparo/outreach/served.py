"""Whom outreach served in a period (``ServedSource``s, read by the reports).

Events: a registration checked in at the door (or in bulk from the paper list) during the period,
once matched to a People record. Registration drives: a registrant registered in the period and
linked to a People record. First served: the earliest such check-in or registration, ever.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Min
from django.utils import timezone

from .models import Registrant, Registration

Rows = list[tuple[int, int | None, dt.date]]


def events(start: dt.date, end: dt.date) -> Rows:
    came = Registration.objects.filter(person__isnull=False, checked_in_at__isnull=False)
    since = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    until = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    ids = set(came.filter(checked_in_at__gte=since, checked_in_at__lt=until).values_list("person_id", flat=True))
    first = came.filter(person_id__in=ids).values("person_id").annotate(first=Min("checked_in_at"))
    return [(row["person_id"], None, timezone.localtime(row["first"]).date()) for row in first]


def drives(start: dt.date, end: dt.date) -> Rows:
    linked = Registrant.objects.filter(person__isnull=False)
    ids = set(linked.filter(registered_on__gte=start, registered_on__lte=end).values_list("person_id", flat=True))
    first = linked.filter(person_id__in=ids).values("person_id").annotate(first=Min("registered_on"))
    return [(row["person_id"], None, row["first"]) for row in first]
