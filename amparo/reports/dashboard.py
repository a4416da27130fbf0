"""The director's dashboard: a panel on the home page (declared on ReportsConfig).

Counts only, as in every report: this month so far against the same days a year before (people
served, cases opened and closed), open deadlines at risk in the next seven days, and the open
caseload of each attorney. Program apps add their own lines (waiting lists, money raised against
goals) through their own dashboard panels.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from amparo.core.permissions import can
from amparo.legal.models import Case, Deadline

from .base import Params
from .catalogue.unduplicated import UnduplicatedClients


def _same_days_a_year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _cases(start: dt.date, end: dt.date) -> dict[str, int]:
    since = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    until = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    return Case.objects.aggregate(
        opened=Count("id", filter=Q(opened_at__gte=since, opened_at__lt=until)),
        closed=Count("id", filter=Q(closed_at__gte=since, closed_at__lt=until)))


def figures(today: dt.date) -> dict[str, Any]:
    start = today.replace(day=1)
    before_start, before_end = _same_days_a_year_before(start), _same_days_a_year_before(today)
    served = UnduplicatedClients()
    now = served.compute(Params(start=start, end=today))[0].rows[0].cells["people"]
    then = served.compute(Params(start=before_start, end=before_end))[0].rows[0].cells["people"]
    cases_now, cases_then = _cases(start, today), _cases(before_start, before_end)
    at_risk = Deadline.objects.filter(state=Deadline.State.OPEN, due__lte=today + dt.timedelta(days=7),
                                      case__closed_at__isnull=True)
    caseload = (Case.objects.filter(closed_at__isnull=True, responsible__isnull=False)
                .values("responsible__full_name", "responsible__email").annotate(n=Count("id"))
                .order_by("-n", "responsible__full_name")[:15])
    return {
        "start": start, "today": today, "before_start": before_start, "before_end": before_end,
        "lines": [("served", now, then), ("opened", cases_now["opened"], cases_then["opened"]),
                  ("closed", cases_now["closed"], cases_then["closed"])],
        "overdue": at_risk.filter(due__lt=today).count(), "due_week": at_risk.filter(due__gte=today).count(),
        "caseload": [(row["responsible__full_name"] or row["responsible__email"], row["n"]) for row in caseload],
    }


def director_context(request: Any, obj: Any) -> dict[str, Any] | None:
    if not can(request.user, "reports.dashboard"):
        return None
    return {"director": figures(timezone.localdate())}
