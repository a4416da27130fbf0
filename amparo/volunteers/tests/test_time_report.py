"""The reports' time report counts approved volunteer hours by program and by activity, with their
value at the center's rate of each day, within the report's office; the same numbers in every format."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import OfficeFactory
from amparo.core.testing import sign_in
from amparo.volunteers import services
from amparo.volunteers.models import Rate

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    by, boss = f.coordinator(), f.coordinator()
    pico, van_nuys = OfficeFactory(name="Pico-Union"), OfficeFactory(name="Van Nuys")
    rosa = f.volunteer(by, "Rosa", office=pico)
    marcos = f.volunteer(by, "Marcos", office=van_nuys)
    Rate.objects.create(effective_from=dt.date(2026, 1, 1), hourly=Decimal("30.00"))
    Rate.objects.create(effective_from=dt.date(2026, 2, 15), hourly=Decimal("32.00"))
    entries = [  # who, day, hours, activity, program, approved
        (rosa, dt.date(2026, 1, 10), "3", "interpreting", "legal", True),
        (rosa, dt.date(2026, 2, 20), "2.5", "interpreting", "legal", True),
        (marcos, dt.date(2026, 2, 21), "6", "driving", "general", True),
        (marcos, dt.date(2026, 3, 1), "4", "registration", "drives", False),  # waits: not counted
        (rosa, dt.date(2026, 4, 2), "5", "interpreting", "legal", True),  # after the quarter
    ]
    for who, day, hours, activity, program, approve in entries:
        entry = services.log_hours(volunteer=who, by=by, date=day, hours=hours, activity=activity,
                                   program=program, today=dt.date(2026, 4, 30))
        if approve:
            services.decide(entry=entry, by=boss, approve=True)
    return {"pico": pico}


def _report(*extra):
    out = StringIO()
    call_command("report", "time", "--from", "2026-01-01", "--to", "2026-03-31", *extra, stdout=out)
    return {t["key"]: t for t in json.loads(out.getvalue())["tables"]}


def test_volunteer_hours_and_their_value_by_program_and_activity(story):
    tables = _report()
    programs = tables["volunteers_program"]
    assert {r["key"]: r["values"] for r in programs["rows"]} == {
        "legal": {"hours": 5.5, "value": 170.0},  # 3 h at $30 + 2.5 h at $32
        "general": {"hours": 6.0, "value": 192.0},
    }
    assert programs["totals"] == {"hours": 11.5, "value": 362.0}
    activities = {r["key"]: r["values"] for r in tables["volunteers_activity"]["rows"]}
    assert activities == {"interpreting": {"hours": 5.5, "value": 170.0}, "driving": {"hours": 6.0, "value": 192.0}}
    assert tables["time"]["rows"] == []  # the staff's table is still first and separate


def test_the_office_filter_keeps_the_hours_of_that_office(story):
    tables = _report("--office", str(story["pico"].pk))
    assert tables["volunteers_program"]["totals"] == {"hours": 5.5, "value": 170.0}


def test_the_same_numbers_on_the_page_and_in_spanish(story, make_user):
    director = sign_in(Client(), make_user(Role.DIRECTOR, language="es"))
    page = director.get("/reports/time/", {"start": "2026-01-01", "end": "2026-03-31"}).content.decode()
    assert "Horas de voluntariado y su valor por programa" in page
    assert "362" in page and ("11.5" in page or "11,5" in page)
    assert "no es una cifra oficial" in page
    csv = director.get("/reports/time/", {"start": "2026-01-01", "end": "2026-03-31", "format": "csv"})
    text = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    assert "Servicios legales" in text or "Legal services" in text
    assert "362" in text


def test_the_definition_says_what_is_counted():
    from amparo.reports import base

    definition = str(base.get("time").definition)
    assert "once a coordinator approved them" in definition and "not an official figure" in definition
