import datetime as dt

import pytest
from django.test import Client

from amparo.accounts.roles import Role
from amparo.accounts.services import create_api_token
from amparo.accounts.tests.factories import OfficeFactory
from amparo.core.models import AuditEntry
from amparo.people.tests.factories import PersonFactory

from .factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return OfficeFactory(name="Oficina de Los Ángeles")


@pytest.fixture
def attorney(make_user, office):
    return make_user(Role.ATTORNEY, offices=[office])


def _api(user):
    _, token = create_api_token(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_create_update_record_and_read_deadlines(attorney, office):
    api = _api(attorney)
    person = PersonFactory(birth_date=dt.date(1988, 2, 2))
    created = api.post("/api/v1/cases", {"client_id": person.pk, "kind": "removal_defense", "office_id": office.pk,
                                         "responsible_id": attorney.pk}, content_type="application/json")
    assert created.status_code == 201, created.content
    case = created.json()
    assert case["forum"] == "immigration_court" and case["restricted"] is False
    patched = api.patch(f"/api/v1/cases/{case['id']}", {"judge": "Hon. Ruiz", "status": "master",
                                                         "version": case["version"]}, content_type="application/json")
    assert patched.status_code == 200 and patched.json()["judge"] == "Hon. Ruiz"
    stale = api.patch(f"/api/v1/cases/{case['id']}", {"judge": "x", "version": case["version"]},
                      content_type="application/json")
    assert stale.status_code == 409
    bad = api.patch(f"/api/v1/cases/{case['id']}", {"status": "requested", "version": patched.json()["version"]},
                    content_type="application/json")
    assert bad.status_code == 422 and "status" in bad.json()["errors"]
    event = api.post(f"/api/v1/cases/{case['id']}/events", {"kind": "ij_decision", "date": "2026-06-04"},
                     content_type="application/json")
    assert event.status_code == 201, event.content
    (deadline,) = event.json()["deadlines"]
    assert deadline["due"] == "2026-06-15" and deadline["verified"] is False and deadline["source"]
    listed = api.get(f"/api/v1/cases/{case['id']}/deadlines").json()
    assert [d["kind"] for d in listed] == ["bia_appeal"] and "10" in listed[0]["rule"]
    assert api.get("/api/v1/cases", {"window": "overdue"}).status_code == 200
    assert {"case.open", "case.update", "case.event"} <= set(AuditEntry.objects.values_list("action", flat=True))


def test_bad_input_answers_422(attorney, office):
    api = _api(attorney)
    case = make_case(office=office, responsible=attorney, by=attorney)
    response = api.post(f"/api/v1/cases/{case.pk}/events", {"kind": "rfe_received", "date": "2026-01-01"},
                        content_type="application/json")
    assert response.status_code == 422 and "days" in response.json()["detail"]


def test_hidden_cases_answer_404_everywhere(make_user, office):
    team = OfficeFactory(name="Equipo T")
    case = make_case(kind="t_visa", office=office, team=team)
    outsider = _api(make_user(Role.ATTORNEY, offices=[office]))
    for url in (f"/api/v1/cases/{case.pk}", f"/api/v1/cases/{case.pk}/deadlines"):
        assert outsider.get(url).status_code == 404
    assert outsider.post(f"/api/v1/cases/{case.pk}/events", {"kind": "approval", "date": "2026-01-01"},
                         content_type="application/json").status_code == 404
    assert outsider.patch(f"/api/v1/cases/{case.pk}", {"judge": "x"}, content_type="application/json"
                          ).status_code == 404


def test_intake_may_open_but_not_change(make_user, office):
    intake_user = make_user(Role.INTAKE, offices=[office])
    api = _api(intake_user)
    person = PersonFactory(birth_date=dt.date(1980, 1, 1))
    created = api.post("/api/v1/cases", {"client_id": person.pk, "kind": "consultation", "office_id": office.pk},
                       content_type="application/json")
    assert created.status_code == 201
    assert api.patch(f"/api/v1/cases/{created.json()['id']}", {"judge": "x"}, content_type="application/json"
                     ).status_code in (403, 404)
