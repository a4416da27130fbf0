"""Another client cannot reach the first client's anything: every portal address, opened with the
first client's ids by a second signed-in client, answers 404; signed out, it sends to the portal's
sign-in; and a portal session is no credential for the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from amparo.classes import services as classes
from amparo.documents import seed
from amparo.documents import services as documents
from amparo.outreach import services as outreach
from amparo.portal import services

from .factories import class_section, make_client, photo, portal_client, receipted_gift, upcoming_event

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
    receipt = receipted_gift(first_case.opened_by, first)
    event = upcoming_event(first_case.opened_by, title="Charla de Rosa")
    ticket = outreach.register(event=event, given_names="Rosa", email="rosa@example.org")
    today = timezone.localdate()
    section = class_section(first_case.opened_by, course="Clase de Rosa", first=today,
                            last=today + dt.timedelta(days=30))
    classes.enrol(section=section, person=first, by=first_case.opened_by)
    ids = {"request_id": wanted.pk, "case_id": first_case.pk, "document_id": letter.pk, "receipt_id": receipt.pk,
           "ticket_code": ticket.code, "receipt_code": receipt.code}
    return first, second, ids


def test_every_portal_address_with_another_clients_ids_answers_404(two_clients):
    first, second, ids = two_clients
    intruder = portal_client(second)
    with_ids = [p for p in portal_patterns() if p.pattern.converters]
    assert {p.name for p in with_ids} == {"send", "messages", "letter", "receipt"}  # a new address: add it here
    for pattern in with_ids:
        url = reverse(f"portal:{pattern.name}", kwargs={k: ids[k] for k in pattern.pattern.converters})
        assert intruder.get(url).status_code == 404, url
        response = intruder.post(url, {"body": "hola", "photos": photo()})
        assert response.status_code == 404, url
    home = intruder.get("/portal/").content.decode()
    assert "Pasaporte de Rosa" not in home and "Mensaje privado" not in home
    # Lists without ids: the second client's own lists show nothing of the first's.
    without_ids = {p.name for p in portal_patterns() if not p.pattern.converters}
    assert without_ids == {"home", "sign_in", "code", "activities", "receipts", "sign_out", "exit", "language"}
    for url in ("/portal/", "/portal/calendar/", "/portal/receipts/"):
        page = intruder.get(url).content.decode()
        for secret in (ids["ticket_code"], ids["receipt_code"], "Charla de Rosa", "Clase de Rosa", "<svg"):
            assert secret not in page, (url, secret)
    owner = portal_client(first)
    owner_pages = "".join(owner.get(u).content.decode() for u in ("/portal/calendar/", "/portal/receipts/"))
    assert all(s in owner_pages for s in (ids["ticket_code"], ids["receipt_code"], "Charla de Rosa", "Clase de Rosa"))
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
                    f"/api/v1/people/{first.pk}", "/api/v1/events", "/api/v1/classes/sections", "/api/v1/donors",
                    f"/api/v1/receipts/{ids['receipt_code']}"):
            assert browser.get(url).status_code == 401, url
        # Nor for the staff pages.
        for url in (f"/cases/{ids['case_id']}/", f"/giving/receipts/{ids['receipt_code']}/pdf/", "/classes/"):
            response = browser.get(url)
            assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")), url
