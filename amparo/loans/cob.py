"""Close of business: each active loan's days past due, delinquency bucket, late penalties,
accrued interest, loan-loss provision, reminders, and the portfolio's figures (PAR30) for one date.

Re-runnable: a loan's day is recorded once (``LoanDay`` unique on loan and date), a penalty once
per late installment (``charge_key``, unique per loan), a reminder once per installment and kind
(``ReminderSent``). Accruals and provisions post the difference between what the loan should
carry on the day and what its ledger lines already carry, so a second run finds nothing to post.
Each chunk of loans is one transaction that locks its loans first (``SELECT ... FOR UPDATE``):
a second close of business at the same moment, or a repayment, waits for the chunk and then sees
what it posted.

Built for tens of thousands of loans: where each loan stands is computed by the database, set-wise
(``STANDING``: window sums over the current schedule's installments in integer cents, the same
cumulative rule as ``services.position``, a test says so); Python gets one row per loan and one per
installment that needs a penalty or a reminder, and writes everything in bulk (``bulk``,
``ledger.post_many``). Reminders are recorded here and emailed by a task queued once per run.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amparo.core.audit import log_action

from . import bulk, ledger
from .ledger import credit, debit
from .models import (
    BUCKETS,
    ZERO,
    Account,
    Loan,
    LoanDay,
    LoanTransaction,
    PortfolioDay,
    ProvisionPolicy,
    ReminderSent,
    bucket,
)

REMIND_DAYS_BEFORE = 3
REMIND_DAYS_AFTER = 7
CHUNK = 2000
LONGEST_PERIOD = 31  # days between two installments, at most (monthly)
CENT = Decimal("0.01")

# The installments of the chunk's loans' current schedules that close of business needs to see:
# those still (partly) owed, and those around the day (the period running, the last one passed).
# Payments are cumulative per component and cover installments in due order, so what is left of
# one is min(amount, max(0, sum of amounts up to it - paid on this schedule)); the installments
# keep those sums (``cum_*``), so the database reads row by row, without a window or a sort, and
# skips the paid-up past (most of a loan's rows).
STANDING = """
SELECT sv.loan_id, sv.number, sv.start, i.id, i.number, i.due,
       CAST(ROUND(i.interest * 100) AS BIGINT), CAST(ROUND(i.cum_interest * 100) AS BIGINT),
       {least}(CAST(ROUND(i.principal * 100) AS BIGINT),
               {greatest}(0, CAST(ROUND((i.cum_principal - l.principal_paid + sv.base_principal) * 100) AS BIGINT)))
       + {least}(CAST(ROUND(i.interest * 100) AS BIGINT),
                 {greatest}(0, CAST(ROUND((i.cum_interest - l.interest_paid + sv.base_interest) * 100) AS BIGINT)))
       + {least}(CAST(ROUND(i.fee * 100) AS BIGINT),
                 {greatest}(0, CAST(ROUND((i.cum_fee - l.fees_paid + sv.base_fees) * 100) AS BIGINT))),
       CAST(ROUND((l.interest_paid - sv.base_interest) * 100) AS BIGINT),
       CAST(ROUND(sv.carried_interest * 100) AS BIGINT)
  FROM loans_loan l
  JOIN loans_scheduleversion sv ON sv.loan_id = l.id AND sv."current"
  JOIN loans_installment i ON i.schedule_id = sv.id
 WHERE l.id IN ({ids}) AND i.due <= %(reach)s
   AND (i.due > %(since)s OR i.cum_principal > l.principal_paid - sv.base_principal
        OR i.cum_interest > l.interest_paid - sv.base_interest OR i.cum_fee > l.fees_paid - sv.base_fees)
