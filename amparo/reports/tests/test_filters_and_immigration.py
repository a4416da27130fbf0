"""The filters (program, funder), household and poverty demographics, and the California
immigration services report, over a quarter with known answers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from amparo.accounts.roles import Role
from amparo.accounts.services import create_api_token
from amparo.accounts.tests.factories import OfficeFactory
from amparo.core.testing import sign_in
from amparo.giving import grants
from amparo.giving.models import Donor, GrantApplication
from amparo.legal import services as legal
from amparo.legal.models import Case
from amparo.people.tests.factories import PersonFactory
from amparo.reports.catalogue.immigration import normal_form
from amparo.reports.models import ProgramFunding
from amparo.screening.services import run_screening

pytestmark = pytest.mark.django_db
Q1 = ("--from", "2025-01-01", "--to", "2025-03-31")


def at(day: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(12, 0)))


@pytest.fixture
def quarter(make_user):
    pico, nuys = OfficeFactory(name="Pico-Union"), OfficeFactory(name="Van Nuys")
    attorney = make_user(Role.ATTORNEY, offices=[pico, nuys], is_supervisor=True)
    _, token = create_api_token(user=attorney, name="reports")
    api = Client(headers={"Authorization": f"Bearer {token}"})
    people = {name: PersonFactory(given_names=f"Persona{name}", birth_date=dt.date(1990, 1, 1),
                                  country_of_birth="Guatemala", sex="female") for name in "ABCDEF"}

    def case(person, kind, office, opened, *receipts):
        made = api.post("/api/v1/cases", {"client_id": people[person].pk, "kind": kind, "office_id": office.pk},
                        content_type="application/json")
        assert made.status_code == 201, made.content
        found = Case.objects.get(pk=made.json()["id"])
        Case.objects.filter(pk=found.pk).update(opened_at=at(opened))
        for number, form, day in receipts:
            legal.add_receipt(case=found, number=number, form=form, by=attorney,
                              received_on=dt.date.fromisoformat(day))
        return found

    case("A", "naturalization", pico, "2025-01-10", ("IOE0912345671", "N-400", "2025-02-01"),
         ("IOE0912345672", "i 912", "2025-02-01"))
    case("B", "daca_renewal", pico, "2025-02-05", ("IOE0912345673", "i821d", "2025-03-01"))
    case("C", "daca_initial", nuys, "2024-12-01", ("IOE0912345674", "I-821D", "2025-01-20"))
    restricted = case("D", "u_visa", nuys, "2025-03-01", ("IOE0912345675", "I-918", "2025-03-15"))
    case("E", "naturalization", pico, "2025-01-05", ("IOE0912345676", "N-400", "2025-04-02"))  # next quarter
    case("F", "consultation", pico, "2025-03-30")
    assert Case.objects.get(pk=restricted.pk).restricted
    # Household and income, as screenings record them (2025 guidelines: 3 people 26,650; 1 person 15,650; 4: 32,150).
    for person, size, income in (("A", 3, 20000), ("B", 1, 20000), ("C", 4, 100000)):
        run_screening(facts={"household_size": size, "household_income": income}, on=dt.date(2025, 1, 15),
                      by=attorney, person=people[person])
    funder = Donor.objects.create(name="Fundación Luz", kind="foundation")
    grant = grants.create_grant(by=attorney, funder=funder, title="Servicios de inmigración", requested=50000)
    grant = grants.set_stage(by=attorney, grant=grant, stage=GrantApplication.Stage.AWARDED, on=dt.date(2025, 1, 20),
                             awarded=Decimal("50000"), period=(dt.date(2025, 2, 1), dt.date(2025, 12, 31)))
    ProgramFunding.objects.create(grant=grant, program="legal", office=pico)
    return {"attorney": attorney, "people": people, "pico": pico, "nuys": nuys, "funder": funder}


def _json(*args):
    out = io.StringIO()
    call_command("report", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def _tables(data):
    return {t["key"]: ({r["key"]: r["values"] for r in t["rows"]}, t["totals"]) for t in data["tables"]}


FILED = {"N-400": {"filed": 1, "people": 1}, "I-912": {"filed": 1, "people": 1},
         "I-821D:daca_renewal": {"filed": 1, "people": 1}, "I-821D:daca_initial": {"filed": 1, "people": 1},
         "confidential": {"filed": 1, "people": 1}}


def test_the_immigration_report_counts_filings_by_form_and_each_applicant_once(quarter):
    tables = _tables(_json("ca_immigration", *Q1))
    filed, filed_total = tables["filed"]
    assert filed == FILED
    assert filed_total == {"filed": 5, "people": 4}  # A filed twice, counted once
    services, services_total = tables["services"]
    assert services == {"naturalization": {"cases": 2, "people": 2}, "daca_renewal": {"cases": 1, "people": 1},
                        "consultation": {"cases": 1, "people": 1}, "confidential": {"cases": 1, "people": 1}}
    assert services_total == {"cases": 5, "people": 5}
    assert tables["people_sex"][1] == {"people": 6}  # A to F, each once
    assert tables["people_poverty"][0] == {"100": {"people": 1}, "150": {"people": 1}, "over": {"people": 1},
                                           "unknown": {"people": 3}}
    assert tables["people_household"][0] == {"3": {"people": 1}, "1": {"people": 1}, "4": {"people": 1},
                                             "unknown": {"people": 3}}
    office = _tables(_json("ca_immigration", *Q1, "--office", "Van Nuys"))
    assert office["filed"][1] == {"filed": 2, "people": 2}


def test_a_funder_counts_only_the_days_and_offices_its_grants_pay_for(quarter):
    funder = str(quarter["funder"].pk)
    tables = _tables(_json("ca_immigration", *Q1, "--funder", funder))
    assert tables["filed"][1] == {"filed": 3, "people": 2}  # Pico-Union from February 1: A twice, B
    assert tables["services"][0] == {"daca_renewal": {"cases": 1, "people": 1},
                                     "consultation": {"cases": 1, "people": 1}}
    everyone = _tables(_json("unduplicated", *Q1))
    assert everyone["programs"][0]["legal"]["people"] == 6
    funded = _tables(_json("unduplicated", *Q1, "--funder", "Fundación Luz"))
    assert funded["all"][0]["all"]["people"] == 4  # A, B, E, F: Pico-Union cases open from February 1
    assert funded["offices"][0] == {str(quarter["pico"].pk): {"people": 4, "new": 4, "returning": 0}}
    legal_only = _tables(_json("unduplicated", *Q1, "--program", "legal"))
    assert legal_only["all"][0]["all"]["people"] == 6 and list(legal_only["programs"][0]) == ["legal"]
    classes_only = _tables(_json("unduplicated", *Q1, "--program", "classes"))
    assert classes_only["all"][0]["all"]["people"] == 0
    poverty = _tables(_json("demographics", *Q1, "--program", "legal", "--funder", funder))["poverty"][0]
    assert poverty == {"100": {"people": 1}, "150": {"people": 1}, "unknown": {"people": 2}}  # A, B; E, F


def test_a_filter_a_report_cannot_apply_is_refused_by_the_command_and_marked_on_the_form(quarter):
    with pytest.raises(CommandError, match="cannot be filtered by program"):
        _json("lsc_csr", *Q1, "--program", "legal")
    with pytest.raises(CommandError, match="No program"):
        _json("unduplicated", *Q1, "--program", "nothing")
    client = sign_in(Client(), quarter["attorney"])
    page = client.get("/reports/lsc_csr/", {"start": "2025-01-01", "end": "2025-03-31", "program": "classes"})
    html = page.content.decode()
    program = re.search(r'<select name="program"[^>]*>', html)[0]
    assert "disabled" in program and "Does not apply to this report." in html
    assert client.get("/reports/unduplicated/").content.decode().count("Does not apply to this report.") == 0


def test_the_same_immigration_numbers_on_the_page_and_in_csv_xlsx_pdf(quarter):
    client = sign_in(Client(), quarter["attorney"])
    query = {"start": "2025-01-01", "end": "2025-03-31"}
    page = client.get("/reports/ca_immigration/", query).content.decode()
    assert "Applications filed, by form" in page and "<svg" in page
    total = re.search(r'<tr class="total" data-row="__total__">.*?</tr>', page, re.S)[0]
    assert re.findall(r'<td class="number">(\d+)</td>', total) == ["5", "4"]

    response = client.get("/reports/ca_immigration/", {**query, "format": "csv"})
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert ["Naturalization application (N-400)", "1", "1"] in lines
    assert ["Total (each person once)", "5", "4"] in lines

    response = client.get("/reports/ca_immigration/", {**query, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert ["Total (each person once)", 5, 4] in rows

    response = client.get("/reports/ca_immigration/", {**query, "format": "pdf"})
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert re.search(r"Total \(each person once\)\s+5\s+4", text)

    quarter["attorney"].language = "es"
    quarter["attorney"].save()
    spanish = client.get("/reports/ca_immigration/", query).content.decode()
    assert "Solicitudes presentadas, por formulario" in spanish


def test_the_restricted_case_is_counted_but_not_identifiable(quarter):
    client = sign_in(Client(), quarter["attorney"])
    page = client.get("/reports/ca_immigration/", {"start": "2025-01-01", "end": "2025-03-31"}).content.decode()
    assert "PersonaD" not in page and "I-918" not in page and "U visa</th>" not in page
    assert "Filings in confidential cases (all forms together)" in page
    outside = _json("ca_immigration", *Q1, "--outside")
    filed = next(t for t in outside["tables"] if t["key"] == "filed")
    assert all(v == "<5" for row in filed["rows"] for v in row["values"].values())  # every row is under 5
    assert filed["totals"] == {"filed": 5, "people": "<5"}  # five filings in all: no one singled out


def test_forms_are_read_however_they_were_typed():
    assert normal_form("n 400") == normal_form("N400") == "N-400"
    assert normal_form("i821d") == "I-821D" and normal_form("I-290B") == "I-290B" and normal_form("") == ""


def test_a_report_is_cached_in_the_database_shared_by_every_process(quarter):
    from django.db import connection

    from amparo.reports import base
    from amparo.reports.base import Params

    base.get("ca_immigration").run(Params(start=dt.date(2025, 1, 1), end=dt.date(2025, 3, 31)))
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM amparo_cache WHERE cache_key LIKE %s", ["%amparo.report:%"])
        assert cursor.fetchone()[0] == 1  # a web worker and the task worker read the same row
