"""The director's dashboard: a panel on the home page (declared on ReportsConfig).

Counts only, as in every report: this month so far against the same days a year before (people
served, cases opened and closed), open deadlines at risk in the next seven days, the open
caseload of each attorney, the waiting lists (classes, transitional housing, coming events), and,
for those who may see the giving records, the money raised (this month and this year so far
against the same days a year before) and each campaign running today against its goal. Nothing
here names a person.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
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


def waiting(today: dt.date) -> list[tuple[str, int, int]]:
    """Each waiting list: (key, people or households waiting, sections or events with a list)."""
    from amparo.classes.models import Enrolment, EnrolmentStatus
    from amparo.outreach.models import Registration
    from amparo.programs.models import WaitlistEntry

    classes = Enrolment.objects.filter(status=EnrolmentStatus.WAITING, section__term__ends_on__gte=today)
    classes_n = classes.aggregate(n=Count("id"), places=Count("section", distinct=True))
    housing = WaitlistEntry.objects.filter(status=WaitlistEntry.Status.WAITING).count()
    since = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    events = (Registration.objects.filter(status=Registration.Status.WAITING, event__starts_at__gte=since)
              .aggregate(n=Count("id"), places=Count("event", distinct=True)))
    return [("classes", classes_n["n"], classes_n["places"]), ("housing", housing, 0),
            ("events", events["n"], events["places"])]


def _raised(start: dt.date, end: dt.date) -> Decimal:
    from amparo.giving.models import Donation, Method

    # Gifts and their corrections (refunds, voids, adjustments) by the day they were recorded;
    # gifts in kind are goods, not money.
    total = (Donation.objects.filter(received_on__gte=start, received_on__lte=end).exclude(method=Method.IN_KIND)
             .aggregate(total=Sum("amount"))["total"])
    return (total or Decimal("0")).quantize(Decimal("0.01"))


def money(today: dt.date) -> dict[str, Any]:
    """Money raised this month and this year so far against the same days a year before; the
    campaigns running today against their goals."""
    from amparo.giving.models import Campaign
    from amparo.giving.selectors import campaign_progress

    month, year = today.replace(day=1), today.replace(month=1, day=1)
    before = _same_days_a_year_before(today)
    campaigns = (Campaign.objects.filter(starts__lte=today).filter(Q(ends__isnull=True) | Q(ends__gte=today))
                 .filter(goal__gt=0).order_by("starts", "name")[:6])
    goals = []
    for campaign in campaigns:
        progress = campaign_progress(campaign)
        goals.append((campaign.name, campaign.goal, progress["raised"], progress["percent"]))
    return {
        "lines": [("month", _raised(month, today), _raised(_same_days_a_year_before(month), before)),
                  ("year", _raised(year, today), _raised(_same_days_a_year_before(year), before))],
        "campaigns": goals,
    }


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
        "waiting": waiting(today),
    }


def director_context(request: Any, obj: Any) -> dict[str, Any] | None:
    if not can(request.user, "reports.dashboard"):
        return None
    today = timezone.localdate()
    data = figures(today)
    if can(request.user, "giving.view"):  # the money is development's and finance's to show
        data["money"] = money(today)
    return {"director": data}
