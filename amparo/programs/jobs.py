"""Periodic jobs of the programs (run by ``manage.py worker``; see core.scheduler)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_noop

from amparo.core.scheduler import JobContext, Outcome

from . import services
from .notifications import send_reminders


def appointment_reminders(run: JobContext) -> Outcome:
    """Every hour: clients with an appointment in the next 24 hours are reminded once."""
    sent = send_reminders(now=run.now)
    return Outcome(gettext_noop("%(count)s reminder(s) sent"), {"count": sent})


def night_count(run: JobContext) -> Outcome:
    """Each morning: record the occupancy of the night that just ended."""
    record = services.count_night(run.local_date - dt.timedelta(days=1))
    return Outcome(gettext_noop("%(occupied)s of %(beds)s beds taken"),
                   {"occupied": record.occupied, "beds": record.beds})
