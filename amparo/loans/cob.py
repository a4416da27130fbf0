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
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from amparo.core.audit import log_action
from amparo.core.i18n import language
from amparo.people.models import ContactPoint, Person

from . import services
from .models import (
    BUCKETS,
    ZERO,
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
        days, changed, penalties, reminders = [], [], [], []
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
            if send_reminders and version is not None:
                reminders += _reminders_due(loan, version, at, day)
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
        if reminders:
            result.reminders += _send(reminders, day)
    PortfolioDay.objects.update_or_create(on=day, defaults={
        "outstanding": outstanding, "at_risk_30": at_risk, "loans": result.loans,
        "buckets": {name: {"amount": str(totals[name][0]), "loans": totals[name][1]}
                    for name in [b for _l, b in BUCKETS] + ["90+"]}})
    if result.reminders:
        log_action(action="loan.reminder", extra={"on": day.isoformat(), "count": result.reminders})
    return result


def _reminders_due(loan: Loan, version: ScheduleVersion, at: services.Position, day: dt.date) -> list[tuple]:
    """A few days before an installment is due, and in the week after one is missed."""
    before = day + dt.timedelta(days=REMIND_DAYS_BEFORE)
    found = []
    for row in version.installments.all():
        if row.due > before:
            break
        owed = sum(at.parts.get(row.number, {}).values(), ZERO)
        if owed <= 0:
            continue
        if row.due == before:
            found.append((loan, row, ReminderSent.Kind.BEFORE, owed))
        elif day - dt.timedelta(days=7) <= row.due < day:
            found.append((loan, row, ReminderSent.Kind.AFTER, owed))
    return found


def _send(candidates: list[tuple], day: dt.date) -> int:
    """Email borrowers (who have an email address) in their language; once per installment and kind
    (``ReminderSent``). Subjects never carry amounts."""
    done = set(ReminderSent.objects.filter(installment__in=[row.pk for _l, row, _k, _o in candidates])
               .values_list("installment_id", "kind"))
    fresh = [c for c in candidates if (c[1].pk, c[2]) not in done]
    if not fresh:
        return 0
    ReminderSent.objects.bulk_create([ReminderSent(installment=row, kind=kind, sent_on=day)
                                      for _l, row, kind, _o in fresh], ignore_conflicts=True)
    emails: dict[int, str] = {}
    for person_id, value in (ContactPoint.objects.filter(person__in={loan.borrower_id for loan, *_r in fresh},
                                                         kind=ContactPoint.Kind.EMAIL)
                             .order_by("-is_primary", "pk").values_list("person_id", "value")):
        emails.setdefault(person_id, value)
    people = {p.pk: p for p in Person.objects.filter(pk__in=emails)}
    for loan, row, kind, owed in fresh:
        person = people.get(loan.borrower_id)
        if person is None:
            continue
        with language(person.preferred_language):
            subject = (_("Reminder: your loan installment is due soon") if kind == ReminderSent.Kind.BEFORE
                       else _("Your loan installment is past due"))
            body = render_to_string("loans/email/reminder.txt", {
                "person": person, "loan": loan, "row": row, "owed": owed, "before": kind == ReminderSent.Kind.BEFORE})
        send_mail(subject, body, None, [emails[person.pk]], fail_silently=True)
    return len(fresh)
