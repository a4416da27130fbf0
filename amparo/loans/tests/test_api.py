"""The loans API: repayments and disbursements with Idempotency-Key, schedule, trial balance."""

import datetime as dt
import json
import threading
from decimal import Decimal

import pytest
from django.db import connections
from django.test import Client

from amparo.accounts.roles import Role
from amparo.core.testing import require_postgresql, sign_in

from .. import ledger, services
from ..models import Loan, LoanTransaction
from . import factories as f


def _post(client, url, body, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(url, data=json.dumps(body), content_type="application/json", **headers)


@pytest.fixture
def people(db):
    return f.staff("oficial@example.org"), f.staff("finanzas@example.org", Role.FINANCE)


def test_repayment_with_a_key_posts_once(people):
    officer, checker = people
    loan = f.active_loan(officer=officer, checker=checker)
    client = sign_in(Client(), officer)
    url = f"/api/v1/loans/{loan.pk}/repayments"
    first = _post(client, url, {"amount": "100.00", "on": "2026-02-15"}, key="pago-1")
    again = _post(client, url, {"amount": "100.00", "on": "2026-02-15"}, key="pago-1")
    assert first.status_code == 201 and again.status_code == 201
    assert first.json() == again.json()
    assert first.json()["interest"] == "15.00"
    assert LoanTransaction.objects.filter(kind="repayment").count() == 1
    other = _post(client, url, {"amount": "50.00", "on": "2026-02-15"}, key="pago-1")
    assert other.status_code == 422
    without = _post(client, url, {"amount": "10.00", "on": "2026-02-16"})
    assert without.status_code == 201


def test_refused_repayment_is_a_422_in_the_callers_shape(people):
    officer, checker = people
    loan = f.active_loan(officer=officer, checker=checker)
    client = sign_in(Client(), officer)
    response = _post(client, f"/api/v1/loans/{loan.pk}/repayments", {"amount": "99999.00", "on": "2026-02-15"},
                     key="k")
    assert response.status_code == 422
    assert set(response.json()) == {"detail", "errors"} and "amount" in response.json()["errors"]
    # The key was released: the same key can be used for the corrected request.
    assert _post(client, f"/api/v1/loans/{loan.pk}/repayments", {"amount": "9.00", "on": "2026-02-15"},
                 key="k").status_code == 201


def test_disbursement_by_api(people):
    officer, checker = people
    loan = services.prepare_loan(borrower=f.borrower(), product=f.product(), amount="700", by=officer)
    services.approve_loan(loan=loan, by=checker)
    client = sign_in(Client(), checker)
    url = f"/api/v1/loans/{loan.pk}/disbursements"
    assert _post(client, url, {"on": "2026-03-01"}, key="d-1").status_code == 201
    assert _post(client, url, {"on": "2026-03-01"}, key="d-1").status_code == 201
    assert LoanTransaction.objects.filter(kind="disbursement").count() == 1
    schedule = client.get(f"/api/v1/loans/{loan.pk}/schedule").json()
    assert schedule["installments"][0]["due"] == "2026-04-01"
    assert sum(Decimal(i["principal"]) for i in schedule["installments"]) == Decimal("700.00")


def test_trial_balance_and_gate(people, make_user):
    officer, checker = people
    f.active_loan(officer=officer, checker=checker)
    body = sign_in(Client(), checker).get("/api/v1/ledger/trial-balance").json()
    assert body["difference"] == "0.00" and body["total_debit"] == "1000.00"
    assert sign_in(Client(), officer).get("/api/v1/ledger/trial-balance").status_code == 404
    volunteer = sign_in(Client(), make_user(Role.VOLUNTEER))
    loan = Loan.objects.get()
    assert volunteer.get(f"/api/v1/loans/{loan.pk}/schedule").status_code == 404
    assert _post(volunteer, f"/api/v1/loans/{loan.pk}/repayments",
                 {"amount": "1.00", "on": "2026-02-01"}).status_code == 404
    director = sign_in(Client(), make_user(Role.DIRECTOR))
    assert _post(director, f"/api/v1/loans/{loan.pk}/repayments",
                 {"amount": "1.00", "on": "2026-02-01"}).status_code == 403


def _together(n, send):
    barrier = threading.Barrier(n, timeout=30)
    answers, errors = [], []

    def run(i):
        try:
            barrier.wait()
            answers.append(send(i))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    return answers


@pytest.mark.django_db(transaction=True)
def test_two_identical_repayments_at_once_on_postgresql_post_once():
    require_postgresql("two simultaneous repayment requests with one Idempotency-Key")
    officer, checker = f.staff("a@example.org"), f.staff("b@example.org", Role.FINANCE)
    loan = f.active_loan(officer=officer, checker=checker)
    url = f"/api/v1/loans/{loan.pk}/repayments"

    def send(_i):
        client = sign_in(Client(), officer)
        return _post(client, url, {"amount": "100.00", "on": "2026-02-15"}, key="same-key").status_code

    statuses = _together(2, send)
    assert sorted(statuses) in ([201, 201], [201, 409])
    assert LoanTransaction.objects.filter(kind="repayment").count() == 1
    rows = ledger.trial_balance()
    assert sum(r.debit for r in rows) == sum(r.credit for r in rows)


@pytest.mark.django_db(transaction=True)
def test_concurrent_repayments_on_one_loan_on_postgresql_never_double_post():
    require_postgresql("concurrent repayments on one loan (the loan row lock)")
    officer, checker = f.staff("a@example.org"), f.staff("b@example.org", Role.FINANCE)
    loan = f.active_loan(officer=officer, checker=checker, amount="600.00")
    owed = services.payoff_amount(Loan.objects.get(pk=loan.pk), dt.date(2026, 2, 15))
    half = (owed / 2).quantize(Decimal("0.01"))

    def send(i):
        try:
            services.repay(loan=loan.pk, amount=half + Decimal("1.00"), on=dt.date(2026, 2, 15), by=officer)
            return "posted"
        except Exception:  # noqa: BLE001 - the second finds less owed than it pays
            return "refused"

    # Eight repayments of just over half the payoff each, at once: with the row lock, the
    # allocation of each sees the others, so at most... every one posts against the schedule's
    # real remainder and none is allocated twice.
    answers = _together(8, send)
    loan = Loan.objects.get(pk=loan.pk)
    posted = LoanTransaction.objects.filter(loan=loan, kind="repayment")
    assert answers.count("posted") == posted.count()
    assert sum(t.principal for t in posted) == loan.principal_paid
    assert ledger.loan_balances(loan.pk).get("1100", 0) == loan.principal_outstanding >= 0
    rows = ledger.trial_balance()
    assert sum(r.debit for r in rows) == sum(r.credit for r in rows)
