"""Periodic jobs of giving: pledge installment reminders to donors, grant report reminders to
whoever recorded the grant. Each reminder is sent once (its ``reminded_on`` is set)."""

from __future__ import annotations

import datetime as dt

from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from amparo.core.audit import log_action
from amparo.core.i18n import language
from amparo.core.scheduler import JobContext, Outcome

from .models import Deliverable, Installment
from .services import organization_name

PLEDGE_NOTICE_DAYS = 7
REPORT_NOTICE_DAYS = 14


def send_pledge_reminders(*, today: dt.date) -> int:
    sent = 0
    due = (Installment.objects.filter(reminded_on__isnull=True, due_on__gte=today,
                                      due_on__lte=today + dt.timedelta(days=PLEDGE_NOTICE_DAYS))
           .select_related("pledge__donor"))
    for installment in due:
        donor = installment.pledge.donor
        with transaction.atomic():
            if Installment.objects.filter(pk=installment.pk, reminded_on__isnull=True).update(reminded_on=today) != 1:
                continue
            if donor.email:
                with language(donor.language):
                    subject = _("A reminder of your pledge to %(organization)s") % {
                        "organization": organization_name()}
                    send_mail(subject,
                              _("Dear %(name)s, thank you for your pledge. The installment of %(amount)s is due on "
                                "%(date)s.") % {"name": donor.name, "amount": installment.amount,
                                                 "date": installment.due_on.isoformat()},
                              None, [donor.email])
                sent += 1
            log_action(action="giving.pledge.remind", obj=installment.pledge, extra={"due": str(installment.due_on)})
    return sent


def send_report_reminders(*, today: dt.date) -> int:
    sent = 0
    due = (Deliverable.objects.filter(reminded_on__isnull=True, report_due__gte=today,
                                      report_due__lte=today + dt.timedelta(days=REPORT_NOTICE_DAYS))
           .select_related("grant__created_by"))
    for deliverable in due:
        staff = deliverable.grant.created_by
        with transaction.atomic():
            if Deliverable.objects.filter(pk=deliverable.pk, reminded_on__isnull=True).update(reminded_on=today) != 1:
                continue
            with language(getattr(staff, "language", None) or "en"):
                send_mail(_("A grant report is due on %(date)s") % {"date": deliverable.report_due.isoformat()},
                          _("The report for %(grant)s is due on %(date)s: %(what)s.") % {
                              "grant": deliverable.grant.title, "date": deliverable.report_due.isoformat(),
                              "what": deliverable.description},
                          None, [staff.email])
            sent += 1
            log_action(action="giving.grant.remind", obj=deliverable.grant, extra={"due": str(deliverable.report_due)})
    return sent


def pledge_reminders(run: JobContext) -> Outcome:
    return Outcome(gettext_noop("%(count)s reminder(s) sent"), {"count": send_pledge_reminders(today=run.local_date)})


def report_reminders(run: JobContext) -> Outcome:
    return Outcome(gettext_noop("%(count)s reminder(s) sent"), {"count": send_report_reminders(today=run.local_date)})
