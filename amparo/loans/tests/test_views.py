"""The pages: prepare, approve by another person, disburse, repay, reverse; ledger; PDFs."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from amparo.accounts.roles import Role
from amparo.core.testing import sign_in

from ..models import Loan, LoanTransaction
from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return f.staff("oficial@example.org")


@pytest.fixture
def checker():
    return f.staff("finanzas@example.org", Role.FINANCE)


def test_the_whole_flow_through_the_pages(officer, checker):
    person, product = f.borrower("Rosa", "Quintanilla"), f.product(name="Emprende")
    maker = sign_in(Client(), officer)
    found = maker.get("/loans/new/?q=Quintanilla")
    assert "Rosa Quintanilla" in found.content.decode()
    response = maker.post("/loans/new/", {"borrower": person.pk, "product": product.pk, "amount": "900.00",
                                          "purpose": "Taller de costura", "q": "Quintanilla"})
    loan = Loan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/loans/{loan.pk}/"
    # The maker sees no approve button and cannot approve by posting.
    assert "/approve/" not in maker.get(f"/loans/{loan.pk}/").content.decode()
    maker.post(f"/loans/{loan.pk}/approve/")
    assert Loan.objects.get().status == Loan.Status.PENDING
    other = sign_in(Client(), checker)
    other.post(f"/loans/{loan.pk}/approve/")
    assert Loan.objects.get().status == Loan.Status.APPROVED
    other.post(f"/loans/{loan.pk}/disburse/", {"on": "2026-01-15"})
    maker.post(f"/loans/{loan.pk}/repay/", {"amount": "100.00", "on": "2026-02-15"})
    page = maker.get(f"/loans/{loan.pk}/").content.decode()
    assert "Repayment schedule" in page and "2026" in page
    txn = LoanTransaction.objects.get(kind="repayment")
    maker.post(f"/loans/{loan.pk}/reverse/", {"txn": txn.pk, "on": "2026-02-16"})
    assert LoanTransaction.objects.filter(kind="reversal").count() == 1
    ledger = other.get("/loans/ledger/").content.decode()
    assert "Debits equal credits" in ledger
    assert other.get("/loans/ledger/journal.csv").status_code == 200


def test_loan_page_in_spanish_and_pdfs(officer, checker):
    officer.language = "es"
    officer.save()
    loan = f.active_loan(officer=officer, checker=checker)
    client = sign_in(Client(), officer)
    page = client.get(f"/loans/{loan.pk}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Plan de pagos" in page and "Capital pendiente" in page
    agreement = client.get(f"/loans/{loan.pk}/agreement.pdf")
    assert agreement.status_code == 200 and agreement.content.startswith(b"%PDF")
    statement = client.get(f"/loans/{loan.pk}/statement.pdf")
    assert statement.status_code == 200 and statement.content.startswith(b"%PDF")


def test_agreement_states_apr_and_cost_in_the_borrowers_language(officer, checker):
    from django.template.loader import render_to_string

    from amparo.core.i18n import language

    from .. import schedule as sched

    loan = f.active_loan(officer=officer, checker=checker)
    built = sched.build(loan.terms(start=dt.date(2026, 1, 15)))
    with language("es"):
        html = render_to_string("loans/pdf/agreement.html", {"loan": loan, "schedule": built})
    assert "Costo total del crédito" in html and "Tasa de porcentaje anual" in html
    assert str(built.apr).replace(".", ",") in html  # Spanish writes a decimal comma
    assert str(built.total_cost_of_credit).replace(".", ",") in html
    assert built.apr > Decimal("18")


def test_roles_without_loans_see_nothing(make_user, officer, checker):
    loan = f.active_loan(officer=officer, checker=checker)
    volunteer = sign_in(Client(), make_user(Role.VOLUNTEER))
    assert volunteer.get("/loans/").status_code == 404
    assert volunteer.get(f"/loans/{loan.pk}/").status_code == 404
    assert sign_in(Client(), officer).get("/loans/ledger/").status_code == 404


def test_restricted_borrowers_loans_are_hidden(officer, checker):
    person = f.borrower("Secreta", "Persona")
    loan = f.active_loan(officer=officer, checker=checker, person=person)
    Loan.objects.filter(pk=loan.pk)  # noqa: B018
    type(person).objects.filter(pk=person.pk).update(restricted=True)
    client = sign_in(Client(), officer)
    assert client.get(f"/loans/{loan.pk}/").status_code == 404
    assert "Secreta" not in client.get("/loans/").content.decode()


def test_products_page_creates_a_product(checker):
    client = sign_in(Client(), checker)
    response = client.post("/loans/products/", {
        "name": "Semilla", "min_amount": "100", "max_amount": "900", "annual_rate": "10", "method": "flat",
        "frequency": "weekly", "term": "10", "grace_principal": "0", "grace_interest": "0", "fee_amount": "0",
        "fee_kind": "flat", "fee_timing": "disbursement", "penalty_after_days": "0", "penalty_flat": "0",
        "penalty_percent": "0", "active": "on"})
    assert response.status_code == 302
    assert "Semilla" in client.get("/loans/products/").content.decode()


def test_an_enterprise_and_its_sales_over_time(officer, checker):
    loan = f.active_loan(officer=officer, checker=checker)
    client = sign_in(Client(), officer)
    response = client.post("/loans/enterprises/", {"name": "Pupusería La Esperanza", "sector": "Comida",
                                                   "place": "la", "employees": "2", "owners": [loan.borrower_id]})
    assert response.status_code == 302
    url = response["Location"]
    client.post(url, {"what": "sales", "month": "2026-03", "amount": "1850.00"})
    client.post(url, {"what": "sales", "month": "2026-04", "amount": "2100.00"})
    client.post(url, {"what": "visit", "kind": "follow_up", "on": "2026-04-20", "notes": "Compró una plancha"})
    page = client.get(url).content.decode()
    assert "Pupusería La Esperanza" in page and "2100" in page.replace(",", "").replace(".", "") or "2.100" in page
    assert "Compró una plancha" in page
    person_page = sign_in(Client(), f.staff("admin@example.org", Role.ADMINISTRATOR))
    assert person_page.get("/loans/enterprises/").status_code == 200


def test_the_ledger_shows_the_provisioning_policy_and_the_reserve(officer, checker):
    from ..cob import close_day
    from ..models import ProvisionPolicy

    ProvisionPolicy.objects.create(effective_from=dt.date(2025, 1, 1), current=Decimal("1"),
                                   days_1_30=Decimal("10"), days_31_60=Decimal("25"), days_61_90=Decimal("50"),
                                   days_over_90=Decimal("100"), note="Aprobada por la junta")
    f.active_loan(officer=officer, checker=checker, amount="1000.00")
    close_day(day=dt.date(2026, 3, 20))  # 33 days late: 25 % of 1000.00
    finance = sign_in(Client(), checker)
    page = finance.get("/loans/ledger/").content.decode()
    assert "not by a regulator" in page and "Aprobada por la junta" in page
    assert "250.00" in page and "Provision for loan losses" in page
    assert "loan-loss reserve: 250.00" in finance.get("/loans/").content.decode()
    checker.language = "es"
    checker.save()
    page = sign_in(Client(), checker).get("/loans/ledger/").content.decode()
    assert "no un regulador" in page and "Provisión para préstamos incobrables" in page
