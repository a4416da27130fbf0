"""The accountability report for a unit with a dated commander, in the browser, in English and Spanish."""

import re

from playwright.sync_api import expect

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import PASSWORD, UserFactory
from amparo.archive.tests.factories import build_accountability_example

from .conftest import screenshot


def sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name=re.compile("Welcome"))).to_be_visible()


def test_accountability_report_in_english_and_spanish(live_server, page):
    example = build_accountability_example()
    UserFactory(role=Role.INTAKE, email="lucia@amparo.test", full_name="Lucía Hernández")
    sign_in(page, live_server, "lucia@amparo.test")

    page.get_by_role("navigation", name="Modules").get_by_role("link", name="Archive").click()
    expect(page.get_by_role("heading", name="Search the archive")).to_be_visible()
    page.get_by_label("Words to look for").fill("masacre")
    page.get_by_role("button", name="Search", exact=True).last.click()
    expect(page.get_by_text("1 record found")).to_be_visible()
    screenshot(page, "archive-search-en")

    page.get_by_role("link", name="Actors and units").click()
    page.get_by_role("link", name="Batallón Atlácatl").click()
    page.get_by_role("link", name="Accountability report").click()
    expect(page.get_by_role("heading", name="Accountability report: Batallón Atlácatl")).to_be_visible()
    rows = page.locator("table.report tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("March 1981")
    expect(rows.nth(0)).to_contain_text("Domingo Monterrosa")
    expect(rows.nth(0)).to_contain_text("during the tenure")
    expect(rows.nth(1)).to_contain_text("possibly during the tenure (dates uncertain)")
    expect(rows.nth(2)).to_contain_text("No officer on record for that date")
    expect(page.get_by_role("table", name="Acts by type and year")).to_contain_text("Massacre")
    screenshot(page, "archive-report-en")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    assert download.value.suggested_filename == f"accountability-{example['unit'].pk}.pdf"

    page.get_by_role("button", name="Español").click()
    expect(page.get_by_role("heading", name="Informe de responsabilidad: Batallón Atlácatl")).to_be_visible()
    expect(rows.nth(0)).to_contain_text("marzo de 1981")
    expect(rows.nth(0)).to_contain_text("durante el cargo")
    expect(rows.nth(1)).to_contain_text("posiblemente durante el cargo (fechas inciertas)")
    expect(page.get_by_role("table", name="Actos por tipo y año")).to_contain_text("Masacre")
    screenshot(page, "archive-report-es")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "archive-report-es-phone")
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar CSV").click()
    assert download.value.suggested_filename.endswith(".csv")


def test_public_archive_without_signing_in(live_server, page):
    build_accountability_example()
    page.goto(f"{live_server.url}/public/archive/?q=mozote")
    expect(page.get_by_role("heading", name="Human-rights archive")).to_be_visible()
    page.get_by_role("link", name="Testimonio sobre El Mozote").click()
    expect(page.locator(".source-text")).to_contain_text("mataron a […]")
    expect(page.locator("body")).not_to_contain_text("Rufina")
    screenshot(page, "archive-public-source-en")
    page.goto(f"{live_server.url}/public/archive/chronology/")
    expect(page.locator("svg.timeline")).to_be_visible()
    screenshot(page, "archive-public-chronology")


def test_archivist_tour_of_the_archive_pages(live_server, page):
    """Search with facets, a record page with its access control, vocabularies, import, chronology."""
    from amparo.accounts.tests.factories import TOTPDeviceFactory
    from amparo.core.testing import fresh_code

    example = build_accountability_example()
    archivist = UserFactory(role=Role.ARCHIVIST, email="ana@amparo.test", full_name="Ana Archivista", language="es")
    device = TOTPDeviceFactory(user=archivist)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill("ana@amparo.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.locator("input[name=otp_token], input[autocomplete=one-time-code]").first.fill(fresh_code(device))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=re.compile("Bienvenid"))).to_be_visible()
    page.goto(f"{live_server.url}/archive/?q=masacre&act_type=massacre")
    expect(page.get_by_text("1 registro encontrado")).to_be_visible()
    screenshot(page, "archive-search-facet-es")
    page.goto(f"{live_server.url}/archive/sources/{example['source'].pk}/")
    expect(page.get_by_label("Quién puede ver este registro")).to_have_value("public")
    screenshot(page, "archive-source-staff-es")
    page.get_by_label("Quién puede ver este registro").select_option("restricted")
    page.get_by_role("button", name="Cambiar el acceso").click()
    expect(page.get_by_text("Se cambió el acceso.")).to_be_visible()
    page.goto(f"{live_server.url}/archive/vocabularies/")
    page.get_by_label("Código").fill("reclutamiento-forzoso")
    page.get_by_label("Nombre en inglés").fill("Forced recruitment")
    page.get_by_label("Nombre en español").fill("Reclutamiento forzoso")
    page.get_by_role("button", name="Agregar", exact=True).click()
    expect(page.get_by_text("Se agregó el término.")).to_be_visible()
    screenshot(page, "archive-vocabularies-es")
    page.goto(f"{live_server.url}/archive/import/")
    screenshot(page, "archive-import-es")
    page.goto(f"{live_server.url}/archive/events/{example['event'].pk}/acts/new/")
    page.get_by_label("Fecha", exact=True).fill("marzo 1981")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_text("No es una fecha que podamos leer: escriba 1981, 1981-03 o 1981-03-14.")).to_be_visible()
    screenshot(page, "archive-act-form-es")
    page.goto(f"{live_server.url}/archive/chronology/")
    expect(page.locator("svg.timeline")).to_be_visible()
    screenshot(page, "archive-chronology-es")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/archive/?q=masacre")
    screenshot(page, "archive-search-es-phone")


def test_broad_public_search_shows_results_then_the_facet_panel(live_server, page, monkeypatch):
    """Past the ranked candidates the results render first; the facet panel arrives in a second
    request and counts every hit."""
    from amparo.archive import search, services
    from amparo.archive.models import SourceType

    monkeypatch.setattr(search, "RANK_CANDIDATES", 2)
    clipping, _ = SourceType.objects.get_or_create(code="clipping", defaults={"name_en": "Clipping",
                                                                              "name_es": "Recorte"})
    for n in range(4):
        services.source_save(by=None, data={"identifier": f"BR-{n}", "source_type": clipping, "access": "public",
                                            "title": f"Bombardeo en la zona {n}", "date": f"198{n}-03-01",
                                            "language": "es"})
    page.goto(f"{live_server.url}/public/archive/?q=bombardeo")
    panel = page.get_by_role("complementary", name="Refine")
    expect(panel.get_by_role("link", name="1983")).to_be_visible()
    expect(page.get_by_text("4 records found")).to_be_visible()
    expect(page.get_by_text("Counting every record found")).to_have_count(0)
    screenshot(page, "archive-search-facets-later")
