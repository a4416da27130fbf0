import datetime as dt

from django.template import Context, Template
from django.test import Client
from django.utils import translation

from amparo.accounts.roles import Role
from amparo.core.i18n import language, normalize
from amparo.core.testing import sign_in


def test_language_renders_in_the_clients_language_and_restores_the_staff_language():
    with translation.override("en"):
        with language("es-MX") as chosen:
            assert chosen == "es"
            assert translation.gettext("Dashboard") == "Panel"
        assert translation.gettext("Dashboard") == "Dashboard"


def test_unknown_languages_fall_back_to_english():
    assert normalize("pt_BR") == "en" and normalize(None) == "en" and normalize("ES") == "es"


def test_dates_and_numbers_are_localized():
    # Counts meant for reading are grouped where they are shown (|intcomma); a bare number (a
    # record number in a link or a form) is never grouped.
    template = Template('{% load humanize %}{{ d|date:"DATE_FORMAT" }} {{ n|intcomma }} #{{ n }}')
    context = Context({"d": dt.date(1989, 11, 16), "n": 60000})
    with language("es"):
        # Spanish groups thousands with a no-break space, as the RAE advises.
        assert template.render(context) == "16 de noviembre de 1989 60\xa0000 #60000"
    with language("en"):
        assert template.render(context) == "Nov. 16, 1989 60,000 #60000"


def test_switching_language_is_remembered_on_the_account(make_user):
    user = make_user(Role.INTAKE, language="en")
    client = sign_in(Client(), user)
    assert "Dashboard" in client.get("/").content.decode()
    response = client.post("/language/", {"language": "es", "next": "/"})
    assert response.status_code == 302 and response.url == "/"
    user.refresh_from_db()
    assert user.language == "es"
    page = client.get("/").content.decode()
    assert '<html lang="es">' in page and "Panel" in page and "Bienvenido" in page
    # Another browser, another day: the account's language wins over the browser's.
    other = sign_in(Client(headers={"accept-language": "en-US"}), user)
    assert "Panel" in other.get("/").content.decode()


def test_the_sign_in_page_follows_the_switcher_before_signing_in():
    client = Client()
    client.post("/language/", {"language": "es", "next": "/accounts/login/"})
    page = client.get("/accounts/login/").content.decode()
    assert "Iniciar sesión" in page or "Inicie sesión" in page
    assert "Sign in" not in page


def test_the_switcher_refuses_to_send_people_to_other_sites():
    response = Client().post("/language/", {"language": "es", "next": "https://evil.example/"})
    assert response.url == "/"
