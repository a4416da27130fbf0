"""Close of business: days past due, buckets, PAR30, penalties once, reminders in the borrower's language."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amparo.accounts.roles import Role
from amparo.core import scheduler
from amparo.people.models import ContactPoint

from .. import ledger, services
from ..cob import close_day
from ..models import Account, Loan, LoanDay, LoanTransaction, PortfolioDay, ProvisionPolicy, ReminderSent
from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def loan():
    officer, checker = f.staff("o@example.org"), f.staff("c@example.org", Role.FINANCE)
    person = f.borrower()
    ContactPoint.objects.create(person=person, kind="email", value="maria@example.org")
    return f.active_loan(officer=officer, checker=checker, amount="1000.00", person=person)


def test_days_past_due_buckets_and_par30(loan):
    result = close_day(day=dt.date(2026, 3, 20))  # the installment of 15 February is 33 days late
    loan.refresh_from_db()
    assert result.loans == 1 and loan.days_past_due == 33 and loan.bucket == "31-60"
    day = PortfolioDay.objects.get(on=dt.date(2026, 3, 20))
    assert day.outstanding == Decimal("1000.00") and day.par30 == Decimal("100.00")
    assert day.buckets["31-60"]["loans"] == 1


def test_penalties_are_posted_once_however_often_it_runs(loan):
    close_day(day=dt.date(2026, 3, 20))
    close_day(day=dt.date(2026, 3, 20))
    close_day(day=dt.date(2026, 3, 21))
    penalties = LoanTransaction.objects.filter(kind="penalty")
    # Two late installments (15 Feb, 15 Mar), each past the product's 5 days: one penalty each.
    assert penalties.count() == 2 and all(p.amount == Decimal("5.00") for p in penalties)
    assert LoanDay.objects.filter(loan=loan).count() == 2
    rows = ledger.trial_balance()
    assert sum(r.debit for r in rows) == sum(r.credit for r in rows)


def test_a_paid_installment_is_not_late(loan):
    first = loan.schedules.get().installments.get(number=1)
    services.repay(loan=loan, amount=first.total, on=first.due, by=loan.prepared_by)
    close_day(day=dt.date(2026, 3, 1))
    loan.refresh_from_db()
    assert loan.days_past_due == 0 and not LoanTransaction.objects.filter(kind="penalty").exists()


def test_reminders_in_spanish_without_amounts_in_the_subject(loan, django_capture_on_commit_callbacks):
    # Close of business records the reminders; a task queued when it commits emails them.
    with django_capture_on_commit_callbacks(execute=True):
        close_day(day=dt.date(2026, 2, 12))  # three days before the first installment
    with django_capture_on_commit_callbacks(execute=True):
        close_day(day=dt.date(2026, 2, 12))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["maria@example.org"]
    assert "$" not in message.subject and not any(ch.isdigit() for ch in message.subject)
    assert "vence" in message.subject.lower() or "cuota" in message.subject.lower()
    assert "182.57" in message.body or "dólares" in message.body
    with django_capture_on_commit_callbacks(execute=True):
        close_day(day=dt.date(2026, 2, 17))  # missed
    assert len(mail.outbox) == 2 and ReminderSent.objects.count() == 2


def test_the_periodic_job_runs_once_per_day(loan):
    job = scheduler.get_job("loans.close_of_business")
    clock = lambda: dt.datetime(2026, 3, 20, 21, 0, tzinfo=dt.UTC)  # noqa: E731
    scheduler.tick(clock=clock, only=[job])
    scheduler.tick(clock=clock, only=[job])
    assert LoanDay.objects.count() == 1
    assert Loan.objects.get().days_past_due > 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(principal=st.integers(10_000, 500_000), term=st.integers(1, 30), paid_rows=st.integers(0, 30),
       extra=st.integers(0, 20_000), day_offset=st.integers(0, 400))
def test_close_of_business_reads_loans_as_the_services_do(loan, principal, term, paid_rows, extra, day_offset):
    """The database's reading of where a loan stands (``cob.standing``, set-wise in integer cents,
    for speed) agrees with ``services.position``."""
    from amparo.loans import schedule as sched
    from amparo.loans.cob import standing
    from amparo.loans.models import Installment, ScheduleVersion

    built = sched.build(sched.Terms(principal=Decimal(principal) / 100, annual_rate=Decimal("15"), term=term,
                                    start=dt.date(2026, 1, 1), frequency="weekly"))
    paid = built.installments[:min(paid_rows, term)]
    principal_paid = min(sum((r.principal for r in paid), Decimal(0)) + Decimal(extra) / 100, built.total_principal)
    interest_paid = sum((r.interest for r in paid), Decimal(0))
    with transaction.atomic():
        other = Loan.objects.create(
            borrower=loan.borrower, product=loan.product, prepared_by=loan.prepared_by, status=Loan.Status.ACTIVE,
            amount=built.total_principal, annual_rate=Decimal("15"), method="declining", frequency="weekly",
            term=term, principal_paid=principal_paid, interest_paid=interest_paid)
        version = ScheduleVersion.objects.create(loan=other, number=1, start=dt.date(2026, 1, 1),
                                                 principal=other.amount, created_by=loan.prepared_by, term=term,
                                                 annual_rate=Decimal("15"), frequency="weekly")
        rows = Installment.objects.bulk_create(services.installment_rows(version, built.installments))
        day = dt.date(2026, 1, 1) + dt.timedelta(days=day_offset)
        at = services.position(other, day, schedule=version, installments=rows)
        days_past_due, overdue = standing([other.pk], day)[other.pk]
        assert days_past_due == at.days_past_due
        assert overdue == at.due_total - at.due["penalty"]
        transaction.set_rollback(True)


# --- Accrued interest and the loan-loss reserve ------------------------------------------------------

def _policy(on=dt.date(2025, 1, 1), **percents):
    values = {"current": "1", "days_1_30": "10", "days_31_60": "25", "days_61_90": "50", "days_over_90": "100"}
    values.update(percents)
    return ProvisionPolicy.objects.create(effective_from=on, **{k: Decimal(v) for k, v in values.items()})


def _account(code, loan=None):
    balances = ledger.loan_balances(loan.pk) if loan else {
        r.account: r.debit - r.credit for r in ledger.trial_balance()}
    return balances.get(code, Decimal("0.00"))


def test_interest_is_accrued_day_by_day_and_a_payment_settles_it(loan):
    _policy()
    close_day(day=dt.date(2026, 1, 31))  # 16 of the 31 days of the first period: 15.00 × 16/31
    loan.refresh_from_db()
    assert loan.interest_receivable == Decimal("7.74") == _account(Account.INTEREST_RECEIVABLE, loan)
    assert _account(Account.INTEREST_INCOME, loan) == Decimal("-7.74")
    close_day(day=dt.date(2026, 2, 15))  # the installment is due: all its interest is earned
    loan.refresh_from_db()
    assert loan.interest_receivable == Decimal("15.00")
    first = loan.schedules.get().installments.get(number=1)
    services.repay(loan=loan, amount=first.total, on=first.due, by=loan.prepared_by)
    loan.refresh_from_db()
    assert loan.interest_receivable == 0 == _account(Account.INTEREST_RECEIVABLE, loan)
    assert _account(Account.INTEREST_INCOME, loan) == Decimal("-15.00")  # earned once, not twice
    rows = ledger.trial_balance()
    assert sum(r.debit for r in rows) == sum(r.credit for r in rows)


def test_the_reserve_follows_the_buckets_and_a_write_off_uses_it(loan):
    _policy()
    close_day(day=dt.date(2026, 1, 20))
    loan.refresh_from_db()
    assert loan.loss_reserve == Decimal("10.00") == -_account(Account.LOSS_RESERVE, loan)  # current: 1 %
    close_day(day=dt.date(2026, 3, 20))  # 33 days late: 31-60, 25 %
    loan.refresh_from_db()
    assert loan.loss_reserve == Decimal("250.00") and loan.bucket == "31-60"
    day = PortfolioDay.objects.get(on=dt.date(2026, 3, 20))
    assert day.loss_reserve == Decimal("250.00") and day.buckets["31-60"]["reserve"] == "250.00"
    assert day.interest_receivable == loan.interest_receivable > 0
    services.write_off(loan=loan, on=dt.date(2026, 3, 21), by=loan.prepared_by)
    loan.refresh_from_db()
    assert loan.loss_reserve == 0 == loan.interest_receivable
    assert _account(Account.LOSS_RESERVE, loan) == 0 == _account(Account.INTEREST_RECEIVABLE, loan)
    # 1000.00 principal and 10.00 of penalties lost: 250.00 was reserved already, 760.00 is new.
    assert _account(Account.WRITE_OFFS, loan) == Decimal("760.00")
    assert _account(Account.PROVISION_EXPENSE, loan) == Decimal("250.00")
    rows = ledger.trial_balance()
    assert sum(r.debit for r in rows) == sum(r.credit for r in rows)


def test_a_payoff_releases_the_reserve_and_takes_back_interest_never_due(loan):
    _policy()
    close_day(day=dt.date(2026, 1, 31))
    services.prepay(loan=loan, on=dt.date(2026, 1, 31), by=loan.prepared_by)
    loan.refresh_from_db()
    assert loan.status == Loan.Status.CLOSED and loan.interest_receivable == 0 == loan.loss_reserve
    for code in (Account.INTEREST_RECEIVABLE, Account.LOSS_RESERVE, Account.INTEREST_INCOME,
                 Account.PROVISION_EXPENSE):
        assert _account(code, loan) == 0, code


def test_a_later_policy_applies_from_its_date(loan):
    _policy()
    close_day(day=dt.date(2026, 2, 20))  # 5 days late: 10 %
    loan.refresh_from_db()
    assert loan.loss_reserve == Decimal("100.00")
    _policy(on=dt.date(2026, 2, 21), days_1_30="20")
    close_day(day=dt.date(2026, 2, 21))
    loan.refresh_from_db()
    assert loan.loss_reserve == Decimal("200.00")
    assert ProvisionPolicy.in_force(dt.date(2026, 2, 20)).days_1_30 == Decimal("10")


@pytest.mark.django_db(transaction=True)
def test_two_closes_of_business_at_once_on_postgresql_post_once():
    """Two workers (or a worker and someone running it by hand) close the same day at the same
    moment: each chunk locks its loans, so penalties, accruals and provisions are posted once."""
    import threading

    from django.db import connections

    from amparo.core.testing import require_postgresql

    require_postgresql("two concurrent closes of business of one day")
    _policy()
    officer, checker = f.staff("o@example.org"), f.staff("c@example.org", Role.FINANCE)
    loans = [f.active_loan(officer=officer, checker=checker, amount=f"{500 + i * 100}.00") for i in range(4)]
    barrier, errors = threading.Barrier(2, timeout=30), []

    def run():
        try:
            barrier.wait()
            close_day(day=dt.date(2026, 3, 20), send_reminders=False)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert LoanTransaction.objects.filter(kind="penalty").count() == 2 * len(loans)
    assert LoanDay.objects.count() == len(loans)
    for loan in Loan.objects.all():
        assert ledger.loan_balances(loan.pk).get(Account.INTEREST_RECEIVABLE) == loan.interest_receivable > 0
        assert -ledger.loan_balances(loan.pk).get(Account.LOSS_RESERVE) == loan.loss_reserve == (
            loan.principal_outstanding * 25 / 100)
    rows = ledger.trial_balance()
    assert sum(r.debit for r in rows) == sum(r.credit for r in rows)
