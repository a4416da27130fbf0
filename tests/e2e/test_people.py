"""People in the browser: take a walk-in in, find her again under other spellings, see a
conflict, take her in again in Spanish (making a duplicate by mistake), find and merge the
duplicate, and undo nothing is lost. In English, in Spanish and at phone width."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import expect

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import PASSWORD, TOTPDeviceFactory, UserFactory
from amparo.core.testing import fresh_code
from amparo.people import services
from amparo.people.models import Person, Relationship
from amparo.people.tests.factories import PersonFactory

from .conftest import screenshot


def _sign_in(page, live_server, email):
    user = UserFactory(role=Role.ATTORNEY, email=email, full_name="Roberto Martínez Flores")
    device = TOTPDeviceFactory(user=user)
    page.goto(f"{live_server.url}/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(fresh_code(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name=re.compile("Welcome"))).to_be_visible()
    return user


def test_intake_search_conflict_and_merge_in_english_and_spanish(live_server, page):
    user = _sign_in(page, live_server, "roberto@amparo.test")
    # A VAWA client and her abuser are already on file.
    victim = PersonFactory(given_names="Reina Isabel", first_surname="Ventura", second_surname="Ayala",
                           birth_date=dt.date(1990, 4, 2))
    abuser = PersonFactory(given_names="Nelson Rigoberto", first_surname="Portillo", second_surname="Umaña",
                           birth_date=dt.date(1979, 2, 11))
    services.add_relationship(person=victim, other=abuser, kind=Relationship.Kind.ABUSER, by=user)

    # 1. A walk-in, in English: one screen, matches appear while typing.
    page.get_by_role("navigation", name="Modules").get_by_role("link", name="Intake").click()
    expect(page.get_by_role("heading", name="Intake", exact=True)).to_be_visible()
    page.get_by_label("Given names", exact=True).first.fill("María José")
    page.get_by_label("First surname", exact=True).fill("Hernández")
    page.get_by_label("Second surname", exact=True).fill("López")
    page.get_by_label("Birth date", exact=True).first.fill("1981-03-15")
    expect(page.get_by_text("Conflict check: clear so far.")).to_be_visible()
    expect(page.get_by_text("Nobody similar found.")).to_be_visible()
    page.get_by_label("Phone", exact=True).fill("(213) 555-0142")
    page.get_by_label("Agrees to text messages at this number").check()
    page.locator("select[name=rel0_kind]").select_option("child")
    page.locator("input[name=rel0_given]").fill("Luis Alonso")
    page.locator("input[name=rel0_surnames]").fill("Hernández")
    page.locator("input[name=rel0_household]").check()  # her son lives with her
    page.get_by_label("Arrived in the U.S.").fill("~2014")
    page.get_by_label("How they entered").select_option("ewi")
    page.get_by_label("Asylum or fear of return").check()
    screenshot(page, "people-intake-en")
    page.get_by_role("button", name="Save intake").click()
    expect(page.get_by_text("Intake saved. Conflict check: clear.")).to_be_visible()
    expect(page.get_by_role("heading", name="María José Hernández López")).to_be_visible()
    expect(page.get_by_text("March 15, 1981")).to_be_visible()
    expect(page.get_by_text("about 2014")).to_be_visible()
    household = page.locator("#households")
    expect(household.get_by_role("heading", name="Hernández López household")).to_be_visible()
    expect(household.get_by_role("listitem").filter(has_text="Luis Alonso Hernández")).to_contain_text("Child")
    screenshot(page, "people-detail-en")
    maria = Person.objects.get(given_names="María José")

    # 2. Found again under other spellings, with the reasons.
    for typed, reason in (("Mari Ernandes", "name spelled differently"),
                          ("MARIA J LOPEZ DE HERNANDEZ", "surnames in the other order"),
                          ("hernandez 15/03/1981", "same birth date"),
                          ("213 555 0142", "same phone")):
        page.goto(f"{live_server.url}/people/")
        page.get_by_label("Find a person").fill(typed)
        results = page.locator("#results")
        expect(results.get_by_role("link", name="María José Hernández López")).to_be_visible()
        expect(results.get_by_text(reason)).to_be_visible()
    screenshot(page, "people-search-en")

    # 3. The abuser walks in: a possible conflict, before anything is saved.
    page.goto(f"{live_server.url}/people/intake/")
    page.get_by_label("Given names", exact=True).first.fill("Nelson")
    page.get_by_label("First surname", exact=True).fill("Portillo")
    page.get_by_label("Second surname", exact=True).fill("Umana")
    conflict = page.locator("#matches").get_by_role("alert")
    expect(conflict).to_contain_text("Nelson Rigoberto Portillo Umaña is recorded as abuser of our client "
                                     "Reina Isabel Ventura Ayala")
    screenshot(page, "people-conflict-en")

    # 4. She comes back; the volunteer works in Spanish, sees her, but takes her in as new.
    page.goto(f"{live_server.url}/people/intake/")
    page.get_by_role("button", name="Español").click()
    expect(page.get_by_role("heading", name="Entrevista inicial", exact=True)).to_be_visible()
    page.get_by_label("Nombres", exact=True).first.fill("Maria J")
    page.get_by_label("Primer apellido", exact=True).fill("Lopez de Hernandez")
    page.get_by_label("Fecha de nacimiento", exact=True).first.fill("15/03/1981")
    match = page.locator("#matches").get_by_text("María José Hernández López")
    expect(match).to_be_visible()
    expect(page.locator("#matches").get_by_text("misma fecha de nacimiento")).to_be_visible()
    screenshot(page, "people-intake-es")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "people-intake-es-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Ninguna de estas: una persona nueva").check()
    page.get_by_role("button", name="Guardar la entrevista inicial").click()
    expect(page.get_by_text("Entrevista inicial guardada.")).to_be_visible()
    assert Person.objects.current().filter(birth_date=dt.date(1981, 3, 15)).count() == 2

    # 5. The duplicate is found and merged; nothing is lost.
    page.goto(f"{live_server.url}/people/duplicates/")
    page.get_by_role("button", name="Buscar duplicados ahora").click()
    expect(page.get_by_text(re.compile("^Terminad"))).to_be_visible()
    page.goto(f"{live_server.url}/people/duplicates/")
    row = page.get_by_role("row").filter(has_text="María José Hernández López")
    expect(row).to_contain_text("apellidos en el otro orden")
    screenshot(page, "people-duplicates-es")
    row.get_by_role("link", name="Comparar").click()
    expect(page.get_by_role("heading", name="¿Son la misma persona?")).to_be_visible()
    page.get_by_label(re.compile(rf"María José Hernández López \(#{maria.pk}\)")).check()
    screenshot(page, "people-merge-es")
    page.get_by_role("button", name="Fusionar los dos registros").click()
    expect(page.get_by_text("Fusionado. Todo lo del otro registro está ahora aquí")).to_be_visible()
    expect(page.get_by_role("heading", name="María José Hernández López")).to_be_visible()
    expect(page.get_by_text("Maria J Lopez de Hernandez")).to_be_visible()  # kept as another name
    expect(page.get_by_role("button", name="Deshacer la fusión")).to_be_visible()
    screenshot(page, "people-merged-es")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "people-detail-es-phone")
    assert maria.intakes.count() == 2 and Person.objects.current().filter(birth_date=dt.date(1981, 3, 15)).count() == 1


def test_a_household_built_from_the_person_page_in_spanish_at_phone_width(live_server, page):
    _sign_in(page, live_server, "hogar@amparo.test")
    mother = PersonFactory(given_names="Xiomara", first_surname="Quintanilla", second_surname="Peña")
    PersonFactory(given_names="Edwin Josué", first_surname="Chávez", second_surname="Quintanilla",
                  birth_date=dt.date(2012, 6, 3))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/people/{mother.pk}/")
    page.get_by_role("button", name="Español").click()
    panel = page.locator("#households")
    expect(panel.get_by_text("Todavía no está en ningún hogar.")).to_be_visible()
    panel.get_by_text("Nuevo hogar").click()
    expect(panel.get_by_label("Nombre del hogar")).to_have_value("Hogar Quintanilla Peña")
    panel.get_by_role("button", name="Crear el hogar").click()
    expect(page.get_by_text("Hogar creado.")).to_be_visible()
    page.locator("#households").get_by_role("link", name="Agregar un miembro").click()
    page.get_by_label("Busque a la persona").fill("edwin chavez")
    page.locator("#main").get_by_role("button", name="Buscar").click()
    page.get_by_label("Papel en el hogar").select_option("child")
    screenshot(page, "people-household-add-es-phone")
    page.get_by_role("button", name="Agregar a Edwin Josué Chávez Quintanilla").click()
    expect(page.get_by_text("Edwin Josué Chávez Quintanilla se agregó al hogar.")).to_be_visible()
    panel = page.locator("#households")
    expect(panel.get_by_role("listitem").filter(has_text="Xiomara")).to_contain_text("Jefa o jefe de hogar")
    expect(panel.get_by_role("listitem").filter(has_text="Edwin Josué")).to_contain_text("Hijo")
    panel.scroll_into_view_if_needed()
    screenshot(page, "people-household-es-phone")
