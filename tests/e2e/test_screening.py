"""A screening done in the browser in Spanish shows its reasons and warnings in Spanish."""

import re

from playwright.sync_api import expect

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import PASSWORD, UserFactory

from .conftest import screenshot


def test_screening_in_spanish(live_server, page):
    UserFactory(role=Role.INTAKE, email="recepcion@amparo.test", language="es", full_name="José Antonio Rivas")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill("recepcion@amparo.test")  # the browser asks for English
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()  # José Antonio works in Spanish
    page.get_by_role("navigation", name="Módulos").get_by_role("link", name="Evaluación").click()
    page.get_by_role("link", name="Nueva evaluación").click()

    page.get_by_label("Evaluar a la fecha").fill("2026-11-22")
    page.get_by_label("¿Para quién es?").fill("Rosa")
    page.get_by_label("Fecha de nacimiento").fill("1980-04-02")
    page.get_by_label("País de nacimiento").select_option("SV")
    page.get_by_label("Nacionalidad", exact=True).select_option("SV")
    page.locator("#id_arrivals-0-date").fill("1999-06-01")
    page.locator("#id_arrivals-0-manner").select_option("ewi")
    page.get_by_label("¿Ha salido de EE. UU. desde que llegó por primera vez?").select_option("no")
    page.locator("#id_tps-0-country").select_option("SV")
    page.locator("#id_tps-0-date").fill("2001-05-01")
    page.get_by_role("button", name="Evaluar", exact=True).click()

    expect(page.get_by_role("heading", name="Evaluación: Rosa")).to_be_visible()
    tps = page.locator("section.result").filter(has_text="SV-2001")
    expect(tps).to_contain_text("Sin verificar")  # what happened after 2026-09-09 is not verified
    expect(tps).to_contain_text(re.compile("El Salvador"))
    expect(page.get_by_role("heading", name="Todavía se necesita para terminar esta evaluación")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Unverified")
    screenshot(page, "screening-es")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "screening-es-phone")
