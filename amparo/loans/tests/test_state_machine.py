"""After any sequence of money events, the ledger balances and every loan agrees with it."""

import contextlib
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from amparo.accounts.roles import Role

from .. import ledger, services
from ..cob import close_day
from ..models import Account, Loan, LoanTransaction, ProvisionPolicy
from . import factories as f

cents = st.integers(min_value=1, max_value=150_000).map(lambda c: Decimal(c) / 100)


class LoanBook(RuleBasedStateMachine):
    loans = Bundle("loans")

    def __init__(self) -> None:
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.officer = f.staff("maker@example.org")
        self.checker = f.staff("checker@example.org", Role.FINANCE)
        self.products = [f.product(), f.product(method="flat", frequency="weekly", term=8, fee_timing="installment",
                                               fee_kind="flat", fee_amount=Decimal("1.50")),
                         f.product(annual_rate=Decimal("0"), frequency="biweekly", term=4, grace_principal=1,
                                   fee_amount=Decimal("0"))]
        self.day = dt.date(2026, 1, 5)
        ProvisionPolicy.objects.create(effective_from=dt.date(2025, 1, 1), current=Decimal("1"),
                                       days_1_30=Decimal("10"), days_31_60=Decimal("25"), days_61_90=Decimal("50"),
                                       days_over_90=Decimal("100"))

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    def _tick(self, days: int) -> dt.date:
        self.day += dt.timedelta(days=days)
        return self.day

    @rule(target=loans, amount=st.integers(100, 5000), product=st.integers(0, 2))
    def disburse(self, amount, product):
        loan = services.prepare_loan(borrower=f.borrower(), product=self.products[product], amount=amount,
                                     by=self.officer)
        services.approve_loan(loan=loan, by=self.checker)
        services.disburse(loan=loan, on=self.day, by=self.checker)
        return loan.pk

    @rule(loan=loans, amount=cents, days=st.integers(0, 40))
    def repay(self, loan, amount, days):
        on = self._tick(days)
        with contextlib.suppress(ValidationError):  # more than owed, or the loan is no longer active
            services.repay(loan=loan, amount=amount, on=on, by=self.officer)

    @rule(loan=loans, amount=st.integers(1, 5000).map(lambda c: Decimal(c) / 100))
    def penalty(self, loan, amount):
        with contextlib.suppress(ValidationError):
            services.charge_penalty(loan=loan, amount=amount, on=self.day, by=self.checker)

    @rule(loan=loans)
    def write_off(self, loan):
        with contextlib.suppress(ValidationError):
            services.write_off(loan=loan, on=self.day, by=self.checker)

    @rule(loan=loans)
    def prepay(self, loan):
        with contextlib.suppress(ValidationError):
            services.prepay(loan=loan, on=self.day, by=self.officer)

    @rule(loan=loans, term=st.integers(1, 12))
    def reschedule(self, loan, term):
        with contextlib.suppress(ValidationError):
            services.reschedule(loan=loan, on=self.day, term=term, by=self.checker)

    @rule(days=st.integers(0, 40))
    def close_of_business(self, days):
        """Accrues interest, keeps the loan-loss reserve, charges penalties (twice the same day: nothing new)."""
        on = self._tick(days)
        close_day(day=on, send_reminders=False)
        again = close_day(day=on, send_reminders=False)
        assert again.penalties == 0 and again.accrued == 0 and again.provisioned == 0

    @rule(loan=loans, pick=st.integers(0, 50))
    def reverse(self, loan, pick):
        candidates = list(LoanTransaction.objects.filter(loan=loan).exclude(kind="reversal")
                          .filter(reversed_by__isnull=True).order_by("id"))
        if not candidates:
            return
        with contextlib.suppress(ValidationError):
            services.reverse(txn=candidates[pick % len(candidates)], on=self.day, by=self.checker)

    @invariant()
    def trial_balance_is_zero(self):
        rows = ledger.trial_balance()
        assert sum(r.debit for r in rows) == sum(r.credit for r in rows)

    @invariant()
    def each_loan_equals_the_ledger(self):
        for loan in Loan.objects.all():
            balances = ledger.loan_balances(loan.pk)
            assert balances.get(Account.PORTFOLIO, 0) == loan.principal_outstanding, loan.status
            assert balances.get(Account.CHARGES_RECEIVABLE, 0) == loan.penalties_outstanding
            # Accrued interest and the loan-loss reserve: the loan's ledger lines, never negative,
            # and nothing left once the loan is no longer active.
            assert balances.get(Account.INTEREST_RECEIVABLE, 0) == loan.interest_receivable >= 0
            assert -balances.get(Account.LOSS_RESERVE, 0) == loan.loss_reserve >= 0
            if loan.status != Loan.Status.ACTIVE:
                assert loan.interest_receivable == 0 and loan.loss_reserve == 0
            assert loan.principal_outstanding >= 0 and loan.penalties_outstanding >= 0
            # The running totals are the sum of the transactions (reversals subtracted).
            sign = dict.fromkeys(("repayment", "prepayment"), 1)
            paid = Decimal(0)
            for txn in loan.transactions.select_related("reverses"):
                kind = txn.reverses.kind if txn.kind == "reversal" else txn.kind
                if kind in sign:
                    paid += txn.principal if txn.kind != "reversal" else -txn.principal
            assert paid == loan.principal_paid
            if loan.status == Loan.Status.ACTIVE:
                at = services.position(loan, self.day)
                assert at.remaining_total >= 0
                # The current schedule (re-based or not) asks for exactly the principal outstanding.
                current = services.current_schedule(loan)
                assert current.principal - (loan.principal_paid - current.base_principal) == loan.principal_outstanding
                assert sum(parts["principal"] for parts in at.parts.values()) == loan.principal_outstanding
        total = Loan.objects.filter(status__in=["active", "closed", "written_off"]).aggregate(s=Sum("amount"))["s"]
        assert total is None or total >= 0


@pytest.mark.django_db
@pytest.mark.slow
def test_the_ledger_always_balances():
    run_state_machine_as_test(LoanBook, settings=settings(
        max_examples=25, stateful_step_count=20, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
