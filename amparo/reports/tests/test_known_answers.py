"""Reports over a data set with known answers: the command, the page and every download agree."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from amparo.accounts.roles import Role
from amparo.accounts.services import create_api_token
from amparo.accounts.tests.factories import OfficeFactory
from amparo.core.models import AuditEntry
from amparo.core.plugins import ServedSource
from amparo.core.testing import sign_in
from amparo.legal.models import Case
from amparo.people.tests.factories import PersonFactory
from amparo.reports.catalogue import unduplicated

pytestmark = pytest.mark.django_db


def at(day: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(12, 0)))


@pytest.fixture
def center(make_user):
    pico, nuys = OfficeFactory(name="Pico-Union"), OfficeFactory(name="Van Nuys")
    attorney = make_user(Role.ATTORNEY, offices=[pico, nuys], is_supervisor=True)
    _, token = create_api_token(user=attorney, name="reports")
    api = Client(headers={"Authorization": f"Bearer {token}"})
    people = {name: PersonFactory(given_names=name, birth_date=dt.date(1980, 1, 1)) for name in
              ("P1", "P2", "P3", "P4", "P5", "P6", "P7")}

    def case(person, kind, office, problem, opened, closed=None, closing=None, outcome="granted"):
        made = api.post("/api/v1/cases", {"client_id": people[person].pk, "kind": kind, "office_id": office.pk,
                                          "problem_code": problem}, content_type="application/json")
        assert made.status_code == 201, made.content
        pk = made.json()["id"]
        if closed:
            done = api.post(f"/api/v1/cases/{pk}/close", {"outcome": outcome, "closing_code": closing},
                            content_type="application/json")
            assert done.status_code == 200, done.content
        # The dates the story needs (the API records "now").
        Case.objects.filter(pk=pk).update(opened_at=at(opened), closed_at=at(closed) if closed else None)
        return pk

    case("P1", "removal_defense", pico, "81", "2024-11-01", "2025-03-10", "A")
    case("P2", "tps_initial", pico, "81", "2025-01-15", "2025-06-01", "B")
    restricted = case("P3", "vawa", nuys, "37", "2025-09-01", "2025-11-30", "L")
    case("P1", "naturalization", pico, "81", "2025-05-01")
    case("P4", "removal_defense", pico, "81", "2024-06-01", "2024-12-31", "A")  # closed the year before
    case("P5", "daca_renewal", pico, "81", "2025-02-01", "2026-01-01", "G")  # open on Dec 31
    case("P6", "tps_initial", pico, "81", "2026-01-05")  # opened after the year
    case("P2", "family_petition", pico, "63", "2025-07-01", "2025-08-08", None, outcome="withdrawn")
    assert Case.objects.get(pk=restricted).restricted
    return {"attorney": attorney, "people": people, "pico": pico, "nuys": nuys}


LSC_2025 = {
    "37": {"L": 1, "closed": 1, "open": 0},
    "63": {"none": 1, "closed": 1, "open": 0},
    "81": {"A": 1, "B": 1, "closed": 2, "open": 2},
    "__total__": {"A": 1, "B": 1, "L": 1, "none": 1, "closed": 4, "open": 2, "G": 0},
}


def _command(*args):
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def _nonzero(values: dict) -> dict:
    return {k: v for k, v in values.items() if v}


def test_the_lsc_report_command_prints_exactly_the_expected_counts(center):
    data = json.loads(_command("lsc_csr", "--from", "2025-01-01", "--to", "2025-12-31", "--format", "json"))
    table = data["tables"][0]
    rows = {row["key"]: _nonzero(row["values"]) for row in table["rows"]}
    assert rows == {key: _nonzero(values) for key, values in LSC_2025.items() if key != "__total__"}
    assert _nonzero(table["totals"]) == _nonzero(LSC_2025["__total__"])
    office = json.loads(_command("lsc_csr", "--from", "2025-01-01", "--to", "2025-12-31", "--office", "Van Nuys"))
    assert _nonzero(office["tables"][0]["totals"]) == {"L": 1, "closed": 1}


def test_the_same_numbers_on_the_page_and_in_csv_xlsx_pdf(center, tmp_path):
    client = sign_in(Client(), center["attorney"])
    query = {"start": "2025-01-01", "end": "2025-12-31"}
    page = client.get("/reports/lsc_csr/", query).content.decode()
    columns = re.findall(r'<th scope="col">([^<]+)</th>', page)
    html = {}
    for key, cells in re.findall(r'<tr(?: class="total")? data-row="([^"]+)"><th scope="row">[^<]*</th>(.*?)</tr>',
                                 page, re.S):
        html[key] = dict(zip(columns, (int(v) for v in re.findall(r'<td class="number">(\d+)</td>', cells)),
                             strict=True))
    expected = {key: {("None" if k == "none" else "Total closed" if k == "closed" else
                       "Open at the end" if k == "open" else k): v for k, v in values.items()}
                for key, values in LSC_2025.items()}
    for key, values in expected.items():
        assert {k: html[key][k] for k in values} == values
    assert "<svg" in page and 'data-value="2"' in page  # the chart draws the total closed per code

    response = client.get("/reports/lsc_csr/", {**query, "format": "csv"})
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    header = next(line for line in lines if line[:1] == [""])
    by_label = {line[0]: dict(zip(header[1:], map(int, line[1:]), strict=True)) for line in lines
                if len(line) == len(header) and line[0]}
    assert by_label["81 — Immigration/naturalization"]["Open at the end"] == 2
    assert by_label["Total"] == html["__total__"]

    response = client.get("/reports/lsc_csr/", {**query, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    head = next(r for r in rows if r and r[0] is None and r[1] == "A")
    xlsx = {r[0]: dict(zip(head[1:], r[1:], strict=True)) for r in rows if r and r[0] and len(r) == len(head)
            and isinstance(r[1], int)}
    assert xlsx["Total"] == html["__total__"] and xlsx["37 — Domestic abuse"]["L"] == 1

    response = client.get("/reports/lsc_csr/", {**query, "format": "pdf"})
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = "\n".join(page.extract_text(extraction_mode="layout") for page in pages)
    total_line = next(line for line in text.splitlines() if line.strip().startswith("Total") and re.search(r"\d", line))
    assert [int(n) for n in re.findall(r"\b\d+\b", total_line)] == [html["__total__"][c] for c in columns]
    assert AuditEntry.objects.filter(action="report.download").count() == 3


def test_each_person_is_counted_once_across_programs_new_and_returning(center, monkeypatch):
    people = center["people"]
    classes = ServedSource("classes", "Classes", lambda start, end: [
        (people["P1"].pk, center["pico"].pk, dt.date(2023, 1, 1)),
        (people["P7"].pk, None, dt.date(2025, 4, 4)),
    ])
    real = unduplicated.served_sources
    monkeypatch.setattr(unduplicated, "served_sources", lambda: [*real(), classes])
    data = json.loads(_command("unduplicated", "--from", "2025-01-01", "--to", "2025-12-31"))
    tables = {t["key"]: {r["key"]: r["values"] for r in t["rows"]} for t in data["tables"]}
    assert tables["all"]["all"] == {"people": 5, "new": 4, "returning": 1}
    assert tables["programs"]["legal"] == {"people": 4, "new": 3, "returning": 1}
    assert tables["programs"]["classes"] == {"people": 2, "new": 1, "returning": 1}
    assert tables["offices"][str(center["pico"].pk)] == {"people": 3, "new": 2, "returning": 1}  # P1, P2, P5
    assert tables["offices"]["none"] == {"people": 1, "new": 1, "returning": 0}  # P7, a class without an office
    assert tables["offices"][str(center["nuys"].pk)] == {"people": 1, "new": 1, "returning": 0}


def test_reports_for_outsiders_hide_small_cells_and_their_complements(center):
    data = json.loads(_command("lsc_csr", "--from", "2025-01-01", "--to", "2025-12-31", "--outside"))
    table = data["tables"][0]
    values = [v for row in table["rows"] for v in row["values"].values()] + list(table["totals"].values())
    assert all(v == 0 or v == "<5" for v in values)  # every count here is small
    assert data["suppressed_below"] == 5


def test_a_confidential_case_is_counted_but_nothing_names_it(center):
    client = sign_in(Client(), center["attorney"])
    page = client.get("/reports/lsc_csr/", {"start": "2025-01-01", "end": "2025-12-31"}).content.decode()
    assert "P3" not in page and "vawa" not in page.lower()
    assert "37 — Domestic abuse" in page


def test_bad_dates_are_a_clear_message_and_other_roles_do_not_see_reports(center, make_user):
    client = sign_in(Client(), center["attorney"])
    response = client.get("/reports/lsc_csr/", {"start": "2025-12-31", "end": "2025-01-01"})
    assert response.status_code == 400 and "The end comes before the start" in response.content.decode()
    intake = sign_in(Client(), make_user(Role.INTAKE))
    assert intake.get("/reports/").status_code == 404
    assert intake.get("/reports/lsc_csr/").status_code == 404
