"""Whom the classes served in a period (``ServedSource``, read by the reports): a student marked
present or late at a session held in the period. First served: their first such session, ever."""

from __future__ import annotations

import datetime as dt

from django.db.models import Min

from .models import Attendance, Mark

Rows = list[tuple[int, int | None, dt.date]]


def people(start: dt.date, end: dt.date) -> Rows:
    came = Attendance.objects.filter(mark__in=[Mark.PRESENT, Mark.LATE])
    ids = set(came.filter(session__date__gte=start, session__date__lte=end)
              .values_list("enrolment__person_id", flat=True))
    first = (came.filter(enrolment__person_id__in=ids).values("enrolment__person_id")
             .annotate(first=Min("session__date")))
    return [(row["enrolment__person_id"], None, row["first"]) for row in first]
