"""The demo as a new user meets it, in English on a desktop and in Spanish on a 390 px phone:
"Fill a form" fills the demo's form for a demo case, the accountability report shows the
actors drawn from the MUC-3 reports; and on a phone the menu opens and reaches every section."""

import re

import pytest
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from amparo.accounts.models import User
from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import UserFactory
from amparo.archive import seed as archive_seed
from amparo.archive.models import Actor
from amparo.core.testing import sign_in
from amparo.documents import seed as documents_seed
from amparo.documents.filing.models import FilledForm
from amparo.legal.kinds import Kind
from amparo.legal.models import Case

from .conftest import screenshot

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
TEXTS = {
    "en": {"fill": "Fill a form", "form": "Form", "fill_save": "Fill and save", "filled": "is saved in the documents",
           "nav": "Modules", "menu": "Menu"},
    "es": {"fill": "Llenar un formulario", "form": "Formulario", "fill_save": "Llenar y guardar",
           "filled": "quedó guardado en los documentos", "nav": "Módulos", "menu": "Menú"},
}


def _context(browser, live_server, user, lang, viewport):
    context = browser.new_context(locale="es-MX" if lang == "es" else "en-US", viewport=viewport)
    client = sign_in(Client(), user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize(("lang", "viewport"), [("en", DESKTOP), ("es", PHONE)], ids=["en-desktop", "es-phone"])
def test_the_demo_form_fills_and_the_accountability_report_shows_the_demo_actors(live_server, browser, lang,
                                                                                 viewport):
    t = TEXTS[lang]
    archive_seed.ensure()  # browser tests empty the database between tests
    documents_seed.ensure()
    call_command("load_demo")
    User.objects.filter(email__endswith="@amparo.example").update(language=lang)
    attorney = User.objects.get(email="abogado@amparo.example")
    case = Case.objects.get(kind=Kind.FAMILY_PETITION)

    context, page = _context(browser, live_server, attorney, lang, viewport)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.get_by_role("link", name=t["fill"]).click()
    page.get_by_label(t["form"], exact=True).select_option(label="AMP-1 — Client information sheet (demo) (01/01/2026)")
    screenshot(page, f"demo-fill-{lang}")
    page.get_by_role("button", name=t["fill_save"]).click()
    expect(page.locator(".messages")).to_contain_text(t["filled"])
    _fits(page, viewport["width"])
    filled = FilledForm.objects.get(case=case)
    assert filled.template_version.template.form_number == "AMP-1"
    context.close()

    archivist = User.objects.get(email="archivo@amparo.example")
    context, page = _context(browser, live_server, archivist, lang, viewport)
    atlacatl = Actor.objects.get(name="Atlacatl Battalion")
    page.goto(f"{live_server.url}/archive/actors/{atlacatl.pk}/accountability/")
    main = page.locator("main")
    expect(main).to_contain_text("Atlacatl Battalion")
    expect(main).to_contain_text("Killing of six Jesuit priests and two women at the UCA")
    expect(main).to_contain_text("Ignacio Ellacuría")
    expect(main).to_contain_text("Guevara Cerritos")
    screenshot(page, f"demo-accountability-{lang}")
    _fits(page, viewport["width"])
    page.goto(f"{live_server.url}/archive/chronology/")
    expect(page.locator("main svg").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("Strafing of the Guancorita refugee camp")
    screenshot(page, f"demo-chronology-{lang}")
    context.close()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_menu_reaches_every_section_on_a_phone(live_server, browser, lang):
    t = TEXTS[lang]
    administrator = UserFactory(role=Role.ADMINISTRATOR, email=f"admin-{lang}@amparo.test", language=lang,
                                full_name="Ana Lucía Cruz")
    context, page = _context(browser, live_server, administrator, lang, PHONE)
    page.goto(f"{live_server.url}/")
    nav = page.get_by_role("navigation", name=t["nav"])
    menu = nav.locator("summary")
    expect(menu).to_be_visible()
    expect(menu).to_contain_text(t["menu"])
    # Nothing off-screen and nothing to scroll sideways: the entries are folded into the menu.
    _fits(page, PHONE["width"])
    entries = page.locator(".modules-menu a").evaluate_all(
        "links => links.map(a => [a.textContent.trim(), a.getAttribute('href')])")
    assert len(entries) >= 7, entries
    expect(nav.get_by_role("link", name=entries[1][0], exact=True)).to_be_hidden()  # closed until asked
    menu.click()
    screenshot(page, f"phone-menu-open-{lang}")
    for label, href in entries:
        for link in nav.get_by_role("link").all():
            box = link.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], label
        nav.get_by_role("link", name=label, exact=True).click()
        expect(page).to_have_url(re.compile(re.escape(href) + "$"))
        if href.startswith("/admin/"):  # the reference data pages have their own layout
            page.goto(f"{live_server.url}/")
        else:
            _fits(page, PHONE["width"])
            expect(nav.locator("summary")).to_contain_text(label)  # the menu says where you are
        nav.locator("summary").click()
    context.close()

    # On a desktop the same entries are all in view at once, no menu to open.
    context, page = _context(browser, live_server, administrator, lang, DESKTOP)
    page.goto(f"{live_server.url}/")
    nav = page.get_by_role("navigation", name=t["nav"])
    expect(nav.locator("summary")).to_be_hidden()
    for label, _href in entries:
        link = nav.get_by_role("link", name=label, exact=True)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["x"] + box["width"] <= DESKTOP["width"], label
    screenshot(page, f"desktop-menu-{lang}")
    context.close()
