"""Deadline reminders as a periodic job: once a day, at the configured local time."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import UserFactory
from amparo.core import scheduler
from amparo.legal import services

from .factories import make_case

pytestmark = pytest.mark.django_db


def test_the_worker_sends_the_days_reminders_once_for_the_centers_date(settings):
    settings.AMPARO_DEADLINE_REMINDER_DAYS = [7]
    settings.TIME_ZONE = "America/Los_Angeles"
    attorney = UserFactory(role=Role.ATTORNEY, email="abogada@amparo.test", language="es")
    case = make_case(responsible=attorney)
    # 2026-12-04 at 07:30 in Los Angeles (15:30 UTC): the job's day is the 4th, not UTC's date.
    now = dt.datetime(2026, 12, 4, 15, 30, tzinfo=dt.UTC)
    day = dt.date(2026, 12, 4)
    services.add_manual_deadline(case=case, title="File the brief", due=day + dt.timedelta(days=7), by=attorney)
    job = scheduler.get_job("legal.deadline_reminders")
    assert job.schedule.describe() == "every day at 07:00"
    [run] = scheduler.tick(clock=lambda: now, only=[job])
    assert run.result_text == "1 reminder(s) sent" and run.period == dt.datetime(2026, 12, 4, 15, 0, tzinfo=dt.UTC)
    assert scheduler.tick(clock=lambda: now + dt.timedelta(hours=5), only=[job]) == []  # that day: once
    assert [m.to for m in mail.outbox] == [["abogada@amparo.test"]]
    assert timezone.localdate(run.period) == day
