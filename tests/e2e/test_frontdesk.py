"""The front desk in the browser, in English and Spanish, on a desktop and on a 390 px phone:
reception finds a person whose case is restricted and sees nothing of the case; a new intake
under her name is offered the existing person (no second record); a screening starts from
what intake recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import PASSWORD, OfficeFactory, UserFactory
from amparo.core.partial_dates import PartialDate
from amparo.legal import services as legal
from amparo.legal.tests.factories import make_case
from amparo.people import services
from amparo.people.models import Intake, Person

from .conftest import screenshot

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
WORDS = {
    "en": {"none": "Nobody similar found.",
           "nationality_note": "Taken from the country of birth: confirm it, or change it.",
           "arrival_note": "Arrival recorded as March 2019", "from_record": "Filled in from the person's record"},
    "es": {"none": "No se encontró a nadie parecido.",
           "nationality_note": "Tomada del país de nacimiento: confírmela o cámbiela.",
           "arrival_note": "Llegada registrada como marzo de 2019",
           "from_record": "Completado con el registro de la persona"},
}
CASE_WORDS = ("Asylum", "Asilo", "asylum", "asilo", "Equipo de asilo", "Immigration Court", "1979")


def _browser_page(browser, lang, size):
    context = browser.new_context(locale="es-MX" if lang == "es" else "en-US", viewport=SIZES[size])
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def _sign_in(page, live_server, lang):
    user = UserFactory(role=Role.INTAKE, email=f"recepcion-{lang}@amparo.test", language=lang,
                       full_name="Guadalupe Recinos", offices=[OfficeFactory(name=f"Recepción {lang}")])
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    return user


def _restricted_client():
    """Registered at the front desk; then the asylum team opens an asylum case for her."""
    office = OfficeFactory(name="Oficina de Los Ángeles")
    team = OfficeFactory(name="Equipo de asilo", kind="team", parent=office)
    attorney = UserFactory(role=Role.ATTORNEY, offices=[team])
    client = services.create_person(by=attorney, fields={
        "given_names": "Xochiquetzal", "first_surname": "Quintanilla", "second_surname": "Argueta",
        "birth": PartialDate(dt.date(1979, 11, 2), "day"), "preferred_language": "es"},
        contacts=[{"kind": "phone", "value": "(213) 555-0142"}])
    case = make_case(kind="asylum_affirmative", client=client, office=office, team=team, responsible=attorney)
    legal.add_hearing(case=case, kind="individual", starts_at=timezone.make_aware(dt.datetime(2099, 5, 4, 9, 30)),
                      court="Los Angeles Immigration Court", by=attorney)
    return client


def _no_case(page, where="main"):
    body = page.locator(where).inner_text()
    leaked = [word for word in CASE_WORDS if word in body]
    assert not leaked, leaked


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("lang", ["en", "es"])
def test_reception_finds_a_person_whose_case_is_restricted(live_server, browser, lang, size):
    client = _restricted_client()
    context, page = _browser_page(browser, lang, size)
    try:
        _sign_in(page, live_server, lang)
        # 1. People search finds her: her name, nothing of the case.
        page.goto(f"{live_server.url}/people/")
        page.locator("#people-q").fill("Xochiquetzal Quintanilla")
        page.locator("#people-q").press("Enter")
        result = page.locator(".people-results li").filter(has_text="Xochiquetzal Quintanilla Argueta")
        expect(result).to_be_visible()
        _no_case(page)
        result.get_by_role("link").click()
        # 2. Her card: how to reach her and when we expect her; nothing of the case.
        expect(page.get_by_role("heading", name="Xochiquetzal Quintanilla Argueta")).to_be_visible()
        expect(page.locator("main")).to_contain_text("(213) 555-0142")
        expect(page.locator("main")).to_contain_text("2099")
        expect(page.locator("#card-note")).to_be_visible()
        _no_case(page)
        screenshot(page, f"frontdesk-card-{lang}-{size}")

        # 3. A new intake under her name offers her; choosing her adds to her record.
        page.goto(f"{live_server.url}/people/intake/")
        page.locator("input[name=given_names]").fill("Xochiquetzal")
        page.locator("input[name=first_surname]").fill("Quintanilla")
        page.locator("input[name=second_surname]").fill("Argueta")
        offered = page.locator("#matches label.choice").filter(has_text="Xochiquetzal Quintanilla Argueta")
        expect(offered).to_be_visible()
        expect(page.locator("#matches label.choice")).to_have_count(2)  # her, or "none of these"
        expect(page.get_by_text(WORDS[lang]["none"])).to_have_count(0)
        _no_case(page, "#matches")
        screenshot(page, f"frontdesk-intake-offers-{lang}-{size}")
        offered.locator("input[type=radio]").check()
        page.locator("input[name=phone]").fill("(213) 555-0199")
        page.locator("input[name=needs][value=other]").check()
        page.locator("form div.actions button[type=submit]").last.click()
        expect(page.locator(".messages .message.success")).to_be_visible()
        expect(page.get_by_role("heading", name="Xochiquetzal Quintanilla Argueta")).to_be_visible()
        expect(page.locator("main")).to_contain_text("(213) 555-0199")  # what she told us today is kept
        _no_case(page)
        assert Person.objects.filter(given_names="Xochiquetzal").count() == 1
        assert Intake.objects.filter(person=client).count() == 1
    finally:
        context.close()


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("lang", ["en", "es"])
def test_screening_starts_from_what_intake_recorded(live_server, browser, lang, size):
    context, page = _browser_page(browser, lang, size)
    try:
        _sign_in(page, live_server, lang)
        page.goto(f"{live_server.url}/people/intake/")
        page.locator("input[name=given_names]").fill("Reina Isabel")
        page.locator("input[name=first_surname]").fill("Ventura")
        page.locator("input[name=second_surname]").fill("Ayala")
        page.locator("input[name=birth]").fill("1990-04-02")
        page.locator("details").filter(has=page.locator("input[name=country_of_birth]")).locator("summary").click()
        page.locator("input[name=country_of_birth]").fill("El Salvador")
        page.locator("input[name=arrival_date]").fill("2019-03")
        page.locator("select[name=arrival_manner]").select_option("ewi")
        page.locator("input[name=needs][value=tps]").check()
        expect(page.locator("#matches")).to_be_visible()
        page.locator("form div.actions button[type=submit]").last.click()
        expect(page.locator(".messages .message.success")).to_be_visible()
        person = Person.objects.get(given_names="Reina Isabel")

        page.goto(f"{live_server.url}/screening/new/?person={person.pk}")
        expect(page.locator("#prefill-note")).to_contain_text(WORDS[lang]["from_record"])
        expect(page.locator("#prefill-note")).to_contain_text(WORDS[lang]["arrival_note"])
        expect(page.locator("select[name=country_of_birth]")).to_have_value("SV")
        expect(page.locator("select[name=nationality]")).to_have_value("SV")  # to confirm
        expect(page.get_by_text(WORDS[lang]["nationality_note"])).to_be_visible()
        expect(page.locator("input[name=birth_date]")).to_have_value("1990-04-02")
        expect(page.locator("#id_arrivals-0-manner")).to_have_value("ewi")
        screenshot(page, f"frontdesk-screening-prefill-{lang}-{size}")
    finally:
        context.close()
