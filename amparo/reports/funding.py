"""The funder filter: the days, programs and offices a funder's grants pay for (``ProgramFunding``).

A funder funds a program in an office (or in all) over its awarded grants' periods, narrowed by
the funding's own dates. A report filtered by funder counts only that work: the people a funded
program served in a funded office on the days both in the report's period and in the funding's;
a legal case by its date (closed, filed) on such a day and in such an office. A funder with no
funding recorded funds nothing the reports can see: its counts are zero, never the whole center.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from .base import Params


@dataclass(frozen=True)
class Window:
    program: str
    office_id: int | None
    start: dt.date
    end: dt.date


def windows(params: Params, program: str | None = None) -> list[Window]:
    """The pieces of the report's period that ``params.funder_id`` pays for (of ``program`` only,
    if given), each program and office with its first and last day."""
    from amparo.giving.models import GrantApplication

    from .models import ProgramFunding

    found = []
    rows = ProgramFunding.objects.filter(grant__funder_id=params.funder_id,
                                         grant__stage=GrantApplication.Stage.AWARDED).select_related("grant")
    if program:
        rows = rows.filter(program=program)
    for row in rows.order_by("pk"):
        starts = [d for d in (params.start, row.grant.period_start, row.starts_on) if d]
        ends = [d for d in (params.end, row.grant.period_end, row.ends_on) if d]
        start, end = max(starts), min(ends)
        if start <= end:
            found.append(Window(row.program, row.office_id, start, end))
    return found


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def legal_q(params: Params, *, moment: str | None = None, day: str | None = None, office: str = "office_id") -> Q:
    """Cases (or their records) the funder pays for: the legal program's windows, by the case's
    office and the record's ``moment`` (a date-time field) or ``day`` (a date field). No funder
    chosen: every case."""
    if not params.funder_id:
        return Q()
    q = Q(pk__in=[])
    for window in windows(params, "legal"):
        if moment:
            after = _moment(window.end + dt.timedelta(days=1))
            part = Q(**{f"{moment}__gte": _moment(window.start), f"{moment}__lt": after})
        else:
            part = Q(**{f"{day}__gte": window.start, f"{day}__lte": window.end})
        if window.office_id:
            part &= Q(**{office: window.office_id})
        q |= part
    return q


def covers(params: Params, day: dt.date, program: str = "legal") -> list[int | None]:
    """The offices (None: every office) where the funder pays for ``program`` on ``day``."""
    return [w.office_id for w in windows(params, program) if w.start <= day <= w.end]


def legal_on(params: Params, day: dt.date, office: str = "office_id") -> Q:
    """Cases the funder pays for on ``day`` (by their office); no funder chosen: every case."""
    if not params.funder_id:
        return Q()
    offices = covers(params, day)
    if None in offices:
        return Q()
    return Q(**{f"{office}__in": offices}) if offices else Q(pk__in=[])
