"""Duplicates in the browser: a pair found by the linkage model, its match weight broken down
field by field in English and in Spanish (also at phone width), and "different people" kept:
the next duplicate pass does not suggest the pair again."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import PASSWORD, TOTPDeviceFactory, UserFactory
from amparo.core.partial_dates import parse
from amparo.core.testing import fresh_code
from amparo.people import services
from amparo.people.models import DuplicateCandidate

from .conftest import screenshot


def _sign_in(page, live_server, email):
    user = UserFactory(role=Role.PARALEGAL, email=email, full_name="Lucía Ramos")
    device = TOTPDeviceFactory(user=user)
    page.goto(f"{live_server.url}/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(fresh_code(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name=re.compile("Welcome"))).to_be_visible()
    return user


def test_the_weight_of_a_suggested_pair_field_by_field_in_english_and_spanish(live_server, page):
    user = _sign_in(page, live_server, "lucia@amparo.test")
    services.create_person(by=user, fields={"given_names": "José Antonio", "first_surname": "Menjívar",
                                            "second_surname": "Alvarado", "birth": parse("1975-10-02")})
    services.create_person(by=user, fields={"given_names": "Chepe Antonio", "first_surname": "Menjivar",
                                            "birth": parse("1975-02-10")})
    services.create_person(by=user, fields={"given_names": "Rosa", "first_surname": "Iraheta",
                                            "birth": parse("1990-01-01")})
    services.start_duplicate_pass(by=user)

    page.goto(f"{live_server.url}/people/duplicates/")
    row = page.get_by_role("row").filter(has_text="José Antonio Menjívar Alvarado")
    expect(row).to_contain_text("Chepe Antonio Menjivar")
    row.get_by_text("Weight field by field").click()
    weights = row.locator("table.weights")
    expect(weights.get_by_role("row").filter(has_text="Given names")).to_contain_text(
        "a nickname or diminutive of the other")
    expect(weights.get_by_role("row").filter(has_text="Surnames")).to_contain_text(
        "one surname missing, the other the same")
    expect(weights.get_by_role("row").filter(has_text="Birth date")).to_contain_text("day and month swapped")
    expect(weights).to_contain_text("Before comparing (how rare duplicates are)")
    expect(weights).to_contain_text("Match weight")
    screenshot(page, "linkage-duplicates-en")

    page.get_by_role("button", name="Español").click()
    row = page.get_by_role("row").filter(has_text="José Antonio Menjívar Alvarado")
    row.get_by_text("Peso campo por campo").click()
    weights = row.locator("table.weights")
    expect(weights.get_by_role("row").filter(has_text="Nombres")).to_contain_text("un apodo o diminutivo del otro")
    expect(weights.get_by_role("row").filter(has_text="Apellidos")).to_contain_text(
        "falta un apellido, el otro es igual")
    expect(weights.get_by_role("row").filter(has_text="Fecha de nacimiento")).to_contain_text(
        "día y mes intercambiados")
    expect(weights).to_contain_text("Peso de coincidencia")
    screenshot(page, "linkage-duplicates-es")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "linkage-duplicates-es-phone")

    # Not the same person: kept, and the next pass does not suggest the pair again.
    row.get_by_role("button", name="Personas distintas").click()
    expect(page.get_by_text("No hay posibles duplicados por revisar.")).to_be_visible()
    services.start_duplicate_pass(by=user)
    page.reload()
    expect(page.get_by_text("No hay posibles duplicados por revisar.")).to_be_visible()
    assert DuplicateCandidate.objects.get().status == DuplicateCandidate.Status.DISTINCT
