"""Appointment reminders by e-mail, in the client's language.

A reminder leaves the building, so it names neither the service nor the program nor anything
about health: only the day, the time and the center's phone to change it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from amparo.core.audit import log_action
from amparo.core.i18n import language
from amparo.people.models import ContactPoint

from .models import Appointment

WINDOW = dt.timedelta(hours=24)


def reminder_text(appointment: Appointment) -> tuple[str, str]:
    """Subject and body, in the active language; nothing that says what the appointment is for."""
    start = timezone.localtime(appointment.starts_at)
    when = formats.date_format(start, "DATE_FORMAT")
    subject = _("Reminder of your appointment")
    body = _("Hello %(name)s,\n\nThis is a reminder of your appointment on %(date)s at %(time)s.\n"
             "If you cannot come, please call us to change it.\n") % {
        "name": appointment.person.given_names, "date": when, "time": start.strftime("%H:%M")}
    return subject, body


def send_reminders(*, now: dt.datetime) -> int:
    """Remind clients of appointments starting within the next 24 hours, once each."""
    due = (Appointment.objects.filter(status__in=(Appointment.Status.BOOKED, Appointment.Status.CONFIRMED),
                                      reminder_sent_at__isnull=True, starts_at__gt=now, starts_at__lte=now + WINDOW)
           .select_related("person").order_by("starts_at")[:500])
    sent = 0
    for appointment in due:
        email = (ContactPoint.objects.filter(person=appointment.person_id, kind=ContactPoint.Kind.EMAIL)
                 .order_by("-is_primary", "pk").values_list("value", flat=True).first())
        with transaction.atomic():
            claimed = Appointment.objects.filter(pk=appointment.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now)
            if not claimed or not email:
                continue
            with language(appointment.person.preferred_language):
                subject, body = reminder_text(appointment)
            send_mail(subject, body, getattr(settings, "DEFAULT_FROM_EMAIL", None), [email], fail_silently=False)
            log_action(action="appointment.reminder", obj=appointment)
            sent += 1
    return sent
