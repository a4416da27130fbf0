"""Whom the programs served, as the reports count it: once per person across programs."""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from amparo.accounts.roles import Role
from amparo.programs import services
from amparo.programs.models import Appointment

from . import factories as pf

pytestmark = pytest.mark.django_db


def test_health_housing_and_basic_needs_count_each_person_once(make_user):
    clinician = pf.clinician()
    worker = make_user(Role.HOUSING)
    rosa, ana, luis = pf.person(given_names="Rosa"), pf.person(given_names="Ana"), pf.person(given_names="Luis")
    seen = services.book(person=rosa, provider=clinician, service=pf.service(), starts_at=pf.at(9),
                         ends_at=pf.at(10), by=clinician)
    services.set_status(appointment=seen, status=Appointment.Status.SEEN, by=clinician, at=pf.at(10))
    services.book(person=luis, provider=clinician, service=pf.service(), starts_at=pf.at(11), ends_at=pf.at(12),
                  by=clinician)  # booked, never came: not served
    services.admit(person=rosa, bed=pf.bed("A"), entry_date=dt.date(2026, 2, 20), by=worker)
    services.give_assistance(kind="food", amount=Decimal("25.00"), fund="Emergencias", approved_by=worker,
                             given_on=pf.DAY, by=worker, person=ana)
    out = StringIO()
    call_command("report", "unduplicated", "--from", "2026-03-01", "--to", "2026-03-31", stdout=out)
    tables = {t["key"]: {r["key"]: r["values"] for r in t["rows"]} for t in json.loads(out.getvalue())["tables"]}
    assert tables["all"]["all"] == {"people": 2, "new": 1, "returning": 1}  # Rosa (in since February), Ana
    assert tables["programs"]["health"]["people"] == 1 and tables["programs"]["housing"]["people"] == 1
    assert tables["programs"]["basic_needs"] == {"people": 1, "new": 1, "returning": 0}
