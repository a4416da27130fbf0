"""A long period prepared in the background with progress, reused until the data change; the
director's waiting lists and money raised."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from amparo.accounts import roles
from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import OfficeFactory
from amparo.classes import services as classes
from amparo.classes.tests.factories import person as someone
from amparo.core.models import TaskProgress
from amparo.core.testing import sign_in
from amparo.giving.models import Campaign, Method
from amparo.giving.services import correct_donation
from amparo.giving.tests.factories import gift
from amparo.legal.models import Case, ClosingCode
from amparo.legal.services import close_case
from amparo.legal.tests.factories import make_case
from amparo.outreach import services as outreach
from amparo.programs import services as programs
from amparo.reports import base
from amparo.reports.base import Params
from amparo.reports.dashboard import figures, money

pytestmark = pytest.mark.django_db
LONG = {"start": "2015-01-01", "end": "2025-12-31"}  # eleven years: more than a page computes while it waits


def at(day: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(12)))


@pytest.fixture
def cases(make_user):
    office = OfficeFactory(name="Pico-Union")
    attorney = make_user(Role.ATTORNEY, offices=[office])
    for opened, closed, code in (("2016-03-01", "2017-05-05", "A"), ("2019-01-10", "2020-02-02", "B"),
                                 ("2024-06-01", "2025-06-01", "A"), ("2025-02-02", None, None)):
        case = make_case(office=office, responsible=attorney, by=attorney)
        if closed:
            close_case(case=case, by=attorney, outcome="granted", closing_code=ClosingCode.objects.get(code=code))
        Case.objects.filter(pk=case.pk).update(opened_at=at(opened), closed_at=at(closed) if closed else None)
    return {"attorney": attorney, "director": make_user(Role.DIRECTOR)}


def test_a_long_period_is_prepared_in_the_background_with_progress_and_downloaded(
        cases, django_capture_on_commit_callbacks):
    client = sign_in(Client(), cases["director"])
    page = client.get("/reports/lsc_csr/", LONG).content.decode()
    assert 'id="too-long"' in page and 'id="table-lsc_csr"' not in page  # not counted while the page waits
    assert 'action="/reports/lsc_csr/prepare/"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/reports/lsc_csr/prepare/", {**LONG, "format": "xlsx"})
    progress = TaskProgress.objects.get(kind="reports.lsc_csr")
    assert response.status_code == 302 and response["Location"] == f"/tasks/{progress.pk}/"
    # Two parts (the closed cases, the open ones) and the file: each shown as it was done.
    assert (progress.status, progress.done, progress.total) == ("succeeded", 3, 3)
    task_page = client.get(response["Location"]).content.decode()
    assert "LSC Case Service Report" in task_page and "Download the result" in task_page

    download = client.get(f"/tasks/{progress.pk}/download/")
    assert download["Content-Disposition"].endswith('filename="lsc_csr-20150101-20251231.xlsx"')
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).worksheets[0]
    total = next(r for r in sheet.iter_rows(values_only=True) if r and r[0] == "Total")
    out = io.StringIO()
    call_command("report", "lsc_csr", "--from", LONG["start"], "--to", LONG["end"], stdout=out)
    expected = json.loads(out.getvalue())["tables"][0]["totals"]
    assert list(total[1:]) == list(expected.values()) and expected["closed"] == 3 and expected["open"] == 1

    # The numbers are now at hand: the page shows them, and lists the file prepared.
    page = client.get("/reports/lsc_csr/", LONG).content.decode()
    assert 'id="table-lsc_csr"' in page and 'id="too-long"' not in page
    assert f'href="/tasks/{progress.pk}/"' in page
    # Nobody else sees the file.
    other = sign_in(Client(), cases["attorney"])
    assert other.get(f"/tasks/{progress.pk}/").status_code == 404
    assert other.get(f"/tasks/{progress.pk}/download/").status_code == 404


def test_the_same_file_asked_again_is_reused_until_the_data_change(cases, django_capture_on_commit_callbacks):
    client = sign_in(Client(), cases["director"])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/reports/lsc_csr/prepare/", {**LONG, "format": "csv"})
        again = client.post("/reports/lsc_csr/prepare/", {**LONG, "format": "csv"})
        other_format = client.post("/reports/lsc_csr/prepare/", {**LONG, "format": "pdf"})
    assert first["Location"] == again["Location"] != other_format["Location"]
    assert TaskProgress.objects.filter(kind="reports.lsc_csr").count() == 2
    case = Case.objects.filter(closed_at__isnull=True).first()
    close_case(case=case, by=cases["attorney"], outcome="granted", closing_code=ClosingCode.objects.get(code="B"))
    with django_capture_on_commit_callbacks(execute=True):
        changed = client.post("/reports/lsc_csr/prepare/", {**LONG, "format": "csv"})
    assert changed["Location"] != first["Location"]
    assert TaskProgress.objects.filter(kind="reports.lsc_csr").count() == 3


def test_a_report_tells_its_progress_part_by_part():
    done: list[int] = []
    report = base.get("unduplicated")
    params = Params(start=dt.date(2025, 1, 1), end=dt.date(2025, 3, 31))
    with base.progress(done.append):
        report.compute(params)
    assert len(done) == report.steps(params) >= 5  # one step per program that served people


def test_a_bad_request_to_prepare_is_a_clear_message(cases):
    client = sign_in(Client(), cases["director"])
    response = client.post("/reports/lsc_csr/prepare/", {"start": "2025-12-31", "end": "2025-01-01",
                                                         "format": "xlsx"})
    assert response.status_code == 400 and "The end comes before the start" in response.content.decode()
    assert not TaskProgress.objects.exists()


@pytest.fixture
def lists(admin_user):
    today = dt.date(2026, 12, 3)
    course = classes.create_course(by=admin_user, fields={"name": "Inglés 1", "kind": "esl"})
    term = classes.create_term(by=admin_user, name="Invierno 2027", starts_on=dt.date(2027, 1, 11),
                               ends_on=dt.date(2027, 3, 26))
    section = classes.create_section(by=admin_user, course=course, term=term, name="A", capacity=1)
    for name in ("Ana", "Berta", "Carla"):  # one seat: two wait
        classes.enrol(section=section, person=someone(name, "Espera"), by=admin_user)
    old_term = classes.create_term(by=admin_user, name="Otoño 2025", starts_on=dt.date(2025, 9, 1),
                                   ends_on=dt.date(2025, 11, 28))
    old = classes.create_section(by=admin_user, course=course, term=old_term, name="B", capacity=0)
    classes.enrol(section=old, person=someone("Dora", "Pasada"), by=admin_user)  # a list of a term long over
    for name in ("Elsa", "Fina", "Gema"):
        programs.add_to_waitlist(person=someone(name, "Casa"), by=admin_user, added_on=dt.date(2026, 11, 1))
    event = outreach.create_event(by=admin_user, title="Charla de TPS", capacity=1,
                                  starts_at=at("2026-12-10"), ends_at=at("2026-12-10") + dt.timedelta(hours=2))
    for name in ("Hugo", "Iris"):
        outreach.register(event=event, given_names=name, phone="555-0100", notify=False)
    # Money: December 2026 so far, against 1-3 December 2025; this year against 1 Jan-3 Dec 2025.
    gift(amount="100.00", on=dt.date(2026, 12, 1))
    refunded = gift(amount="50.00", on=dt.date(2026, 12, 2))
    correct_donation(by=admin_user, original=refunded, entry="refund", on=dt.date(2026, 12, 3), reason="Pidió")
    gift(amount="900.00", on=dt.date(2026, 12, 2), method=Method.IN_KIND, in_kind_description="Ropa")
    gift(amount="70.00", on=dt.date(2025, 12, 3))
    gift(amount="1000.00", on=dt.date(2025, 12, 4))  # after the same days
    gift(amount="500.00", on=dt.date(2026, 2, 1))
    Campaign.objects.create(name="Llamado de invierno", goal=Decimal("1000.00"), starts=dt.date(2026, 11, 1))
    return today


def test_the_director_sees_the_waiting_lists_and_the_money_raised(lists):
    data = figures(lists)
    assert data["waiting"] == [("classes", 2, 1), ("housing", 3, 0), ("events", 1, 1)]
    raised = money(lists)
    assert raised["lines"] == [("month", Decimal("100.00"), Decimal("70.00")),
                               ("year", Decimal("600.00"), Decimal("70.00"))]
    assert raised["campaigns"] == [("Llamado de invierno", Decimal("1000.00"), Decimal("0.00"), 0)]


def test_the_money_is_shown_only_to_those_who_see_the_giving_records(lists, make_user, monkeypatch):
    director = sign_in(Client(), make_user(Role.DIRECTOR, language="es"))
    page = director.get("/").content.decode()
    assert "Listas de espera" in page and "Dinero recaudado" in page
    assert "Ana Espera" not in page and "Hugo" not in page  # counts, never names
    # Were the giving records closed to administrators, their panel would keep the rest.
    monkeypatch.setitem(roles.CAPABILITIES, "giving.view", roles.CAPABILITIES["giving.view"] - {Role.ADMINISTRATOR})
    page = sign_in(Client(), make_user(Role.ADMINISTRATOR)).get("/").content.decode()
    assert "The center this month" in page and "Waiting lists" in page and "Money raised" not in page
