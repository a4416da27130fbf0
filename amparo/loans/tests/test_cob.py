"""Close of business: days past due, buckets, PAR30, penalties once, reminders in the borrower's language."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

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


def test_reminders_in_spanish_without_amounts_in_the_subject(loan):
    close_day(day=dt.date(2026, 2, 12))  # three days before the first installment
    close_day(day=dt.date(2026, 2, 12))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["maria@example.org"]
    assert "$" not in message.subject and not any(ch.isdigit() for ch in message.subject)
    assert "vence" in message.subject.lower() or "cuota" in message.subject.lower()
    assert "182.57" in message.body or "dólares" in message.body
    close_day(day=dt.date(2026, 2, 17))  # missed
    assert len(mail.outbox) == 2 and ReminderSent.objects.count() == 2


def test_the_periodic_job_runs_once_per_day(loan):
    job = scheduler.get_job("loans.close_of_business")
    clock = lambda: dt.datetime(2026, 3, 20, 21, 0, tzinfo=dt.UTC)  # noqa: E731
    scheduler.tick(clock=clock, only=[job])
    scheduler.tick(clock=clock, only=[job])
    assert LoanDay.objects.count() == 1
    assert Loan.objects.get().days_past_due > 0
