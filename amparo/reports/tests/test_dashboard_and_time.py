"""The director's dashboard figures and the staff-time report, on data with known answers."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import OfficeFactory
from amparo.core.testing import sign_in
from amparo.legal.models import Case, Deadline, TimeEntry
from amparo.legal.tests.factories import make_case
from amparo.reports.dashboard import figures

pytestmark = pytest.mark.django_db


def at(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


@pytest.fixture
def story(make_user):
    office = OfficeFactory(name="Pico-Union")
    rosa = make_user(Role.ATTORNEY, offices=[office], full_name="Rosa Amaya")
    luis = make_user(Role.ATTORNEY, offices=[office], full_name="Luis Portillo")
    today = dt.date(2026, 12, 3)
    dates = [(rosa, dt.date(2026, 12, 1), None), (rosa, dt.date(2026, 12, 2), dt.date(2026, 12, 3)),
             (luis, dt.date(2025, 12, 2), None), (rosa, dt.date(2025, 11, 5), dt.date(2025, 12, 1)),
             (luis, dt.date(2025, 12, 10), None)]
    cases = []
    for who, opened, closed in dates:
        case = make_case(office=office, responsible=who, by=who)
        Case.objects.filter(pk=case.pk).update(opened_at=at(opened), closed_at=at(closed) if closed else None)
        cases.append(case)
    for case, due in ((cases[0], today - dt.timedelta(days=2)), (cases[0], today + dt.timedelta(days=5)),
                      (cases[2], today + dt.timedelta(days=20))):
        Deadline.objects.create(case=case, kind="manual", title="x", due=due, state=Deadline.State.OPEN)
    TimeEntry.objects.create(case=cases[0], user=rosa, date=dt.date(2026, 10, 5), minutes=90, activity="hearing")
    TimeEntry.objects.create(case=cases[2], user=luis, date=dt.date(2026, 11, 30), minutes=45, activity="hearing")
    TimeEntry.objects.create(case=cases[2], user=luis, date=dt.date(2026, 12, 1), minutes=30, activity="research")
    TimeEntry.objects.create(case=cases[2], user=luis, date=dt.date(2026, 9, 30), minutes=600, activity="research")
    return {"today": today, "office": office}


def test_this_month_against_the_same_days_last_year_deadlines_at_risk_and_caseloads(story):
    data = figures(story["today"])
    lines = {key: (now, then) for key, now, then in data["lines"]}
    # Dec 1-3, 2026: cases 1 and 2 opened, case 2 closed; served: the clients of cases 1, 2, 3 and 5
    # (3 and 5 open since December 2025). Dec 1-3, 2025: case 3 opened, case 4 closed; served: 3 and 4.
    assert lines == {"served": (4, 2), "opened": (2, 1), "closed": (1, 1)}
    assert data["overdue"] == 1 and data["due_week"] == 1
    assert data["caseload"] == [("Luis Portillo", 2), ("Rosa Amaya", 1)]


def test_the_dashboard_panel_is_the_directors_not_the_attorneys(story, make_user):
    director = sign_in(Client(), make_user(Role.DIRECTOR))
    assert "The center this month" in director.get("/").content.decode()
    attorney = sign_in(Client(), make_user(Role.ATTORNEY))
    assert "The center this month" not in attorney.get("/").content.decode()


def test_staff_hours_by_activity_and_office_in_the_quarter(story):
    out = StringIO()
    call_command("report", "time", "--from", "2026-10-01", "--to", "2026-12-31", stdout=out)
    table = json.loads(out.getvalue())["tables"][0]
    rows = {row["key"]: row["values"]["total"] for row in table["rows"]}
    assert rows == {"hearing": 2.3, "research": 0.5}  # 90 + 45 minutes; 30 (600 fell in September)
    assert table["totals"]["total"] == 2.8


def test_a_report_is_computed_once_until_the_data_change(story, django_assert_max_num_queries):
    from django.core.cache import cache

    from amparo.core.audit import log_action
    from amparo.reports import base
    from amparo.reports.base import Params

    cache.clear()
    report, params = base.get("time"), Params(start=dt.date(2026, 10, 1), end=dt.date(2026, 12, 31))
    first = report.run(params)
    with django_assert_max_num_queries(2):  # only the data's version and the shared cache's row are read
        again = report.run(params)
    assert again[0].totals == first[0].totals
    TimeEntry.objects.create(case=Case.objects.first(), user=Case.objects.first().responsible,
                             date=dt.date(2026, 12, 2), minutes=60, activity="travel")
    log_action(action="case.time.add", actor=None, obj=Case.objects.first())
    assert report.run(params)[0].totals["total"] == 3.8  # recomputed: one more hour