"""  # noqa: S608 - no values in the text (ids are integers, the rest are parameters)


def _sql(template: str, ids: list[int]) -> str:
    pg = connection.vendor == "postgresql"
    return template.format(ids=", ".join(str(int(i)) for i in ids),
                           least="LEAST" if pg else "MIN", greatest="GREATEST" if pg else "MAX")


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _money(cents: int) -> Decimal:
    return (Decimal(int(cents)) / 100).quantize(CENT)


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _params(day: dt.date) -> dict[str, Any]:
    return {"day": day, "horizon": day + dt.timedelta(days=REMIND_DAYS_BEFORE),
            "week_ago": day - dt.timedelta(days=REMIND_DAYS_AFTER),
            "reach": day + dt.timedelta(days=LONGEST_PERIOD), "since": day - dt.timedelta(days=LONGEST_PERIOD)}


@dataclass
class Stand:
    """Where one loan stands on the day (cents)."""

    schedule_number: int = 0
    days_past_due: int = 0
    overdue: int = 0  # principal, interest and fees due and unpaid
    earned: int = 0  # interest earned by the day on this schedule (accrual basis)
    interest_paid: int = 0  # on this schedule
    owed: list[tuple[int, int, dt.date, int]] = field(default_factory=list)  # (installment id, number, due, left)


def _stands(ids: list[int], day: dt.date, params: dict[str, Any]) -> dict[int, Stand]:
    rows: dict[int, list[tuple]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(_sql(STANDING, ids), params)
        for row in cursor.fetchall():
            rows[row[0]].append(row)
    stands = {}
    for loan_id, loan_rows in rows.items():
        loan_rows.sort(key=lambda r: r[4])
        first = loan_rows[0]
        stand = Stand(schedule_number=first[1], interest_paid=int(first[9]))
        passed = running = None
        for (_l, _n, _s, installment_id, number, due, _i, _ci, left, _p, _c) in loan_rows:
            due = _date(due)
            if due <= day:
                passed = (number, due, _ci)
                if left > 0:
                    stand.overdue += left
                    if not stand.days_past_due and due < day:
                        stand.days_past_due = (day - due).days
            elif running is None:
                running = (number, due, _i, _ci)
            if left > 0 and due <= params["horizon"]:
                stand.owed.append((installment_id, number, due, int(left)))
        # Interest earned: every installment due by the day, and the share of the one now running
        # for the days elapsed of its period; interest carried into the first installment by a
        # rescheduling was earned before, so it counts at once.
        stand.earned = int(passed[2]) if passed else 0
        if running is not None:
            number, due, interest, _ci = running
            prev = passed[1] if passed else _date(first[2])
            carried = int(first[10]) if number == 1 else 0
            days, elapsed = (due - prev).days, (day - prev).days
            share = _round(Decimal(int(interest) - carried) * elapsed / days) if days > 0 and elapsed > 0 else 0
            stand.earned += carried + int(share)
        stands[loan_id] = stand
    return stands


def standing(ids: list[int], day: dt.date) -> dict[int, tuple[int, Decimal]]:
    """Days past due and the amount overdue (principal, interest, fees) of each loan on ``day``,
    as close of business reads them."""
    stands = _stands(ids, day, _params(day))
    return {loan_id: (stands[loan_id].days_past_due, _money(stands[loan_id].overdue)) if loan_id in stands
            else (0, ZERO) for loan_id in ids}


@dataclass
class Result:
    loans: int = 0
    penalties: int = 0
    reminders: int = 0
    accrued: Decimal = ZERO  # net interest accrued by this run
    provisioned: Decimal = ZERO  # net change of the loan-loss reserve by this run


@dataclass
class Totals:
    outstanding: Decimal = ZERO
    at_risk: Decimal = ZERO
    receivable: Decimal = ZERO
    reserve: Decimal = ZERO

    def __post_init__(self) -> None:
        self.buckets: dict[str, list] = defaultdict(lambda: [ZERO, 0, ZERO])


def close_day(*, day: dt.date, send_reminders: bool = True) -> Result:
    result, totals = Result(), Totals()
    policy = ProvisionPolicy.in_force(day)
    percents = policy.percents() if policy else {}
    from .models import LoanProduct

    products = {p.pk: p for p in LoanProduct.objects.all()}
    penalizing = {pk for pk, p in products.items() if p.penalty_after_days and (p.penalty_flat or p.penalty_percent)}
    params = _params(day)
    last = 0
    while True:
        with transaction.atomic():
            chunk = list(Loan.objects.select_for_update().filter(status=Loan.Status.ACTIVE, pk__gt=last)
                         .order_by("pk").values_list(
                             "pk", "amount", "principal_paid", "written_off_principal", "interest_paid",
                             "penalties_charged", "days_past_due", "interest_receivable", "loss_reserve",
                             "version", "product_id")[:CHUNK])
            if not chunk:
                break
            last = chunk[-1][0]
            _close_chunk(chunk, day, params, products, penalizing, percents, result, totals, send_reminders)
        result.loans += len(chunk)
    PortfolioDay.objects.update_or_create(on=day, defaults={
        "outstanding": totals.outstanding, "at_risk_30": totals.at_risk, "loans": result.loans,
        "interest_receivable": totals.receivable, "loss_reserve": totals.reserve,
        "buckets": {name: {"amount": str(totals.buckets[name][0]), "loans": totals.buckets[name][1],
                           "reserve": str(totals.buckets[name][2]),
                           "percent": str(percents[name]) if name in percents else None}
                    for name in [b for _l, b in BUCKETS] + ["90+"]}})
    if result.reminders:
        log_action(action="loan.reminder", extra={"on": day.isoformat(), "count": result.reminders})
        if send_reminders:
            from .tasks import email_reminders

            transaction.on_commit(lambda: email_reminders.enqueue(day.isoformat()))
    return result


def _close_chunk(chunk: list[tuple], day: dt.date, params: dict[str, Any], products: dict, penalizing: set[int],
                 percents: dict[str, Decimal], result: Result, totals: Totals, send_reminders: bool) -> None:
    ids = [row[0] for row in chunk]
    stands = _stands(ids, day, params)
    charged = set(LoanTransaction.objects.filter(loan__in=ids, kind=LoanTransaction.Kind.PENALTY)
                  .exclude(charge_key="").values_list("loan_id", "charge_key"))
    reminded = set(ReminderSent.objects.filter(installment__in=[
        installment_id for stand in stands.values() for installment_id, _n, due, _l in stand.owed
        if params["week_ago"] <= due <= params["horizon"]]).values_list("installment_id", "kind"))
    days, changes, entries, penalties, reminders = [], {}, [], [], []
    for (loan_id, amount, principal_paid, written_off, _interest_paid, penalties_charged, old_days, receivable,
         reserve, version, product_id) in chunk:
        stand = stands.get(loan_id) or Stand()
        days_past_due = stand.days_past_due
        days.append((loan_id, day, days_past_due, _money(stand.overdue)))
        # Interest earned and not yet paid (never below zero: interest paid ahead is income when paid).
        target = _money(max(0, stand.earned - stand.interest_paid))
        principal = amount - principal_paid - written_off
        name = bucket(days_past_due)
        reserve_target = _round(principal * percents[name] / 100) if name in percents else reserve
        lines = []
        if target != receivable:
            change = target - receivable
            lines += ([debit(Account.INTEREST_RECEIVABLE, change), credit(Account.INTEREST_INCOME, change)]
                      if change > 0 else
                      [debit(Account.INTEREST_INCOME, -change), credit(Account.INTEREST_RECEIVABLE, -change)])
            result.accrued += change
        if reserve_target != reserve:
            change = reserve_target - reserve
            lines += ([debit(Account.PROVISION_EXPENSE, change), credit(Account.LOSS_RESERVE, change)]
                      if change > 0 else
                      [debit(Account.LOSS_RESERVE, -change), credit(Account.PROVISION_EXPENSE, -change)])
            result.provisioned += change
        if lines:
            entries.append((loan_id, f"Close of business {day.isoformat()}: accrued interest, loan-loss reserve",
                            lines))
        if lines or days_past_due != old_days:
            changes[loan_id] = [loan_id, days_past_due, target, reserve_target, penalties_charged, version]
        totals.outstanding += principal
        totals.receivable += target
        totals.reserve += reserve_target
        totals.buckets[name][0] += principal
        totals.buckets[name][1] += 1
        totals.buckets[name][2] += reserve_target
        if days_past_due > 30:
            totals.at_risk += principal
        product = products[product_id]
        for installment_id, number, due, left in stand.owed:
            owed = _money(left)
            if (product_id in penalizing and due < day and (day - due).days >= product.penalty_after_days
                    and (loan_id, key := f"late:{stand.schedule_number}:{number}") not in charged):
                amount = _round(product.penalty_flat + owed * product.penalty_percent / 100)
                if amount > 0:
                    penalties.append((loan_id, key, amount))
            if send_reminders and (due == params["horizon"] or params["week_ago"] <= due < day):
                kind = ReminderSent.Kind.BEFORE if due == params["horizon"] else ReminderSent.Kind.AFTER
                if (installment_id, kind) not in reminded:
                    reminders.append((installment_id, kind, day, owed))
    bulk.insert(LoanDay, ["loan", "on", "days_past_due", "overdue"], days, ignore_conflicts=True)
    note = _("Late installment")
    if penalties:
        rows = {row[0]: row for row in chunk}
        for loan_id, _key, amount in penalties:
            row = rows[loan_id]  # a loan not otherwise changed: its values stay
            change = changes.setdefault(loan_id, [loan_id, row[6], row[7], row[8], row[5], row[9]])
            change[4] += amount
    ids_posted = ledger.post_many(on=day, entries=[
        (loan_id, f"Penalty {loan_id}", [debit(Account.CHARGES_RECEIVABLE, amount),
                                         credit(Account.PENALTY_INCOME, amount)])
        for loan_id, _key, amount in penalties] + entries)
    now = timezone.now()
    bulk.insert(LoanTransaction, ["loan", "kind", "on", "amount", "principal", "interest", "fee", "penalty", "entry",
                                  "charge_key", "note", "created_at"],
                ((loan_id, LoanTransaction.Kind.PENALTY, day, amount, ZERO, ZERO, ZERO, amount, entry_id, key,
                  note[:300], now)
                 for (loan_id, key, amount), entry_id in zip(penalties, ids_posted, strict=False)))
    for change in changes.values():
        change[5] += 1
    bulk.update(Loan, ["days_past_due", "interest_receivable", "loss_reserve", "penalties_charged", "version"],
                [tuple(change) for change in changes.values()])
    bulk.insert(ReminderSent, ["installment", "kind", "sent_on", "owed"], reminders, ignore_conflicts=True)
    if penalties:
        log_action(action="loan.penalty", extra={"on": day.isoformat(), "count": len(penalties),
                                                 "total": str(sum(p[2] for p in penalties))})
    result.penalties += len(penalties)
    result.reminders += len(reminders)

