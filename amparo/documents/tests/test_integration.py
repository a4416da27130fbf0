"""The documents app joined to the rest: the menu, merging people, checklists of new cases."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from amparo.accounts.roles import Role
from amparo.core.testing import sign_in

pytestmark = pytest.mark.django_db


def _menu(client: Client, url: str = "/") -> dict[str, tuple[str, bool]]:
    page = client.get(url).content.decode()
    nav = re.search(r'<nav class="modules".*?</nav>', page, re.S)
    if nav is None:
        return {}
    return {label.strip(): (href, bool(current))
            for href, current, label in re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav[0])}


@pytest.mark.parametrize(("language", "forms", "letters"), [
    ("en", "Form templates", "Letter templates"),
    ("es", "Plantillas de formulario", "Plantillas de cartas"),
])
def test_administrators_reach_form_and_letter_templates_from_the_menu(make_user, language, forms, letters):
    admin = make_user(Role.ADMINISTRATOR, language=language)
    client = sign_in(Client(), admin)
    menu = _menu(client)
    assert menu[forms] == ("/documents/filing/forms/", False)
    assert menu[letters] == ("/documents/letters/", False)
    assert client.get("/documents/filing/forms/").status_code == 200
    assert _menu(client, "/documents/letters/")[letters] == ("/documents/letters/", True)
    assert _menu(client, "/documents/filing/forms/")[forms] == ("/documents/filing/forms/", True)


@pytest.mark.parametrize("role", [Role.ATTORNEY, Role.PARALEGAL, Role.VOLUNTEER])
def test_staff_who_are_not_administrators_do_not_see_the_template_pages(make_user, role):
    client = sign_in(Client(), make_user(role, language="en"))
    menu = _menu(client)
    assert menu  # the menu is there, with the modules this user can open
    assert "Form templates" not in menu and "Letter templates" not in menu
    assert client.get("/documents/letters/").status_code in (403, 404)
