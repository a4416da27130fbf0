"""LSC problem codes: reference data set on every case, readable and writable through the API."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import translation

from amparo.accounts.roles import Role
from amparo.accounts.services import create_api_token
from amparo.accounts.tests.factories import OfficeFactory
from amparo.core.models import AuditEntry
from amparo.core.testing import sign_in
from amparo.legal import lsc
from amparo.legal.models import ProblemCode
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
    return Client(headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"})


def test_the_codes_are_loaded_grouped_by_tens_and_labelled_in_both_languages():
    codes = dict(ProblemCode.objects.values_list("code", "label_en"))
    assert codes["81"] == "Immigration/naturalization" and codes["37"] == "Domestic abuse"
    assert len(codes) == len(lsc.CODES) and all(len(code) == 2 and code.isdigit() for code in codes)
    with translation.override("es"):
        assert str(ProblemCode.objects.get(code="81")) == "81 — Inmigración y naturalización"


def test_a_new_case_is_immigration_unless_staff_say_otherwise_and_the_api_reads_and_writes_it(attorney, office):
    api = _api(attorney)
    person = PersonFactory(birth_date=dt.date(1988, 2, 2))
    created = api.post("/api/v1/cases", {"client_id": person.pk, "kind": "removal_defense", "office_id": office.pk},
                       content_type="application/json").json()
    assert created["problem_code"] == "81" and created["closing_code"] is None
    changed = api.patch(f"/api/v1/cases/{created['id']}", {"problem_code": "86", "version": created["version"]},
                        content_type="application/json")
    assert changed.status_code == 200 and changed.json()["problem_code"] == "86"
    entry = AuditEntry.objects.filter(action="case.update").latest("pk")
    assert entry.changes["problem_code_id"] == ["81", "86"]
    explicit = api.post("/api/v1/cases", {"client_id": person.pk, "kind": "vawa", "office_id": office.pk,
                                          "problem_code": "37"}, content_type="application/json").json()
    assert explicit["problem_code"] == "37"


def test_an_unknown_or_emptied_code_is_refused_with_the_field_named(attorney, office):
    api = _api(attorney)
    case = make_case(kind="removal_defense", office=office, responsible=attorney, by=attorney)
    unknown = api.patch(f"/api/v1/cases/{case.pk}", {"problem_code": "83", "version": case.version},
                        content_type="application/json")
    assert unknown.status_code == 422
    assert "not an LSC problem code" in unknown.json()["errors"]["problem_code"][0]
    emptied = api.patch(f"/api/v1/cases/{case.pk}", {"problem_code": None, "version": case.version},
                        content_type="application/json")
    assert emptied.status_code == 422 and "problem_code" in emptied.json()["errors"]
    case.refresh_from_db()
    assert case.problem_code_id == "81"


def test_staff_set_the_code_on_the_case_page_and_see_it_in_the_summary(attorney, office):
    case = make_case(kind="removal_defense", office=office, responsible=attorney, by=attorney)
    client = sign_in(Client(), attorney)
    form = {"kind": "removal_defense", "office": office.pk, "responsible": attorney.pk, "status": case.status,
            "version": case.version, "problem_code": "63"}
    assert client.post(f"/cases/{case.pk}/edit/", form).status_code == 302
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "63 — Private landlord/tenant" in page
