"""The repayment schedule: pure functions, Decimal to the cent (half up), no Django models.

``build(terms)`` is the one computation of a schedule: the loan page, the agreement, the
``loan_schedule`` command, the API and the ledger all read the numbers it returns.

Rules (documented in docs/loans.md):

* The periodic rate is the annual rate divided by the periods in a year (52, 26 or 12).
* Declining balance, equal installments: the installment is the annuity payment over the
  amortizing periods, rounded to the cent; each period's interest is the balance times the
  periodic rate, rounded; principal is the rest. The last installment pays the remaining balance
  (it absorbs the rounding), so the principal column sums to the principal exactly.
* Flat: interest every period is the *original* principal times the periodic rate; principal is
  the principal divided by the amortizing periods, the last installment taking the remainder.
* Grace on principal (``grace_principal`` installments): those installments pay interest only.
  Grace on interest (``grace_interest`` installments): interest of those periods is deferred and
  paid with the first installment after the grace.
* Zero interest: principal in equal parts, the last taking the remainder.
* Fees: flat or a percent of the principal, either once at disbursement or on every installment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

WEEKLY, BIWEEKLY, MONTHLY = "weekly", "biweekly", "monthly"
PERIODS_PER_YEAR = {WEEKLY: 52, BIWEEKLY: 26, MONTHLY: 12}
DECLINING, FLAT = "declining", "flat"
FEE_FLAT, FEE_PERCENT = "flat", "percent"
AT_DISBURSEMENT, PER_INSTALLMENT = "disbursement", "installment"


def cents(value: Decimal | int | str) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


class ScheduleError(ValueError):
    pass


@dataclass(frozen=True)
class Terms:
    principal: Decimal
    annual_rate: Decimal  # percent a year, e.g. Decimal("24") for 24 %
    term: int  # number of installments
    start: dt.date  # disbursement date; the first installment is one period later
    frequency: str = MONTHLY
    method: str = DECLINING
    grace_principal: int = 0
    grace_interest: int = 0
    fee_amount: Decimal = ZERO  # a sum (flat) or a percent of the principal
    fee_kind: str = FEE_FLAT
    fee_timing: str = AT_DISBURSEMENT
    first_installment_extra_interest: Decimal = ZERO  # carried over by a rescheduling
    first_installment_extra_fee: Decimal = ZERO

    def check(self) -> None:
        if self.principal <= 0 or cents(self.principal) != self.principal:
            raise ScheduleError("The principal must be a positive amount in cents.")
        if self.annual_rate < 0 or self.annual_rate > 100:
            raise ScheduleError("The annual rate must be from 0 to 100 percent.")
        if not 1 <= self.term <= 520:
            raise ScheduleError("The term must be from 1 to 520 installments.")
        if self.frequency not in PERIODS_PER_YEAR:
            raise ScheduleError("Unknown frequency.")
        if self.method not in (DECLINING, FLAT):
            raise ScheduleError("Unknown interest method.")
        if not (0 <= self.grace_principal < self.term and 0 <= self.grace_interest < self.term):
            raise ScheduleError("A grace period must be shorter than the term.")
        if self.fee_amount < 0 or self.fee_kind not in (FEE_FLAT, FEE_PERCENT) \
                or self.fee_timing not in (AT_DISBURSEMENT, PER_INSTALLMENT):
            raise ScheduleError("Invalid fee.")

    @property
    def periodic_rate(self) -> Decimal:
        return self.annual_rate / Decimal(100) / Decimal(PERIODS_PER_YEAR[self.frequency])

    def fee_value(self) -> Decimal:
        if self.fee_kind == FEE_PERCENT:
            return cents(self.principal * self.fee_amount / Decimal(100))
        return cents(self.fee_amount)


@dataclass(frozen=True)
class Installment:
    number: int
    due: dt.date
    principal: Decimal
    interest: Decimal
    fee: Decimal
    total: Decimal
    balance: Decimal  # principal still owed after this installment


@dataclass(frozen=True)
class Schedule:
    terms: Terms
    installments: list[Installment]
    disbursement_fee: Decimal
    payment: Decimal  # the regular installment of principal and interest (declining) or its usual total
    apr: Decimal = field(default=ZERO)  # annual percentage rate, percent, two decimals

    @property
    def total_principal(self) -> Decimal:
        return sum((i.principal for i in self.installments), ZERO)

    @property
    def total_interest(self) -> Decimal:
        return sum((i.interest for i in self.installments), ZERO)

    @property
    def total_fees(self) -> Decimal:
        return sum((i.fee for i in self.installments), ZERO) + self.disbursement_fee

    @property
    def total_cost_of_credit(self) -> Decimal:
        """Everything the borrower pays beyond the principal: interest and every fee."""
        return self.total_interest + self.total_fees

    @property
    def total_repaid(self) -> Decimal:
        return sum((i.total for i in self.installments), ZERO)

    def as_json(self) -> dict:
        return {
            "principal": str(self.terms.principal),
            "disbursement_fee": str(self.disbursement_fee),
            "total_interest": str(self.total_interest),
            "total_fees": str(self.total_fees),
            "total_cost_of_credit": str(self.total_cost_of_credit),
            "apr": str(self.apr),
            "installments": [
                {k: (str(v) if isinstance(v, Decimal) else v.isoformat() if isinstance(v, dt.date) else v)
                 for k, v in asdict(i).items()}
                for i in self.installments
            ],
        }


def due_date(start: dt.date, frequency: str, number: int) -> dt.date:
    if frequency == WEEKLY:
        return start + dt.timedelta(weeks=number)
    if frequency == BIWEEKLY:
        return start + dt.timedelta(weeks=2 * number)
    return start + relativedelta(months=number)


def annuity_payment(principal: Decimal, rate: Decimal, periods: int) -> Decimal:
    """The equal installment of principal and interest, rounded to the cent."""
    if rate == 0:
        return cents(principal / periods)
    factor = (1 + rate) ** periods
    return cents(principal * rate * factor / (factor - 1))


def build(terms: Terms) -> Schedule:
    terms.check()
    rate = terms.periodic_rate
    amortizing = terms.term - terms.grace_principal
    fee = terms.fee_value()
    per_installment_fee = fee if terms.fee_timing == PER_INSTALLMENT else ZERO
    disbursement_fee = fee if terms.fee_timing == AT_DISBURSEMENT else ZERO
    if terms.method == DECLINING:
        payment = annuity_payment(terms.principal, rate, amortizing)
        flat_principal = ZERO
    else:
        flat_principal = cents(terms.principal / amortizing)
        payment = flat_principal + cents(terms.principal * rate)

    balance = terms.principal
    deferred = ZERO
    rows: list[Installment] = []
    for number in range(1, terms.term + 1):
        interest = cents((balance if terms.method == DECLINING else terms.principal) * rate)
        if number <= terms.grace_interest:
            deferred += interest
            interest = ZERO
        elif deferred:
            interest += deferred
            deferred = ZERO
        if number <= terms.grace_principal:
            principal = ZERO
        elif number == terms.term:
            principal = balance
        elif terms.method == DECLINING:
            principal = min(balance, max(ZERO, payment - cents(balance * rate)))
        else:
            principal = min(balance, flat_principal)
        extra_fee = ZERO
        if number == 1:
            interest += terms.first_installment_extra_interest
            extra_fee = terms.first_installment_extra_fee
        balance -= principal
        installment_fee = per_installment_fee + extra_fee
        rows.append(Installment(number, due_date(terms.start, terms.frequency, number), principal,
                                interest, installment_fee, principal + interest + installment_fee, balance))
    schedule = Schedule(terms, rows, disbursement_fee, payment)
    return Schedule(terms, rows, disbursement_fee, payment, apr=annual_percentage_rate(schedule))


def annual_percentage_rate(schedule: Schedule) -> Decimal:
    """The yearly rate (periodic rate times periods a year, as US Regulation Z states it) that makes
    the installments worth what the borrower actually received (principal less fees at
    disbursement). Found by bisection; two decimals."""
    terms = schedule.terms
    received = float(terms.principal - schedule.disbursement_fee)
    flows = [float(i.total) for i in schedule.installments]
    if received <= 0 or sum(flows) <= received:
        return ZERO

    def value(r: float) -> float:
        return sum(f / (1 + r) ** (k + 1) for k, f in enumerate(flows)) - received

    low, high = 0.0, 1.0
    while value(high) > 0 and high < 1e6:
        high *= 2
    for _ in range(200):
        mid = (low + high) / 2
        if value(mid) > 0:
            low = mid
        else:
            high = mid
    return Decimal(str(low * PERIODS_PER_YEAR[terms.frequency] * 100)).quantize(CENT, rounding=ROUND_HALF_UP)
