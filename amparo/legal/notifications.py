"""E-mail to the team: deadline reminders at configurable intervals, and emergency access.

Messages carry no confidential detail — only "Deadline — case #123", the date and a link —
because e-mail leaves the center's hands. Each goes out in its recipient's own language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from amparo.core.i18n import language

from .models import BreakGlassGrant, Deadline, ReminderSent

DEFAULT_REMINDER_DAYS = (30, 14, 7, 3, 1, 0)
# A child ages out of SIJS on the 21st birthday: the team is warned a year ahead, not a month.
EARLY_REMINDER_DAYS = {"sijs_age_out": (365, 180, 90, 60)}


def reminder_days() -> tuple[int, ...]:
    """Days before a deadline on which the team is reminded: ``AMPARO_DEADLINE_REMINDER_DAYS``."""
    days = getattr(settings, "AMPARO_DEADLINE_REMINDER_DAYS", DEFAULT_REMINDER_DAYS)
    return tuple(sorted({int(d) for d in days}, reverse=True))


def _site() -> str:
    return str(getattr(settings, "AMPARO_SITE_URL", "")).rstrip("/")


def team_of(case: Any) -> list[Any]:
    """Who is told about a case: its attorney or representative, its paralegal, and the
    supervisors of its office or team."""
    User = get_user_model()
    ids = {pk for pk in (case.responsible_id, case.paralegal_id) if pk}
    units = [pk for pk in (case.office_id, case.team_id) if pk]
    ids |= set(User.objects.filter(is_supervisor=True, offices__in=units).values_list("pk", flat=True))
    return list(User.objects.filter(pk__in=ids, is_active=True).exclude(email=""))


def _send(users: Iterable[Any], subject_and_body: Any) -> int:
    sent = 0
    for user in users:
        with language(user.language):
            subject, body = subject_and_body()
        send_mail(subject, body, None, [user.email], fail_silently=False)
        sent += 1
    return sent


def send_deadline_reminders(*, today: dt.date | None = None) -> int:
    """Send every reminder due today (idempotent: each deadline × interval goes out once)."""
    today = today or timezone.localdate()
    total = 0
    plan = [(days, None) for days in reminder_days()]
    plan += [(days, kind) for kind, early in EARLY_REMINDER_DAYS.items() for days in early]
    for days, kind in plan:
        day = today + dt.timedelta(days=days)
        deadlines = Deadline.objects.filter(state=Deadline.State.OPEN, due=day, case__closed_at__isnull=True
                                            ).select_related("case")
        if kind:
            deadlines = deadlines.filter(kind=kind)
        for deadline in deadlines.iterator():
            try:
                with transaction.atomic():
                    reminder = ReminderSent.objects.create(deadline=deadline, days_before=days)
                    recipients = team_of(deadline.case)
                    url = _site() + reverse("legal:detail", args=[deadline.case_id])

                    def message(deadline: Deadline = deadline, days: int = days, url: str = url) -> tuple[str, str]:
                        title = _("Deadline — case #%(number)s") % {"number": deadline.case_id}
                        when = formats.date_format(deadline.due, "DATE_FORMAT")
                        if days == 0:
                            subject = _("Due today: %(title)s") % {"title": title}
                        else:
                            subject = _("Due in %(days)s days: %(title)s") % {"days": days, "title": title}
                        body = _("%(title)s is due on %(date)s.\n\nOpen the case for the rule and what is due:\n"
                                 "%(url)s\n") % {"title": title, "date": when, "url": url}
                        return subject, body

                    reminder.recipients = _send(recipients, message)
                    reminder.save(update_fields=["recipients"])
                    total += reminder.recipients
            except IntegrityError:
                continue  # already sent at this interval
    return total


def break_glass_notice(grant_id: int) -> int:
    grant = BreakGlassGrant.objects.select_related("case", "user").get(pk=grant_id)
    recipients = [u for u in team_of(grant.case) if u.pk != grant.user_id]
    url = _site() + reverse("legal:detail", args=[grant.case_id])

    def message() -> tuple[str, str]:
        subject = _("Emergency access to case #%(number)s") % {"number": grant.case_id}
        body = _("%(who)s opened case #%(number)s with emergency access until %(until)s.\n"
                 "The reason they gave is on the case page:\n%(url)s\n") % {
            "who": grant.user, "number": grant.case_id, "url": url,
            "until": formats.date_format(timezone.localtime(grant.expires_at), "DATETIME_FORMAT")}
        return subject, body

    return _send(recipients, message)
