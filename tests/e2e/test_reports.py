"""A director opens the funders' reports in Spanish, changes the dates, reads the chart against the
table and downloads the spreadsheet."""

import datetime as dt
import io
import re
from pathlib import Path

from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import PASSWORD, OfficeFactory, TOTPDeviceFactory, UserFactory
from amparo.core.testing import fresh_code
from amparo.legal.models import ClosingCode
from amparo.legal.services import close_case
from amparo.legal.tests.factories import make_case
from amparo.people.tests.factories import PersonFactory

from .conftest import screenshot


def _cases(director):
    office = OfficeFactory(name="Pico-Union")
    attorney = UserFactory(role=Role.ATTORNEY, offices=[office])
    story = [("2025-03-10", "A"), ("2025-04-02", "A"), ("2025-06-20", "B"), (None, None), ("2024-12-01", "A")]
    for closed, code in story:
        case = make_case(kind="removal_defense", office=office, responsible=attorney, by=attorney,
                         client=PersonFactory(birth_date=dt.date(1985, 5, 5)))
        if closed:
            # Reference rows, put back if an earlier browser test emptied the database.
            closing, _new = ClosingCode.objects.get_or_create(code=code, defaults={"label_en": code, "label_es": code})
            close_case(case=case, by=attorney, outcome="granted", closing_code=closing)
        opened = timezone.make_aware(dt.datetime(2024, 10, 1, 12))
        type(case).objects.filter(pk=case.pk).update(
            opened_at=opened, closed_at=timezone.make_aware(dt.datetime.fromisoformat(closed + "T12:00")) if closed
            else None)


def test_a_director_reads_the_lsc_and_unduplicated_reports_in_spanish_and_downloads_the_xlsx(live_server, page):
    director = UserFactory(role=Role.DIRECTOR, email="elena@amparo.test", full_name="Elena Sánchez", language="es")
    device = TOTPDeviceFactory(user=director)
    _cases(director)
    page.goto(f"{live_server.url}/")
    page.get_by_label("Email address").fill("elena@amparo.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Código").fill(fresh_code(device))
    page.get_by_role("button", name="Continuar").click()

    page.get_by_role("navigation").get_by_role("link", name="Informes").first.click()
    page.get_by_role("link", name="Informe de Servicios de Casos de LSC (CSR)").click()
    page.get_by_label("Desde").fill("2025-01-01")
    page.get_by_label("Hasta").fill("2025-12-31")
    page.get_by_role("button", name="Mostrar el informe").click()
    table = page.locator("#table-lsc_csr table")
    row = table.locator("tr[data-row='81']")
    expect(row).to_contain_text("81 — Inmigración y naturalización")
    cells = [int(v) for v in row.locator("td").all_inner_texts()]
    headers = table.locator("thead th").all_inner_texts()[1:]
    by_column = dict(zip(headers, cells, strict=True))
    assert by_column["A"] == 2 and by_column["B"] == 1 and by_column["Total cerrados"] == 3
    assert by_column["Abiertos al final"] == 1  # the case never closed; the one closed in 2024 is not counted
    # The chart's bar for 81 carries the same total closed as the table.
    bar = page.locator("#table-lsc_csr .bars li").filter(has_text="81 —")
    expect(bar.locator(".bar-value")).to_have_text(str(by_column["Total cerrados"]))
    screenshot(page, "reports-lsc-es")

    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar XLSX").click()
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    line = next(r for r in rows if r and r[0] and str(r[0]).startswith("81 —"))
    assert list(line[1:]) == cells

    page.get_by_role("link", name="Informes").first.click()
    page.get_by_role("link", name="Personas atendidas, cada una contada una vez").click()
    page.get_by_label("Desde").fill("2025-01-01")
    page.get_by_label("Hasta").fill("2025-12-31")
    page.get_by_role("button", name="Mostrar el informe").click()
    everyone = page.locator("#table-all tr[data-row='all'] td").all_inner_texts()
    assert [int(v) for v in everyone] == [4, 0, 4]  # the four clients served in 2025, all first seen in 2024
    expect(page.locator("#table-all .bars .bar-value")).to_have_text("4")
    page.get_by_label("Desde").fill("2024-01-01")
    page.get_by_role("button", name="Mostrar el informe").click()
    expect(page.locator("#table-all tr[data-row='all'] td").first).to_have_text("5")
    expect(page).to_have_url(re.compile(r"start=2024-01-01"))
    screenshot(page, "reports-unduplicated-es")


def test_a_director_prepares_a_long_period_in_the_background_and_downloads_it(live_server, page):
    director = UserFactory(role=Role.DIRECTOR, email="rosa@amparo.test", full_name="Rosa Quintanilla", language="es")
    device = TOTPDeviceFactory(user=director)
    _cases(director)
    page.goto(f"{live_server.url}/")
    page.get_by_label("Email address").fill("rosa@amparo.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Código").fill(fresh_code(device))
    page.get_by_role("button", name="Continuar").click()

    page.goto(f"{live_server.url}/reports/lsc_csr/")
    page.get_by_label("Desde").fill("2015-01-01")
    page.get_by_label("Hasta").fill("2025-12-31")
    page.get_by_role("button", name="Mostrar el informe").click()
    expect(page.locator("#too-long")).to_contain_text("demasiado largo")
    expect(page.locator("#table-lsc_csr")).to_have_count(0)  # not counted while the page waits
    page.locator("#prepare").get_by_label("Archivo").select_option("xlsx")
    page.get_by_role("button", name="Preparar el archivo").click()
    # The task's page: its progress, then the file (the tests run tasks at once).
    expect(page.get_by_role("heading", level=1)).to_contain_text("Informe de Servicios de Casos de LSC (CSR)")
    expect(page.locator("#progress")).to_contain_text("Terminada")
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar el resultado").click()
    assert download.value.suggested_filename == "lsc_csr-20150101-20251231.xlsx"
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    line = next(r for r in rows if r and r[0] and str(r[0]).startswith("81 —"))
    headers = next(r for r in rows if r and r[0] is None and r[1] == "A")
    by_column = dict(zip(headers[1:], line[1:], strict=True))
    assert by_column["A"] == 3 and by_column["B"] == 1 and by_column["Total cerrados"] == 4
    screenshot(page, "reports-prepared-es")
    # Back on the report, the numbers are at hand now, and the file is listed.
    page.goto(f"{live_server.url}/reports/lsc_csr/?start=2015-01-01&end=2025-12-31")
    table = page.locator("#table-lsc_csr table")
    headers = table.locator("thead th").all_inner_texts()[1:]
    cells = [int(v) for v in table.locator("tr[data-row='81'] td").all_inner_texts()]
    assert dict(zip(headers, cells, strict=True))["Total cerrados"] == 4
    expect(page.get_by_role("heading", name="Archivos que usted preparó")).to_be_visible()
