"""First flow: sign in with two factors, switch to Spanish, see the dashboard in Spanish, sign out."""

import re

from playwright.sync_api import expect

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import PASSWORD, TOTPDeviceFactory, UserFactory
from amparo.core.testing import fresh_code

from .conftest import screenshot


def test_sign_in_switch_to_spanish_and_sign_out(live_server, page):
    user = UserFactory(role=Role.ATTORNEY, email="roberto@amparo.test", full_name="Roberto Martínez Flores")
    device = TOTPDeviceFactory(user=user)

    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Email address").fill("roberto@amparo.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Enter your sign-in code")).to_be_visible()
    page.get_by_label("Code").fill(fresh_code(device))
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Welcome, Roberto")).to_be_visible()
    expect(page.get_by_role("navigation", name="Modules").get_by_role("link", name="Dashboard")).to_be_visible()
    screenshot(page, "dashboard-en")

    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", name="Bienvenido/a, Roberto")).to_be_visible()
    expect(page.get_by_role("navigation", name="Módulos").get_by_role("link", name="Panel")).to_be_visible()
    expect(page.get_by_role("button", name="Cerrar sesión")).to_be_visible()
    screenshot(page, "dashboard-es")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "dashboard-es-phone")

    page.get_by_role("button", name="Cerrar sesión").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("heading", name="Iniciar sesión en Amparo")).to_be_visible()
    user.refresh_from_db()
    assert user.language == "es"


def test_keyboard_skips_to_the_main_content(live_server, page):
    UserFactory(role=Role.VOLUNTEER, email="emily@amparo.test")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill("emily@amparo.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=re.compile("Welcome"))).to_be_visible()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    skip.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Language, two-factor sign-in and API tokens")).to_be_focused()
