"""Periodic jobs of legal cases (run by ``manage.py worker``; see core.scheduler)."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from amparo.core.scheduler import JobContext, Outcome

from .notifications import send_deadline_reminders


def deadline_reminders(run: JobContext) -> Outcome:
    """Once a day; after downtime, once for the current day (reminders are sent at most once)."""
    sent = send_deadline_reminders(today=run.local_date)
    return Outcome(gettext_noop("%(count)s reminder(s) sent"), {"count": sent})
