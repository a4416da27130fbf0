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
from ..models import Loan, LoanDay, LoanTransaction, PortfolioDay, ReminderSent
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
