"""Periodic jobs of legal cases (run by ``manage.py worker``; see core.scheduler)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from amparo.core.scheduler import JobContext, Outcome, periodic

from .notifications import send_deadline_reminders


@periodic(name="legal.deadline_reminders", daily_at=settings.AMPARO_DEADLINE_REMINDER_TIME,
          label=_("E-mail deadline reminders to the teams of cases"))
def deadline_reminders(run: JobContext) -> Outcome:
    """Once a day; after downtime, once for the current day (reminders are sent at most once)."""
    sent = send_deadline_reminders(today=run.local_date)
    return Outcome(gettext_noop("%(count)s reminder(s) sent"), {"count": sent})
