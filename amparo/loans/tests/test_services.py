"""The loan book through its services: maker/checker, allocation, reversals, the ledger."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from amparo.accounts.roles import Role

from .. import ledger, services
from ..models import Account, AppendOnlyError, JournalEntry, Loan, LoanTransaction
from . import factories as f

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def officer():
    return f.staff("oficial@example.org")


@pytest.fixture
def checker():
    return f.staff("finanzas@example.org", Role.FINANCE)


def balanced():
    rows = ledger.trial_balance()
    return sum(r.debit for r in rows) == sum(r.credit for r in rows)


def test_the_preparer_cannot_approve(officer, checker):
    loan = services.prepare_loan(borrower=f.borrower(), product=f.product(), amount="500", by=officer)
    with pytest.raises(ValidationError):
        services.approve_loan(loan=loan, by=officer)
    services.approve_loan(loan=loan, by=checker)
    assert Loan.objects.get(pk=loan.pk).status == Loan.Status.APPROVED


def test_the_database_refuses_maker_as_checker(officer):
    loan = services.prepare_loan(borrower=f.borrower(), product=f.product(), amount="500", by=officer)
    loan.approved_by = officer
    with pytest.raises(IntegrityError), transaction.atomic():
        loan.save()


def test_amount_outside_the_product_range_is_refused(officer):
    with pytest.raises(ValidationError):
        services.prepare_loan(borrower=f.borrower(), product=f.product(), amount="50", by=officer)
    with pytest.raises(ValidationError):
        services.prepare_loan(borrower=f.borrower(), product=f.product(), amount="100.005", by=officer)


def test_literacy_course_is_required_when_the_product_says_so(officer, checker):
    person = f.borrower()
    loan = services.prepare_loan(borrower=person, product=f.product(requires_literacy_course=True), amount="500",
                                 by=officer)
    with pytest.raises(ValidationError, match="financial-literacy"):
        services.approve_loan(loan=loan, by=checker)
    services.record_literacy(person=person, completed_on=dt.date(2025, 11, 1), by=officer)
    services.approve_loan(loan=loan, by=checker)


def test_disbursement_posts_a_balanced_entry_net_of_the_fee(officer, checker):
    loan = f.active_loan(officer=officer, checker=checker, amount="1000.00")
    balances = {b.account: b for b in ledger.trial_balance()}
    assert balances[Account.PORTFOLIO].balance == D("1000.00")
    assert balances[Account.CASH].balance == D("-980.00")  # 2 % fee kept at disbursement
    assert balances[Account.FEE_INCOME].balance == D("20.00")
    assert loan.schedules.get().installments.count() == 6
    assert balanced()


def test_repayment_is_allocated_penalty_fee_interest_principal(officer, checker):
    loan = f.active_loan(officer=officer, checker=checker, amount="1000.00")
    services.charge_penalty(loan=loan, amount="5.00", on=dt.date(2026, 2, 25), by=checker)
    txn = services.repay(loan=loan, amount="20.00", on=dt.date(2026, 2, 25), by=officer)
    assert (txn.penalty, txn.fee, txn.interest, txn.principal) == (D("5.00"), D("0"), D("15.00"), D("0"))
    loan.refresh_from_db()
    at = services.position(loan, dt.date(2026, 2, 25))
    assert at.days_past_due == 10 and at.due["principal"] > 0
    assert balanced()
    assert ledger.loan_balances(loan.pk)[Account.PORTFOLIO] == loan.principal_outstanding


def test_paying_every_installment_closes_the_loan(officer, checker):
    loan = f.active_loan(officer=officer, checker=checker, amount="600.00")
    for row in loan.schedules.get().installments.all():
        services.repay(loan=loan, amount=row.total, on=row.due, by=officer)
    loan.refresh_from_db()
    assert loan.status == Loan.Status.CLOSED and loan.principal_outstanding == 0
    with pytest.raises(ValidationError):
        services.repay(loan=loan, amount="1.00", on=dt.date(2026, 8, 1), by=officer)


def test_overpayment_is_refused(officer, checker):
    loan = f.active_loan(officer=officer, checker=checker, amount="600.00")
    with pytest.raises(ValidationError, match="more than the loan owes"):
        services.repay(loan=loan, amount="5000.00", on=dt.date(2026, 2, 1), by=officer)
    assert not LoanTransaction.objects.filter(kind="repayment").exists()


def test_payoff_charges_no_future_interest(officer, checker):
    loan = f.active_loan(officer=officer, checker=checker, amount="1000.00")
    txn = services.prepay(loan=loan, on=dt.date(2026, 1, 20), by=officer)
    assert txn.amount == D("1000.00") and txn.interest == 0
    loan.refresh_from_db()
    assert loan.status == Loan.Status.CLOSED


def test_reversal_restores_the_loan_and_keeps_the_original(officer, checker):
    loan = f.active_loan(officer=officer, checker=checker, amount="1000.00")
    txn = services.repay(loan=loan, amount="100.00", on=dt.date(2026, 2, 15), by=officer)
    services.reverse(txn=txn, on=dt.date(2026, 2, 16), by=checker)
    loan.refresh_from_db()
    assert loan.principal_paid == 0 and loan.interest_paid == 0
    assert LoanTransaction.objects.filter(loan=loan).count() == 3
    assert JournalEntry.objects.get(pk=txn.entry_id).reversed_by is not None
    with pytest.raises(ValidationError):
        services.reverse(txn=txn, on=dt.date(2026, 2, 16), by=checker)
    assert balanced()


def test_money_records_cannot_be_edited_or_deleted(officer, checker):
    loan = f.active_loan(officer=officer, checker=checker)
    entry = JournalEntry.objects.first()
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        JournalEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        LoanTransaction.objects.filter(loan=loan).update(amount=1)


def test_an_unbalanced_entry_is_refused():
    with pytest.raises(ledger.Unbalanced):
        ledger.post(on=f.START, lines=[ledger.debit(Account.CASH, D("1.00")),
                                       ledger.credit(Account.FEE_INCOME, D("0.99"))])
    assert not JournalEntry.objects.exists()


def test_write_off_and_its_reversal(officer, checker):
    loan = f.active_loan(officer=officer, checker=checker, amount="1000.00")
    services.charge_penalty(loan=loan, amount="5.00", on=dt.date(2026, 3, 1), by=checker)
    txn = services.write_off(loan=loan, on=dt.date(2026, 9, 1), by=checker)
    assert txn.amount == D("1005.00")
    loan.refresh_from_db()
    assert loan.principal_outstanding == 0 and loan.penalties_outstanding == 0
    services.reverse(txn=txn, on=dt.date(2026, 9, 2), by=checker)
    loan.refresh_from_db()
    assert loan.status == Loan.Status.ACTIVE and loan.principal_outstanding == D("1000.00")
    assert balanced()


def test_group_loan_with_different_amounts(officer, checker):
    group = services.prepare_group_loan(name="Mujeres de Pico-Union", product=f.product(), by=officer,
                                        members=[(f.borrower("Ana", "Ruiz"), "300"), (f.borrower("Eva", "Paz"), "750")])
    assert sorted(group.loans.values_list("amount", flat=True)) == [D("300.00"), D("750.00")]


def test_reschedule_keeps_history(officer, checker):
    loan = f.active_loan(officer=officer, checker=checker, amount="1000.00")
    services.repay(loan=loan, amount="50.00", on=dt.date(2026, 2, 15), by=officer)
    loan.refresh_from_db()
    version = services.reschedule(loan=loan, on=dt.date(2026, 4, 1), term=10, by=checker, reason="Pérdida de empleo")
    assert version.number == 2 and loan.schedules.count() == 2
    assert sum(i.principal for i in version.installments.all()) == loan.principal_outstanding
    loan.refresh_from_db()
    # What was due and unpaid (interest) is carried into the first new installment.
    assert services.position(loan, dt.date(2026, 4, 1)).due_total == 0
    first = version.installments.get(number=1)
    assert first.interest > D("15")


def _rows(version):
    return [(i.number, i.due, i.principal, i.interest, i.fee) for i in version.installments.all()]


def test_reversing_a_repayment_made_before_a_rescheduling_re_bases_the_schedule(officer, checker):
    """The rescheduling is redone as if the repayment had never been made: the same schedule as a
    loan that never paid it and was rescheduled the same day, and later payments still count."""
    paid, never = (f.active_loan(officer=officer, checker=checker, amount="1000.00") for _ in range(2))
    txn = services.repay(loan=paid, amount="182.57", on=dt.date(2026, 2, 15), by=officer)
    for loan in (paid, never):
        services.reschedule(loan=loan, on=dt.date(2026, 4, 1), term=10, by=checker, reason="Pérdida de empleo")
    later = services.repay(loan=paid, amount="30.00", on=dt.date(2026, 4, 20), by=officer)
    services.repay(loan=never, amount="30.00", on=dt.date(2026, 4, 20), by=officer)
    services.reverse(txn=txn, on=dt.date(2026, 4, 21), by=checker, reason="Cheque sin fondos")
    paid.refresh_from_db()
    never.refresh_from_db()
    rebased, other = services.current_schedule(paid), services.current_schedule(never)
    assert rebased.number == 3 and rebased.rebased_from.number == 2 and "Re-based" in rebased.reason
    assert _rows(rebased) == _rows(other)
    # The later payment keeps the split it was recorded with (corrections, not edits), so the
    # two loans owe the same in total, installment by installment.
    day = dt.date(2026, 6, 1)
    assert services.position(paid, day).due_total == services.position(never, day).due_total
    assert services.position(paid, day).remaining_total == services.position(never, day).remaining_total
    assert ledger.loan_balances(paid.pk)[Account.PORTFOLIO] == paid.principal_outstanding
    assert balanced()
    # A payment made under the re-based terms' rescheduling is reversed as usual.
    services.reverse(txn=later, on=dt.date(2026, 4, 22), by=checker)
    assert services.current_schedule(paid).pk == rebased.pk


def test_a_repayment_from_before_two_reschedulings_is_still_refused(officer, checker):
    loan = f.active_loan(officer=officer, checker=checker, amount="1000.00")
    txn = services.repay(loan=loan, amount="182.57", on=dt.date(2026, 2, 15), by=officer)
    services.reschedule(loan=loan, on=dt.date(2026, 4, 1), term=10, by=checker)
    services.reschedule(loan=loan, on=dt.date(2026, 5, 1), term=12, by=checker)
    with pytest.raises(ValidationError, match="earlier rescheduling"):
        services.reverse(txn=txn, on=dt.date(2026, 5, 2), by=checker)


def test_postgresql_refuses_an_unbalanced_entry_written_around_the_service():
    from django.db import DatabaseError, connection

    from amparo.core.testing import require_postgresql

    from ..models import JournalLine

    require_postgresql("the deferred balance trigger on journal lines")
    with pytest.raises(DatabaseError, match="does not balance"), transaction.atomic():
        entry = JournalEntry.objects.create(on=f.START, memo="hand-made")
        JournalLine.objects.create(entry=entry, account=Account.CASH, debit=D("10.00"))
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
