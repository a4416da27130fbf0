"""Whom the classes served in a period (``ServedSource``, read by the reports): a student marked
present or late at a session held in the period. First served: their first such session, ever."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, IntegerField, Min, QuerySet, Value
from django.db.models.functions import Cast

from amparo.core.plugins import served_rows

from .models import Attendance, Mark

Rows = list[tuple[int, int | None, dt.date]]


def queryset(start: dt.date, end: dt.date) -> QuerySet:
    came = Attendance.objects.filter(mark__in=[Mark.PRESENT, Mark.LATE]).order_by()
    ids = came.filter(session__date__gte=start, session__date__lte=end).values("enrolment__person_id")
    return (came.filter(enrolment__person_id__in=ids).values(served_person=F("enrolment__person_id"))
            .annotate(served_office=Cast(Value(None), IntegerField()), first_served=Min("session__date")))


def people(start: dt.date, end: dt.date) -> Rows:
    return served_rows(queryset(start, end))
