"""Another client cannot reach the first client's anything: every portal address, opened with the
first client's ids by a second signed-in client, answers 404; signed out, it sends to the portal's
sign-in; and a portal session is no credential for the API."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse

from amparo.documents import seed
from amparo.documents import services as documents
from amparo.portal import services

from .factories import make_client, photo, portal_client

pytestmark = pytest.mark.django_db


def portal_patterns() -> list[URLPattern]:
    resolver = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "portal")
    return [p for p in resolver.url_patterns if not p.name.startswith("staff_")]


@pytest.fixture
def two_clients():
    seed.ensure()
    first, first_case = make_client(email="rosa@example.org")
    second, second_case = make_client(email="ana@example.org")
    wanted = services.request_document(case=first_case, by=first_case.opened_by, label_es="Pasaporte de Rosa")
    letter = documents.generate_letter(by=first_case.opened_by, case=first_case, kind="document_request")
    services.staff_message(case=first_case, by=first_case.opened_by, body="Mensaje privado para Rosa")
    ids = {"request_id": wanted.pk, "case_id": first_case.pk, "document_id": letter.pk}
    return first, second, ids


def test_every_portal_address_with_another_clients_ids_answers_404(two_clients):
    first, second, ids = two_clients
    intruder = portal_client(second)
    with_ids = [p for p in portal_patterns() if p.pattern.converters]
    assert {p.name for p in with_ids} == {"send", "messages", "letter"}  # a new address must be added here
    for pattern in with_ids:
        url = reverse(f"portal:{pattern.name}", kwargs={k: ids[k] for k in pattern.pattern.converters})
        assert intruder.get(url).status_code == 404, url
        response = intruder.post(url, {"body": "hola", "photos": photo()})
        assert response.status_code == 404, url
    home = intruder.get("/portal/").content.decode()
    assert "Pasaporte de Rosa" not in home and "Mensaje privado" not in home
    # The owner reaches each of them.
    owner = portal_client(first)
    for pattern in with_ids:
        url = reverse(f"portal:{pattern.name}", kwargs={k: ids[k] for k in pattern.pattern.converters})
        assert owner.get(url).status_code == 200, url


def test_signed_out_every_portal_page_sends_to_the_portal_sign_in(two_clients):
    _first, _second, ids = two_clients
    browser = Client()
    for pattern in portal_patterns():
        kwargs = {k: ids[k] for k in pattern.pattern.converters}
        url = reverse(f"portal:{pattern.name}", kwargs=kwargs)
        response = browser.get(url)
        if pattern.name in ("sign_in",):
            assert response.status_code == 200
        elif pattern.name == "exit":
            assert response.status_code == 302 and "google" in response["Location"]
        elif pattern.name == "sign_out":
            assert response.status_code == 405
        else:
            assert response.status_code == 302, url
            assert response["Location"] in ("/portal/sign-in/", "/portal/"), url


def test_a_portal_session_is_no_credential_for_the_api(two_clients):
    first, second, ids = two_clients
    for person in (first, second):
        browser = portal_client(person)
        for url in (f"/api/v1/cases/{ids['case_id']}", f"/api/v1/documents/{ids['document_id']}", "/api/v1/cases",
                    f"/api/v1/people/{first.pk}"):
            assert browser.get(url).status_code == 401, url
        # Nor for the staff pages.
        response = browser.get(f"/cases/{ids['case_id']}/")
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
