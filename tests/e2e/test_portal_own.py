"""A client on a 390 px phone, in Spanish, who also takes a class, goes to a charla and gives to the
center: from the home page she opens her classes and events, sees the QR ticket outreach scans at the
door, and downloads her donation receipt as the PDF giving prints. Axe finds no serious violation."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import UserFactory
from amparo.classes import services as classes
from amparo.outreach import services as outreach
from amparo.people.models import ContactPoint
from amparo.people.tests.factories import PersonFactory
from amparo.portal import services
from amparo.portal.tests.factories import class_section, receipted_gift, upcoming_event

from .conftest import screenshot
from .test_portal import _serious


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="es-MX", viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_a_client_sees_her_ticket_and_downloads_her_receipt(live_server, phone):
    page = phone
    staff = UserFactory(role=Role.ADMINISTRATOR, language="es")
    client = PersonFactory(given_names="Rosa Elena", first_surname="Núñez", preferred_language="es",
                           birth_date=dt.date(1985, 1, 1))
    ContactPoint.objects.create(person=client, kind="email", value="rosa.elena@example.org",
                                normalized="rosa.elena@example.org", is_primary=True)
    services.set_access(person=client, by=staff, active=True, contact_by="any")
    charla = upcoming_event(staff, title="Conozca sus derechos", days=5)
    ticket = outreach.register(event=charla, given_names="Rosa Elena", surnames="Núñez",
                               email="rosa.elena@example.org")
    private = upcoming_event(staff, title="Grupo de apoyo para sobrevivientes", days=9, public=False)
    outreach.register(event=private, given_names="Rosa", email="rosa.elena@example.org")
    today = timezone.localdate()
    section = class_section(staff, course="Inglés para principiantes", first=today, last=today + dt.timedelta(days=60))
    classes.enrol(section=section, person=client, by=staff)
    receipt = receipted_gift(staff, client, amount="75.00")
    mail.outbox.clear()

    page.goto(f"{live_server.url}/portal/sign-in/")
    page.get_by_label("Su correo electrónico o número de celular").fill("rosa.elena@example.org")
    page.get_by_role("button", name="Enviarme un código").click()
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.get_by_label("El código de 6 números que le enviamos").fill(code)
    page.get_by_role("button", name="Continuar").click()
    expect(page.get_by_role("heading", name="Hola, Rosa Elena")).to_be_visible()
    screenshot(page, "portal-home-own-es-390")

    # Classes and events, each event seat with its QR ticket.
    page.get_by_role("link", name="Ver sus clases, eventos y boletos (3)").click()
    expect(page).to_have_title("Mi cuenta")
    expect(page.get_by_role("heading", name="Sus clases y eventos")).to_be_visible()
    card = page.locator(f"#ticket-{ticket.pk}")
    expect(card).to_contain_text("Conozca sus derechos")
    expect(card).to_contain_text("Muestre este código en la entrada:")
    qr = card.get_by_role("img", name=f"Boleto con código QR, código {ticket.code}")
    expect(qr).to_be_visible()
    box = qr.locator("svg").bounding_box()
    assert box["width"] >= 150 and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    expect(card.locator(".code")).to_have_text(ticket.code)
    expect(page.get_by_text("Una actividad del centro")).to_be_visible()
    expect(page.get_by_text("sobrevivientes")).to_have_count(0)
    expect(page.get_by_text("Inglés para principiantes")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "portal-calendar-es-390")
    assert not _serious(page)

    # The donation receipt, downloaded as giving prints it.
    page.get_by_role("link", name="Volver").click()
    page.get_by_role("link", name="Ver sus recibos (1)").click()
    expect(page.get_by_role("heading", name="Sus recibos de donaciones")).to_be_visible()
    expect(page.get_by_text("US$75.00")).to_be_visible()
    screenshot(page, "portal-receipts-es-390")
    assert not _serious(page)
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("Descargar \\(PDF\\)")).click()
    download = info.value
    assert download.suggested_filename == f"recibo-{receipt.code}.pdf"
    with open(download.path(), "rb") as handle:
        text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(handle.read())).pages)
    assert receipt.code in text and "US$75.00" in text and "Rosa Elena" in text
    assert page.url.endswith("/portal/receipts/")  # the page stays; the file is saved
