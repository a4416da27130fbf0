"""A loan in Spanish: the officer prepares it, someone else approves and disburses it, the
officer records a repayment, finance sees the ledger balance. Also on a phone."""

from decimal import Decimal

from django.test import Client
from playwright.sync_api import expect

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import UserFactory
from amparo.core.testing import sign_in
from amparo.loans.models import Loan, LoanProduct, LoanTransaction
from amparo.people.models import Person

from .conftest import screenshot


def _signed_in(page, live_server, user):
    client = sign_in(Client(), user)
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def test_prepare_approve_disburse_repay_and_see_the_ledger_balance_in_spanish(live_server, page):
    officer = UserFactory(role=Role.LOAN_OFFICER, email="prestamos@amparo.test", full_name="Julio César Ayala",
                          language="es")
    finance = UserFactory(role=Role.FINANCE, email="finanzas@amparo.test", full_name="Grace Kim", language="es")
    LoanProduct.objects.create(name="Emprende", min_amount=Decimal("100"), max_amount=Decimal("5000"),
                               annual_rate=Decimal("12"), method="declining", frequency="monthly", term=6)
    Person.objects.create(given_names="Rosa Elena", first_surname="Quintanilla", preferred_language="es")
    page.set_default_timeout(60_000)  # a shared, busy machine

    _signed_in(page, live_server, officer)
    page.goto(f"{live_server.url}/loans/")
    expect(page.get_by_role("heading", name="Préstamos", exact=True)).to_be_visible()
    page.get_by_role("link", name="Preparar un préstamo").first.click()
    page.get_by_label("Buscar a la persona prestataria por nombre").fill("Quintanilla")
    page.locator("main form[role=search] button").click()
    page.get_by_label("Prestatario/a").select_option(label="Rosa Elena Quintanilla")
    page.get_by_label("Producto").select_option(label="Emprende")
    page.get_by_label("Monto").fill("1200.00")
    page.get_by_label("Destino del préstamo").fill("Puesto de pupusas")
    page.get_by_role("button", name="Preparar la solicitud").click()
    expect(page.get_by_text("otra persona debe aprobarla")).to_be_visible()
    expect(page.get_by_text("Pendiente de aprobación por una persona distinta")).to_be_visible()
    loan_url = page.url
    screenshot(page, "loans-prepared-es")

    _signed_in(page, live_server, finance)
    page.goto(loan_url)
    page.get_by_role("button", name="Aprobar").click()
    expect(page.get_by_text("Préstamo aprobado.")).to_be_visible()
    page.locator("#disburse_on").fill("2026-01-15")
    page.get_by_role("button", name="Desembolsar").click()
    expect(page.get_by_text("Desembolso registrado.")).to_be_visible()
    expect(page.get_by_role("heading", name="Plan de pagos")).to_be_visible()

    _signed_in(page, live_server, officer)
    page.goto(loan_url)
    page.get_by_label("Monto recibido").fill("206.55")
    page.get_by_label("Fecha de recepción").fill("2026-02-15")
    page.get_by_role("button", name="Registrar el pago").click()
    expect(page.get_by_text("Pago registrado.")).to_be_visible()
    screenshot(page, "loans-repaid-es")
    loan = Loan.objects.get()
    assert loan.approved_by == finance and loan.prepared_by == officer
    assert LoanTransaction.objects.filter(kind="repayment").count() == 1

    _signed_in(page, live_server, finance)
    page.goto(f"{live_server.url}/loans/ledger/")
    expect(page.locator("#balanced")).to_contain_text("el libro mayor cuadra")
    screenshot(page, "loans-ledger-es")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(loan_url)
    expect(page.get_by_role("heading", name="Plan de pagos")).to_be_visible()
    screenshot(page, "loans-phone-es")
