"""The API refuses bad paging and filters with 422 (never 500), requires the version of a
change, judges a request by its token alone, and publishes a schema that says so."""

import pytest
from django.test import Client

from amparo.accounts.roles import Role
from amparo.accounts.services import create_api_token, revoke_api_token
from amparo.accounts.tests.factories import OfficeFactory
from amparo.core.testing import sign_in
from amparo.legal.tests.factories import make_case

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/people", "/api/v1/cases", "/api/v1/archive/sources", "/api/v1/archive/events"]
BAD_NUMBERS = ["-1", "99999999999999999999", "³", "1e3", "abc"]


def _api(user):
    _, token = create_api_token(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def attorney(make_user):
    return make_user(Role.ATTORNEY, offices=[OfficeFactory()])


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_a_bad_offset_is_answered_422_with_the_field_named(attorney, url, value):
    response = _api(attorney).get(url, {"offset": value})
    assert response.status_code == 422, response.content
    body = response.json()
    assert list(body["errors"]) == ["offset"] and body["errors"]["offset"][0]
    assert "offset" in body["detail"]


@pytest.mark.parametrize("url", ["/api/v1/archive/sources", "/api/v1/archive/events"])
@pytest.mark.parametrize("value", ["0", "-5", "501", "99999999999999999999", "³"])
def test_a_page_size_out_of_bounds_is_answered_422(attorney, url, value):
    response = _api(attorney).get(url, {"limit": value})
    assert response.status_code == 422 and "limit" in response.json()["errors"]


def test_good_paging_still_pages(attorney):
    api = _api(attorney)
    assert api.get("/api/v1/archive/sources", {"offset": 0, "limit": 500}).status_code == 200
    assert api.get("/api/v1/cases", {"offset": 1_000_000}).json() == []


@pytest.mark.parametrize("field", ["office", "staff"])
def test_a_number_no_record_can_have_is_answered_422(attorney, field):
    response = _api(attorney).get("/api/v1/cases", {field: "99999999999999999999"})
    assert response.status_code == 422 and field in response.json()["errors"]


@pytest.mark.parametrize("value", ["999999999", "³", "-3", "30days", "10000"])
def test_a_bad_deadline_window_is_answered_422(attorney, value):
    response = _api(attorney).get("/api/v1/cases", {"window": value})
    assert response.status_code == 422 and "window" in response.json()["errors"]


def test_a_deadline_window_in_days_or_overdue_filters(attorney):
    case = make_case(responsible=attorney, by=attorney)
    api = _api(attorney)
    for window in ("overdue", "30", "3660", ""):
        response = api.get("/api/v1/cases", {"window": window})
        assert response.status_code == 200
    assert [c["id"] for c in api.get("/api/v1/cases", {"window": ""}).json()] == [case.pk]


def test_the_audit_trail_refuses_a_page_past_any_end(make_user):
    api = _api(make_user(Role.ADMINISTRATOR))
    assert api.get("/api/v1/audit", {"page": "99999999999999999999"}).status_code == 422
    assert api.get("/api/v1/audit", {"page": "³"}).status_code == 422
    actor = api.get("/api/v1/audit", {"actor": "99999999999999999999"})
    assert actor.status_code == 422 and "actor" in actor.json()["errors"]
    past_the_end = api.get("/api/v1/audit", {"page": "100000"})
    assert past_the_end.status_code == 200 and past_the_end.json()["items"] == []


def test_changing_a_case_needs_its_version(attorney):
    case = make_case(responsible=attorney, by=attorney)
    api = _api(attorney)
    url = f"/api/v1/cases/{case.pk}"
    missing = api.patch(url, {"judge": "Hon. Ruiz"}, content_type="application/json")
    assert missing.status_code == 428 and "version" in missing.json()["detail"]
    case.refresh_from_db()
    assert case.judge == "" and case.version == 1
    saved = api.patch(url, {"judge": "Hon. Ruiz", "version": 1}, content_type="application/json")
    assert saved.status_code == 200 and saved.json()["version"] == 2
    stale = api.patch(url, {"judge": "Hon. Soto", "version": 1}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["errors"] == {}
    etag = api.get(url)["ETag"]
    assert etag == '"2"' and saved["ETag"] == etag
    by_header = api.patch(url, {"judge": "Hon. Soto"}, content_type="application/json", headers={"If-Match": etag})
    assert by_header.status_code == 200
    case.refresh_from_db()
    assert case.judge == "Hon. Soto" and case.version == 3


def test_a_case_field_that_cannot_be_empty_is_answered_422(attorney):
    case = make_case(responsible=attorney, by=attorney)
    response = _api(attorney).patch(f"/api/v1/cases/{case.pk}", {"kind": None, "minor": None, "version": 1},
                                    content_type="application/json")
    assert response.status_code == 422 and set(response.json()["errors"]) == {"kind", "minor"}


def test_a_revoked_token_is_answered_401_on_every_method_even_with_a_session(make_user):
    user = make_user(Role.INTAKE)
    token, raw = create_api_token(user=user, name="kiosk")
    revoke_api_token(token=token, by=user)
    header = {"Authorization": f"Bearer {raw}"}
    for client in (Client(enforce_csrf_checks=True), sign_in(Client(enforce_csrf_checks=True), user)):
        for method, url in (("get", "/api/v1/me"), ("delete", f"/api/v1/tokens/{token.pk}"),
                            ("patch", "/api/v1/cases/1"), ("post", "/api/v1/people")):
            response = getattr(client, method)(url, headers=header)
            assert response.status_code == 401, (method, response.content)
            assert "CSRF" not in response.json()["detail"]
            assert response["WWW-Authenticate"].startswith("Bearer")
    garbled = Client(enforce_csrf_checks=True).delete(f"/api/v1/tokens/{token.pk}", headers={"Authorization": "x"})
    assert garbled.status_code == 401


def test_a_browser_session_still_needs_csrf_for_a_change(make_user):
    user = make_user(Role.INTAKE)
    token, _raw = create_api_token(user=user, name="kiosk")
    client = sign_in(Client(enforce_csrf_checks=True), user)
    assert client.get("/api/v1/me").status_code == 200
    assert client.delete(f"/api/v1/tokens/{token.pk}").status_code == 403


def test_the_schema_lists_enums_and_every_error_answer():
    schema = Client().get("/api/v1/openapi.json").json()
    components = schema["components"]["schemas"]
    case = components["CaseOut"]["properties"]
    assert "asylum_affirmative" in case["kind"]["enum"] and "master" in case["status"]["enum"]
    assert "succeeded" in components["TaskOut"]["properties"]["status"]["enum"]
    assert components["ErrorOut"]["required"] == ["detail", "errors"]
    patch = schema["paths"]["/api/v1/cases/{case_id}"]["patch"]["responses"]
    assert {"401", "403", "404", "409", "422", "428"} <= set(patch)
    assert patch["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert "401" in operation["responses"], (method, path)
    offset = next(p for p in schema["paths"]["/api/v1/cases"]["get"]["parameters"] if p["name"] == "offset")
    assert offset["schema"]["minimum"] == 0 and offset["schema"]["maximum"] == 1_000_000
