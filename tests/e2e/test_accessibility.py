"""WCAG 2.1 A and AA checks (axe-core) on the pages of the shell, in English and Spanish, desktop and phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import PASSWORD, TOTPDeviceFactory, UserFactory
from amparo.core.audit import log_action
from amparo.core.testing import fresh_code

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}
PAGES = ["/", "/accounts/me/", "/audit/", "/search/?q=Hern%C3%A1ndez", "/accounts/me/password/", "/no-such-page/"]


def violations(page):
    results = Axe().run(page, options=WCAG_AA)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x) {v['nodes'][0]['target']}"
            for v in results.response["violations"]]


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("es", 390)])
def test_shell_pages_meet_wcag_aa(live_server, page, language, width):
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    assert violations(page) == [], "sign-in page"
    page.goto(f"{live_server.url}/accounts/password-reset/")
    assert violations(page) == [], "password reset page"

    admin = UserFactory(role=Role.ADMINISTRATOR, language=language, email=f"a11y-{language}@amparo.test")
    device = TOTPDeviceFactory(user=admin)
    log_action(action="user.update", actor=admin, obj=admin, changes={"is_supervisor": [False, True]})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", admin.email)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/two-factor/verify/**")
    assert violations(page) == [], "two-factor page"
    page.fill("#id_code", fresh_code(device))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    for path in PAGES:
        page.goto(f"{live_server.url}{path}")
        assert violations(page) == [], path
