"""Background work of the loans: the reminders recorded by close of business, emailed."""

from __future__ import annotations

import datetime as dt

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from amparo.core.i18n import language
from amparo.people.models import ContactPoint

from .models import ReminderSent

BATCH = 500


@task()
def email_reminders(on: str) -> int:
    """Email the reminders recorded on ``on`` and not yet emailed, each borrower in their language
    (subjects never carry amounts). Idempotent: a reminder is emailed once (``emailed_at``); a
    borrower without an email address is skipped, and a failed email is not retried."""
    day = dt.date.fromisoformat(on)
    sent = 0
    while True:
        batch = list(ReminderSent.objects.filter(sent_on=day, emailed_at__isnull=True)
                     .select_related("installment__schedule__loan__borrower").order_by("pk")[:BATCH])
        if not batch:
            return sent
        people = {r.installment.schedule.loan.borrower_id for r in batch}
        emails: dict[int, str] = {}
        for person_id, value in (ContactPoint.objects.filter(person__in=people, kind=ContactPoint.Kind.EMAIL)
                                 .order_by("-is_primary", "pk").values_list("person_id", "value")):
            emails.setdefault(person_id, value)
        for reminder in batch:
            row = reminder.installment
            loan = row.schedule.loan
            person = loan.borrower
            if person.pk not in emails:
                continue
            before = reminder.kind == ReminderSent.Kind.BEFORE
            with language(person.preferred_language):
                subject = (_("Reminder: your loan installment is due soon") if before
                           else _("Your loan installment is past due"))
                body = render_to_string("loans/email/reminder.txt", {
                    "person": person, "loan": loan, "row": row, "owed": reminder.owed, "before": before})
            send_mail(subject, body, None, [emails[person.pk]], fail_silently=True)
            sent += 1
        ReminderSent.objects.filter(pk__in=[r.pk for r in batch]).update(emailed_at=timezone.now())
