"""Close of business: each active loan's days past due, delinquency bucket, late penalties,
reminders, and the portfolio's figures (PAR30) for one date.

Re-runnable: a loan's day is recorded once (``LoanDay`` unique on loan and date), a penalty once
per late installment (``charge_key``, unique per loan), a reminder once per installment and kind
(``ReminderSent``). Running it again for the same date posts nothing twice.

Built for tens of thousands of loans: loans are read in chunks, installments as plain tuples in
integer cents (``standing`` gives the same answer as ``services.position``, a test says so), and a
chunk's penalties are posted together (``services.charge_penalties``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from amparo.core.audit import log_action
from amparo.core.i18n import language
from amparo.people.models import ContactPoint, Person

from . import services
from .models import BUCKETS, ZERO, Installment, Loan, LoanDay, LoanTransaction, PortfolioDay, ReminderSent, bucket

REMIND_DAYS_BEFORE = 3
REMIND_DAYS_AFTER = 7
CHUNK = 2000


class Row(NamedTuple):
    id: int
    number: int
    due: dt.date
    principal: int  # cents
    interest: int
    fee: int


@dataclass
class Standing:
    days_past_due: int = 0
    overdue: int = 0  # cents due and unpaid (principal, interest, fees)
    owed: dict[int, int] = field(default_factory=dict)  # installment number -> cents left, up to the horizon


def _cents(value: Decimal) -> int:
    return int(value * 100)


def standing(rows: list[Row], paid: tuple[int, int, int], day: dt.date, horizon: dt.date) -> Standing:
    """Where a loan stands on ``day`` from its current schedule's rows (in due order) and what has
    been paid on that schedule (principal, interest, fees, in cents), as ``services.position``."""
    paid_p, paid_i, paid_f = paid
    cum_p = cum_i = cum_f = 0
    result = Standing()
    for row in rows:
        if row.due > horizon:
            break
        cum_p += row.principal
        cum_i += row.interest
        cum_f += row.fee
        left = (min(row.principal, max(0, cum_p - paid_p)) + min(row.interest, max(0, cum_i - paid_i))
                + min(row.fee, max(0, cum_f - paid_f)))
        if left:
            result.owed[row.number] = left
            if row.due <= day:
                result.overdue += left
                if not result.days_past_due and row.due < day:
                    result.days_past_due = (day - row.due).days
    return result


@dataclass
class Result:
    loans: int = 0
    penalties: int = 0
    reminders: int = 0


def close_day(*, day: dt.date, send_reminders: bool = True) -> Result:
    result = Result()
    totals: dict[str, list] = defaultdict(lambda: [ZERO, 0])
    outstanding = at_risk = ZERO
    horizon = day + dt.timedelta(days=REMIND_DAYS_BEFORE)
    active = (Loan.objects.filter(status=Loan.Status.ACTIVE).select_related("product").order_by("pk")
              .only("pk", "borrower_id", "amount", "status", "principal_paid", "interest_paid", "fees_paid",
                    "penalties_charged", "penalties_paid", "written_off_principal", "written_off_penalties",
                    "days_past_due", "product__penalty_after_days", "product__penalty_flat",
                    "product__penalty_percent"))
    last = 0
    while True:
        chunk = list(active.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            break
        last = chunk[-1].pk
        schedules: dict[int, tuple[int, int, tuple[int, int, int]]] = {}
        rows: dict[int, list[Row]] = defaultdict(list)
        for loan_id, sid, number, bp, bi, bf in (
                services.ScheduleVersion.objects.filter(loan__in=chunk, current=True)
                .values_list("loan_id", "pk", "number", "base_principal", "base_interest", "base_fees")):
            schedules[loan_id] = (sid, number, (_cents(bp), _cents(bi), _cents(bf)))
        for values in (Installment.objects.filter(schedule__in=[s[0] for s in schedules.values()], due__lte=horizon)
                       .order_by("schedule_id", "number")
                       .values_list("schedule_id", "pk", "number", "due", "principal", "interest", "fee")):
            rows[values[0]].append(Row(values[1], values[2], values[3], _cents(values[4]), _cents(values[5]),
                                       _cents(values[6])))
        keys = set(LoanTransaction.objects.filter(loan__in=chunk).exclude(charge_key="")
                   .values_list("loan_id", "charge_key"))
        days, changed, penalties, reminders = [], [], [], []
        for loan in chunk:
            sid, number, base = schedules.get(loan.pk, (0, 0, (0, 0, 0)))
            paid = (_cents(loan.principal_paid) - base[0], _cents(loan.interest_paid) - base[1],
                    _cents(loan.fees_paid) - base[2])
            loan_rows = rows.get(sid, [])
            at = standing(loan_rows, paid, day, horizon)
            days.append(LoanDay(loan=loan, on=day, days_past_due=at.days_past_due,
                                overdue=Decimal(at.overdue) / 100))
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
            for row in loan_rows:
                left = at.owed.get(row.number)
                if not left:
                    continue
                if (product.penalty_after_days and (day - row.due).days >= product.penalty_after_days
                        and (product.penalty_flat or product.penalty_percent)):
                    key = f"late:{number}:{row.number}"
                    if (loan.pk, key) not in keys:
                        amount = (product.penalty_flat + Decimal(left) / 100 * product.penalty_percent / 100)
                        penalties.append((loan.pk, key, amount.quantize(Decimal("0.01"))))
                if send_reminders:
                    if row.due == horizon:
                        reminders.append((loan, row, ReminderSent.Kind.BEFORE, Decimal(left) / 100))
                    elif day - dt.timedelta(days=REMIND_DAYS_AFTER) <= row.due < day:
                        reminders.append((loan, row, ReminderSent.Kind.AFTER, Decimal(left) / 100))
        LoanDay.objects.bulk_create(days, ignore_conflicts=True)
        Loan.objects.bulk_update(changed, ["days_past_due"], batch_size=500)
        result.penalties += services.charge_penalties(items=penalties, on=day, note=_("Late installment"))
        if reminders:
            result.reminders += _send(reminders, day)
        result.loans += len(chunk)
    PortfolioDay.objects.update_or_create(on=day, defaults={
        "outstanding": outstanding, "at_risk_30": at_risk, "loans": result.loans,
        "buckets": {name: {"amount": str(totals[name][0]), "loans": totals[name][1]}
                    for name in [b for _l, b in BUCKETS] + ["90+"]}})
    if result.reminders:
        log_action(action="loan.reminder", extra={"on": day.isoformat(), "count": result.reminders})
    return result


def _send(candidates: list[tuple], day: dt.date) -> int:
    """Email borrowers (who have an email address) in their language; once per installment and kind
    (``ReminderSent``). Subjects never carry amounts."""
    done = set(ReminderSent.objects.filter(installment__in=[row.id for _l, row, _k, _o in candidates])
               .values_list("installment_id", "kind"))
    fresh = [c for c in candidates if (c[1].id, c[2]) not in done]
    if not fresh:
        return 0
    ReminderSent.objects.bulk_create([ReminderSent(installment_id=row.id, kind=kind, sent_on=day)
                                      for _l, row, kind, _o in fresh], ignore_conflicts=True)
    emails: dict[int, str] = {}
    for person_id, value in (ContactPoint.objects.filter(person__in={loan.borrower_id for loan, *_r in fresh},
                                                         kind=ContactPoint.Kind.EMAIL)
                             .order_by("-is_primary", "pk").values_list("person_id", "value")):
        emails.setdefault(person_id, value)
    people = {p.pk: p for p in Person.objects.filter(pk__in=emails).only("pk", "given_names", "preferred_language")}
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
