"""Whom the legal program served in a period (core.plugins.ServedSource, read by the reports).

A person was served in a period when one of their cases (as principal client) was open at any
moment of it: opened on or before its last day and not closed before its first. First served:
the opening of their earliest case.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Min, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import Case


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def people(start: dt.date, end: dt.date) -> list[tuple[int, int | None, dt.date]]:
    since, until = _moment(start), _moment(end + dt.timedelta(days=1))
    active = (Case.objects.filter(opened_at__lt=until).filter(Q(closed_at__isnull=True) | Q(closed_at__gte=since))
              .order_by())  # no ordering: it would join the DISTINCT below and keep every case
    # The first opening's date, in the center's time zone, converted once per client by the database.
    first: dict[int, Any] = dict(Case.objects.filter(client_id__in=active.values("client_id")).order_by()
                                 .values("client_id").annotate(first=TruncDate(Min("opened_at")))
                                 .values_list("client_id", "first"))
    return [(client_id, office_id, first[client_id])
            for client_id, office_id in active.values_list("client_id", "office_id").distinct()]
