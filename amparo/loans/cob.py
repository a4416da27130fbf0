"""Close of business: each active loan's days past due, delinquency bucket, late penalties,
reminders, and the portfolio's figures (PAR30) for one date.

Re-runnable: a loan's day is recorded once (``LoanDay`` unique on loan and date), a penalty once
per late installment (``charge_key``), a reminder once per installment and kind
(``ReminderSent``). Running it again for the same date posts nothing twice.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from amparo.core.audit import log_action
from amparo.core.i18n import language

from . import services
from .models import (
    BUCKETS,
    ZERO,
    Installment,
    Loan,
    LoanDay,
    LoanTransaction,
    PortfolioDay,
    ReminderSent,
    ScheduleVersion,
    bucket,
)

REMIND_DAYS_BEFORE = 3
CHUNK = 2000


@dataclass
class Result:
    loans: int = 0
    penalties: int = 0
    reminders: int = 0


def _penalty_amount(product, parts: dict[str, Decimal]) -> Decimal:
    late = sum(parts.values(), ZERO)
    amount = product.penalty_flat + late * product.penalty_percent / 100
    return amount.quantize(Decimal("0.01"))


def close_day(*, day: dt.date, send_reminders: bool = True) -> Result:
    result = Result()
    totals: dict[str, list[Decimal | int]] = defaultdict(lambda: [ZERO, 0])
    outstanding = at_risk = ZERO
    current = ScheduleVersion.objects.filter(current=True)
    active = (Loan.objects.filter(status=Loan.Status.ACTIVE).select_related("product")
              .prefetch_related(Prefetch("schedules", queryset=current.prefetch_related("installments"),
                                         to_attr="current_schedules"))
              .order_by("pk"))
    last = 0
    while True:
        chunk = list(active.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            break
        last = chunk[-1].pk
        keys = set(LoanTransaction.objects.filter(loan__in=chunk).exclude(charge_key="")
                   .values_list("loan_id", "charge_key"))
        days, changed, penalties = [], [], []
        for loan in chunk:
            version = loan.current_schedules[0] if loan.current_schedules else None
            at = services.position(loan, day, schedule=version,
                                   installments=version.installments.all() if version else [])
            overdue = at.due_total
            days.append(LoanDay(loan=loan, on=day, days_past_due=at.days_past_due, overdue=overdue))
            if loan.days_past_due != at.days_past_due:
                loan.days_past_due = at.days_past_due
                changed.append(loan)
            principal = loan.principal_outstanding
            outstanding += principal
            name = bucket(at.days_past_due)
            totals[name][0] += principal
            totals[name][1] += 1
            if at.days_past_due > 30:
                at_risk += principal
            product = loan.product
            if product.penalty_after_days and at.oldest_late is not None and version is not None:
                for row in version.installments.all():
                    if row.due >= day or (day - row.due).days < product.penalty_after_days:
                        break
                    key = f"late:{version.number}:{row.number}"
                    if (loan.pk, key) in keys:
                        continue
                    late = at.parts.get(row.number)
                    if late and any(late.values()) and (product.penalty_flat or product.penalty_percent):
                        penalties.append((loan.pk, key, _penalty_amount(product, late)))
        LoanDay.objects.bulk_create(days, ignore_conflicts=True)
        Loan.objects.bulk_update(changed, ["days_past_due"], batch_size=1000)
        for loan_id, key, amount in penalties:
            if amount > 0 and services.charge_penalty(loan=loan_id, amount=amount, on=day, charge_key=key,
                                                      note=_("Late installment")) is not None:
                result.penalties += 1
        result.loans += len(chunk)
    PortfolioDay.objects.update_or_create(on=day, defaults={
        "outstanding": outstanding, "at_risk_30": at_risk, "loans": result.loans,
        "buckets": {name: {"amount": str(totals[name][0]), "loans": totals[name][1]}
                    for name in [b for _l, b in BUCKETS] + ["90+"]}})
    if send_reminders:
        result.reminders = send_due_reminders(day=day)
    return result


def send_due_reminders(*, day: dt.date) -> int:
    """Email borrowers (who have an email address) a few days before an installment is due and
    the day after one is missed, in their language. Subjects never carry amounts."""
    sent = 0
    before = day + dt.timedelta(days=REMIND_DAYS_BEFORE)
    rows = (Installment.objects.filter(schedule__current=True, schedule__loan__status=Loan.Status.ACTIVE)
            .filter(Q(due=before) | Q(due__lt=day, due__gte=day - dt.timedelta(days=7)))
            .select_related("schedule__loan__borrower"))
    for row in rows:
        loan = row.schedule.loan
        kind = ReminderSent.Kind.BEFORE if row.due == before else ReminderSent.Kind.AFTER
        at = services.position(loan, day, schedule=row.schedule)
        owed = sum(at.parts.get(row.number, {}).values(), ZERO)
        if owed <= 0:
            continue
        email = loan.borrower.contacts.filter(kind="email").values_list("value", flat=True).first()
        try:
            with transaction.atomic():
                ReminderSent.objects.create(installment=row, kind=kind, sent_on=day)
                if email:
                    person = loan.borrower
                    with language(person.preferred_language):
                        subject = (_("Reminder: your loan installment is due soon") if kind == ReminderSent.Kind.BEFORE
                                   else _("Your loan installment is past due"))
                        body = render_to_string("loans/email/reminder.txt", {
                            "person": person, "loan": loan, "row": row, "owed": owed,
                            "before": kind == ReminderSent.Kind.BEFORE})
                    send_mail(subject, body, None, [email], fail_silently=False)
                log_action(action="loan.reminder", obj=loan, extra={"installment": row.number, "kind": kind,
                                                                    "emailed": bool(email)})
        except IntegrityError:
            continue  # already reminded
        sent += 1
    return sent
