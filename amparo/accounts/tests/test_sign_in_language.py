"""The account's language and the browser's do not pull the sign-in pages two ways."""

from django.conf import settings
from django.test import Client

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import PASSWORD


def test_a_language_chosen_on_the_sign_in_page_stays_after_signing_in(make_user):
    user = make_user(Role.VOLUNTEER, email="emily@amparo.test", language="en")
    browser = Client(headers={"accept-language": "en-US"})
    browser.post("/language/", {"language": "es", "next": "/accounts/login/"})
    assert "Sign in" not in browser.get("/accounts/login/").content.decode()
    browser.post("/accounts/login/", {"username": "emily@amparo.test", "password": PASSWORD})
    page = browser.get("/").content.decode()
    assert '<html lang="es">' in page  # not switched back to English by the account
    user.refresh_from_db()
    assert user.language == "es"


def test_after_signing_out_the_sign_in_page_speaks_the_accounts_language(make_user):
    make_user(Role.VOLUNTEER, email="marta@amparo.test", language="es")
    browser = Client(headers={"accept-language": "en-US"})  # an English browser, a Spanish account
    response = browser.post("/accounts/login/", {"username": "marta@amparo.test", "password": PASSWORD})
    assert response.status_code == 302
    browser.get("/")
    assert browser.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    browser.post("/accounts/logout/")
    page = browser.get("/accounts/login/").content.decode()
    assert '<html lang="es">' in page and "Sign in" not in page


def test_signing_in_without_touching_the_switcher_keeps_the_accounts_language(make_user):
    user = make_user(Role.VOLUNTEER, email="ana@amparo.test", language="en")
    browser = Client(headers={"accept-language": "es-MX"})
    browser.post("/accounts/login/", {"username": "ana@amparo.test", "password": PASSWORD})
    assert '<html lang="en">' in browser.get("/").content.decode()
    user.refresh_from_db()
    assert user.language == "en"
