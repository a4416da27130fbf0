"""The unduplicated and demographic counts made in the database (every program's
``ServedSource.queryset``) agree with the known answers and with the counts made in Python."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from amparo.accounts.roles import Role
from amparo.programs import services as program_services
from amparo.reports import base
from amparo.reports.catalogue import demographics, unduplicated

from .test_known_answers import _command, center  # noqa: F401 - the known-answers center

pytestmark = pytest.mark.django_db


@pytest.fixture
def more(center, make_user):  # noqa: F811
    """P4, last served at Pico-Union in 2024, comes back to Van Nuys in 2025 (returning, whatever
    the office); P7 gets food from basic needs, a program without an office."""
    from amparo.legal.models import Case
    from amparo.legal.tests.factories import make_case

    from .test_known_answers import at

    people = center["people"]
    back = make_case(kind="tps_initial", client=people["P4"], office=center["nuys"], by=center["attorney"])
    Case.objects.filter(pk=back.pk).update(opened_at=at("2025-04-01"))
    worker = make_user(Role.HOUSING)
    program_services.give_assistance(kind="food", amount=Decimal("25.00"), fund="Emergencias", approved_by=worker,
                                     given_on=dt.date(2025, 3, 3), by=worker, person=people["P7"])
    return center


def _tables(*args: str) -> dict:
    data = json.loads(_command(*args))
    return {t["key"]: {r["key"]: r["values"] for r in t["rows"]} for t in data["tables"]}


def test_counted_in_the_database_the_known_answers_hold(more):
    tables = _tables("unduplicated", "--from", "2025-01-01", "--to", "2025-12-31")
    assert tables["all"]["all"] == {"people": 6, "new": 4, "returning": 2}  # P1, P4 returning; P2, P3, P5, P7 new
    assert tables["programs"]["legal"] == {"people": 5, "new": 3, "returning": 2}
    assert tables["programs"]["basic_needs"] == {"people": 1, "new": 1, "returning": 0}
    assert tables["programs"]["classes"] == {"people": 0, "new": 0, "returning": 0}
    assert tables["offices"][str(more["pico"].pk)] == {"people": 3, "new": 2, "returning": 1}
    assert tables["offices"][str(more["nuys"].pk)] == {"people": 2, "new": 1, "returning": 1}  # P3; P4 back
    assert tables["offices"]["none"] == {"people": 1, "new": 1, "returning": 0}
    ages = _tables("demographics", "--from", "2025-01-01", "--to", "2025-12-31")["age"]
    assert ages["45-54"] == {"people": 6}
    nuys = _tables("unduplicated", "--from", "2025-01-01", "--to", "2025-12-31", "--office", str(more["nuys"].pk))
    assert nuys["all"]["all"] == {"people": 2, "new": 1, "returning": 1}  # P4 first came in 2024, to Pico-Union


@pytest.mark.parametrize("office", [None, "pico", "nuys"])
@pytest.mark.parametrize("period", [("2025-01-01", "2025-12-31"), ("2024-01-01", "2026-06-30"),
                                    ("2025-03-01", "2025-03-31")])
def test_the_database_and_python_give_the_same_counts(more, monkeypatch, office, period):
    start, end = (dt.date.fromisoformat(d) for d in period)
    params = base.Params(start=start, end=end, office_id=more[office].pk if office else None)

    for key, module in (("unduplicated", unduplicated), ("demographics", demographics)):
        report = base.get(key)
        in_db = [_plain(t) for t in report.compute(params)]
        with monkeypatch.context() as patch:
            patch.setattr(module, "in_database", lambda sources: False)
            in_python = [_plain(t) for t in report.compute(params)]
        assert in_db == in_python, key
        assert any(row[2] for table in in_db for row in table[1]) or office == "nuys"


def _plain(table) -> tuple:
    return table.key, [(r.key, str(r.label), dict(r.cells)) for r in table.rows], table.totals
