"""Program outcomes and grant deliverables on data with known answers, made through each app's services."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import OfficeFactory
from amparo.classes import services as classes
from amparo.classes.models import CertificateKind, Enrolment
from amparo.classes.tests.factories import person as student
from amparo.core.testing import sign_in
from amparo.giving import grants
from amparo.giving.tests.factories import donor
from amparo.legal.models import Case
from amparo.legal.tests.factories import make_case
from amparo.loans import services as loans
from amparo.loans.tests.factories import active_loan, product, staff
from amparo.programs import services as programs
from amparo.programs.models import Stay
from amparo.programs.tests.factories import bed

pytestmark = pytest.mark.django_db


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _section(by, kind: str, name: str, monday: dt.date = dt.date(2025, 1, 6)):
    """A section with one session, on ``monday``."""
    course = classes.create_course(by=by, fields={"name": name, "kind": kind, "min_attendance_percent": 50,
                                                  "requires_final_assessment": False, "passing_score": 70})
    term = classes.create_term(by=by, name=name, starts_on=monday, ends_on=monday + dt.timedelta(days=300))
    section = classes.create_section(by=by, course=course, term=term, name="A", capacity=10)
    classes.generate_sessions(section=section, by=by, weekdays=[0], starts_at=dt.time(18), ends_at=dt.time(20),
                              first=monday, last=monday, skip_holidays=False)
    return section


def _complete(section, by, names: list[str], on: dt.date) -> None:
    session = section.sessions.get()
    for name in names:
        enrolment = classes.enrol(section=section, person=student(name, "Prueba"), by=by)
        classes.record_attendance(session=session, enrolment=enrolment, mark="present", by=by, today=on)
    issued, refused = classes.issue_certificates(section=section, kind=CertificateKind.COMPLETION, by=by, today=on)
    assert len(issued) == len(names) and not refused


@pytest.fixture
def programs_story(admin_user):
    # Classes: 3 citizenship completions in 2025, 1 in 2024; 1 ESL completion in 2025; 2 ESL drops in 2025.
    citizenship = _section(admin_user, "citizenship", "Ciudadanía")
    _complete(citizenship, admin_user, ["Ana", "Berta", "Carla"], dt.date(2025, 3, 1))
    old = _section(admin_user, "citizenship", "Ciudadanía vieja", dt.date(2024, 12, 2))
    _complete(old, admin_user, ["Dora"], dt.date(2024, 12, 31))
    esl = _section(admin_user, "esl", "Inglés")
    _complete(esl, admin_user, ["Elsa"], dt.date(2025, 6, 30))
    for name, day in (("Fina", dt.date(2025, 2, 1)), ("Gema", dt.date(2025, 12, 31)), ("Hugo", dt.date(2026, 1, 2))):
        enrolment = classes.enrol(section=esl, person=student(name, "Baja"), by=admin_user)
        classes.drop(enrolment=enrolment, by=admin_user, reason="work")
        Enrolment.objects.filter(pk=enrolment.pk).update(dropped_at=at(day))
    # Loans: product A has 2 paid off and 1 written off in 2025, and 1 paid off in 2026; B has 1 still active.
    officer, checker = staff("oficial@amparo.test"), staff("revisora@amparo.test", Role.FINANCE)
    a, b = product(name="Emprende A"), product(name="Emprende B")
    for closing, on in (("prepay", dt.date(2025, 4, 1)), ("prepay", dt.date(2025, 11, 30)),
                        ("write_off", dt.date(2025, 9, 9)), ("prepay", dt.date(2026, 1, 10))):
        loan = active_loan(officer=officer, checker=checker, on=dt.date(2025, 1, 15), prod=a)
        getattr(loans, closing)(loan=loan, on=on, by=checker)
    active_loan(officer=officer, checker=checker, on=dt.date(2025, 1, 15), prod=b)
    # Housing: in 2025, 2 left for a rental, 1 to family, 1 to a shelter; 1 left in 2026; 1 still staying.
    exits = [(Stay.ExitDestination.RENTAL, dt.date(2025, 2, 1)), (Stay.ExitDestination.RENTAL, dt.date(2025, 8, 1)),
             (Stay.ExitDestination.FAMILY, dt.date(2025, 5, 5)), (Stay.ExitDestination.SHELTER, dt.date(2025, 7, 7)),
             (Stay.ExitDestination.RENTAL, dt.date(2026, 1, 15)), (None, None)]
    for number, (destination, left) in enumerate(exits):
        stay = programs.admit(person=student(f"Huésped {number}", "Casa"), bed=bed(f"C{number}"),
                              entry_date=dt.date(2025, 1, 1), by=admin_user)
        if destination:
            programs.discharge(stay=stay, exit_date=left, destination=destination, by=admin_user)
    return {"admin": admin_user, "office": OfficeFactory(name="Pico-Union")}


PROGRAMS_2025 = {
    "classes": {"citizenship": {"completed": 3, "dropped": 0}, "esl": {"completed": 1, "dropped": 2}},
    "loans": {"Emprende A": {"paid_off": 2, "written_off": 1, "closed": 3}},
    "housing": {"permanent": {"people": 2}, "temporary": {"people": 1}, "homeless": {"people": 1}},
}


def _json(*args):
    out = io.StringIO()
    with translation.override("en"):
        call_command("report", *args, stdout=out)
    return json.loads(out.getvalue())


def test_class_completions_loans_repaid_and_exits_to_permanent_housing(programs_story):
    data = _json("program_outcomes", "--from", "2025-01-01", "--to", "2025-12-31")
    tables = {t["key"]: t for t in data["tables"]}
    assert {r["key"]: r["values"] for r in tables["classes"]["rows"]} == PROGRAMS_2025["classes"]
    assert tables["classes"]["totals"] == {"completed": 4, "dropped": 2}
    assert {r["label"]: r["values"] for r in tables["loans"]["rows"]} == PROGRAMS_2025["loans"]
    assert {r["key"]: r["values"] for r in tables["housing"]["rows"]} == PROGRAMS_2025["housing"]
    assert tables["housing"]["totals"] == {"people": 4}
    # The programs keep no office: with one chosen, nothing is counted.
    office = _json("program_outcomes", "--from", "2025-01-01", "--to", "2025-12-31", "--office", "Pico-Union")
    assert all(not t["rows"] for t in office["tables"])


def test_program_outcomes_agree_on_the_page_and_in_csv_xlsx_and_pdf(programs_story):
    client = sign_in(Client(), programs_story["admin"])
    query = {"start": "2025-01-01", "end": "2025-12-31"}
    page = client.get("/reports/program_outcomes/", query).content.decode()
    section = page[page.index('id="table-housing"'):]
    section = section[:section.index("</section>")]
    assert re.search(r'data-row="permanent"><th scope="row">Permanent housing</th><td class="number">2</td>', section)
    assert 'data-value="2"' in section  # the chart's bar for permanent housing

    response = client.get("/reports/program_outcomes/", {**query, "format": "csv"})
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert ["Emprende A", "2", "1", "3"] in lines and ["Permanent housing", "2"] in lines

    response = client.get("/reports/program_outcomes/", {**query, "format": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    rows = [list(r) for sheet in book.worksheets for r in sheet.iter_rows(values_only=True)]
    assert ["Citizenship preparation", 3, 0] in rows and ["Emprende A", 2, 1, 3] in rows

    response = client.get("/reports/program_outcomes/", {**query, "format": "pdf"})
    text = "\n".join(p.extract_text(extraction_mode="layout") for p in PdfReader(io.BytesIO(response.content)).pages)
    lines = [[int(n) for n in re.findall(r"\b\d+\b", li)] for li in text.splitlines()
             if li.strip().startswith("Emprende A")]
    assert [2, 1, 3] in lines and [3] in lines  # the table's row, and the chart's bar


def test_program_outcomes_in_spanish_and_for_outsiders(programs_story, make_user):
    client = sign_in(Client(), make_user(Role.DIRECTOR, language="es"))
    page = client.get("/reports/program_outcomes/", {"start": "2025-01-01", "end": "2025-12-31"}).content.decode()
    assert "Resultados de los programas" in page and "Vivienda permanente" in page
    outside = _json("program_outcomes", "--from", "2025-01-01", "--to", "2025-12-31", "--outside")
    housing = next(t for t in outside["tables"] if t["key"] == "housing")
    assert {r["key"]: r["values"]["people"] for r in housing["rows"]} == {"permanent": "<5", "temporary": "<5",
                                                                          "homeless": "<5"}
    assert housing["totals"] == {"people": "<5"}


@pytest.fixture
def grant_story(make_user):
    development = make_user(Role.DEVELOPMENT)
    funder = donor(development, name="Fundación Esperanza")
    grant = grants.create_grant(by=development, funder=funder, title="Defensa 2025", requested="50000")
    grants.set_stage(by=development, grant=grant, stage="awarded", on=dt.date(2025, 1, 10), awarded="40000",
                     period=(dt.date(2025, 1, 1), dt.date(2025, 12, 31)))
    grants.add_deliverable(by=development, grant=grant, description="Casos de defensa", metric="legal.cases_opened",
                           target=10, report_due=dt.date(2026, 1, 31))
    grants.add_deliverable(by=development, grant=grant, description="Casos cerrados", metric="legal.cases_closed",
                           target=4, report_due=dt.date(2026, 1, 31))
    declined = grants.create_grant(by=development, funder=funder, title="Otra", requested="1000")
    grants.set_stage(by=development, grant=declined, stage="declined", on=dt.date(2025, 1, 10))
    grants.add_deliverable(by=development, grant=declined, description="Nunca", metric="legal.cases_opened",
                           target=3, report_due=None)
    # Cases opened: 2 in Q1 2025, 5 in Q2 2025, 1 in 2024; closed: 1 in Q2 2025.
    office = OfficeFactory(name="Pico-Union")
    for opened, closed in ((dt.date(2025, 2, 1), None), (dt.date(2025, 3, 31), None), (dt.date(2024, 12, 1), None),
                           *[(dt.date(2025, 4, d), None) for d in (1, 2, 3, 4)],
                           (dt.date(2025, 6, 30), dt.date(2025, 6, 30))):
        case = make_case(office=office)
        Case.objects.filter(pk=case.pk).update(opened_at=at(opened), closed_at=at(closed) if closed else None)
    return {"development": development, "grant": grant}


def test_grant_deliverables_against_targets_in_the_period_and_since_the_grant_began(grant_story):
    data = _json("grant_deliverables", "--from", "2025-04-01", "--to", "2025-06-30")
    table = data["tables"][0]
    rows = {r["label"]: r["values"] for r in table["rows"]}
    assert rows == {
        "Fundación Esperanza · Defensa 2025: Casos de defensa (Legal cases opened)":
            {"target": 10, "period": 5, "to_date": 7},
        "Fundación Esperanza · Defensa 2025: Casos cerrados (Legal cases closed)":
            {"target": 4, "period": 1, "to_date": 1},
    }
    assert table["totals"] is None  # different things are not added up
    outside = _json("grant_deliverables", "--from", "2025-04-01", "--to", "2025-06-30", "--outside")
    values = [r["values"] for r in outside["tables"][0]["rows"]]
    # The small counts are hidden, and the others in their columns with them; targets never.
    assert values == [{"target": 10, "period": "<5", "to_date": "<5"}, {"target": 4, "period": "<5", "to_date": "<5"}]


def test_grant_deliverables_are_for_those_who_see_the_giving_records(grant_story, make_user):
    development = sign_in(Client(), grant_story["development"])
    assert development.get("/reports/grant_deliverables/").status_code == 200
    attorney = sign_in(Client(), make_user(Role.ATTORNEY))
    assert "grant_deliverables" not in attorney.get("/reports/").content.decode()
    assert attorney.get("/reports/grant_deliverables/").status_code == 404
    assert attorney.get("/reports/grant_deliverables/", {"start": "2025-01-01", "end": "2025-12-31",
                                                         "format": "csv"}).status_code == 404
    assert attorney.post("/reports/grant_deliverables/prepare/", {"start": "2025-01-01", "end": "2025-12-31",
                                                                  "format": "csv"}).status_code == 404


def test_the_time_report_counts_volunteer_hours_in_tables_of_their_own(admin_user):
    data = _json("time", "--from", "2025-01-01", "--to", "2025-03-31")
    assert data["tables"][0]["rows"] == []
    assert [t["key"] for t in data["tables"][1:]] == ["volunteers_program", "volunteers_activity"]
    from amparo.reports import base

    assert "Volunteer hours: the hours volunteers gave" in str(base.get("time").definition)
