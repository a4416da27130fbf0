"""Donors reach exactly the roles with giving.view, through every channel (list, detail, search,
export, API); and a donor who is also a confidential client shows development staff nothing of
the legal file: not the case, its kind, the person's page, nor the fact that she is a client."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client, TestCase

from amparo.accounts.roles import Role, has_capability
from amparo.accounts.services import create_api_token
from amparo.core.models import TaskProgress
from amparo.core.testing import Channels, assert_channels, sign_in
from amparo.giving import services
from amparo.giving.models import Method
from amparo.legal.tests.factories import make_case
from amparo.people.tests.factories import PersonFactory

from .factories import fund

pytestmark = pytest.mark.django_db
MARKER = "Zenobia Ixchel"  # the donor is "Zenobia Ixchel Marroquín"


def _export(client: Client) -> bytes:
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post("/giving/export/", {"what": "donations", "fmt": "csv"})
    if response.status_code != 302:
        return b""
    progress = TaskProgress.objects.filter(kind="giving.export").latest("created_at")
    download = client.get(f"/tasks/{progress.pk}/download/")
    return b"".join(download.streaming_content) if download.status_code == 200 else b""


def _channels(donor, donation, user) -> Channels:
    return Channels(
        list_url="/giving/", detail_url=f"/giving/donors/{donor.pk}/", search=("/search/", "Zenobia Marroquin"),
        export=_export if has_capability(user, "giving.export") else None,
        api_list_url="/api/v1/donations", api_detail_url=f"/api/v1/donors/{donor.pk}",
        extra={"list_search": "/giving/?q=zenobia", "donation": f"/giving/donations/{donation.pk}/"})


@pytest.mark.parametrize("role", list(Role))
def test_donors_reach_exactly_the_roles_with_giving(make_user, role):
    staff = make_user(Role.DEVELOPMENT)
    donor = services.create_donor(by=staff, name=f"{MARKER} Marroquín")
    donation = services.record_donation(by=staff, donor=donor, received_on=dt.date(2026, 2, 1), method=Method.CASH,
                                        amount="75.00", fund=fund())
    user = make_user(role)
    _token, raw = create_api_token(user=user, name="test")
    visible = has_capability(user, "giving.view")
    assert_channels(Client(), user, MARKER, visible=visible, channels=_channels(donor, donation, user), token=raw)


CASE_TRACES = ("asilo", "asylum", "Asylum", "Asilo", "/cases/", "/people/", "A-number", "Número A")


def test_a_donor_who_is_a_confidential_client_shows_no_trace_of_the_legal_file(make_user):
    client_person = PersonFactory(given_names="Xiomara", first_surname="Quintanilla", birth_date=dt.date(1985, 3, 1),
                                  notes="Declaración: huyó de amenazas")
    case = make_case(kind="asylum_defensive", client=client_person)
    client_person.refresh_from_db()
    assert client_person.restricted
    dev = make_user(Role.DEVELOPMENT)
    donor = services.create_donor(by=dev, name="Xiomara Quintanilla", person=client_person,
                                  email="xiomara@example.org")
    donation = services.record_donation(by=dev, donor=donor, received_on=dt.date(2026, 2, 1),
                                        method=Method.CASH, amount="20.00", fund=fund())
    receipt = services.issue_receipt(by=dev, donation=donation, on=dt.date(2026, 2, 2))
    browser = sign_in(Client(), dev)
    _token, raw = create_api_token(user=dev, name="test")
    pages = {
        "search": browser.get("/search/", {"q": "Xiomara Quintanilla"}),
        "list": browser.get("/giving/", {"q": "Xiomara"}),
        "donor": browser.get(f"/giving/donors/{donor.pk}/"),
        "donation": browser.get(f"/giving/donations/{donation.pk}/"),
        "receipt": browser.get(f"/giving/receipts/{receipt.code}/"),
        "api_donor": browser.get(f"/api/v1/donors/{donor.pk}", headers={"Authorization": f"Bearer {raw}"}),
        "api_donations": browser.get("/api/v1/donations", headers={"Authorization": f"Bearer {raw}"}),
        "api_receipt": browser.get(f"/api/v1/receipts/{receipt.code}", headers={"Authorization": f"Bearer {raw}"}),
    }
    bodies = {name: r.content.decode() for name, r in pages.items()}
    bodies["export"] = _export(browser).decode("utf-8", "replace")
    for name, body in bodies.items():
        assert "Xiomara" in body, f"{name} does not show the donor"
        found = [t for t in (*CASE_TRACES, case.number, "huyó", "client", "cliente") if t in body]
        assert not found, f"{name} shows {found}"
    # Her file stays closed through every channel of people and cases.
    for url in (f"/people/{client_person.pk}/", f"/cases/{case.pk}/", f"/api/v1/cases/{case.pk}"):
        assert browser.get(url).status_code in (403, 404), url
    assert_channels(Client(), dev, case.number, visible=False, channels=Channels(
        list_url="/cases/", detail_url=f"/cases/{case.pk}/", search=("/search/", "Xiomara Quintanilla"),
        api_list_url="/api/v1/cases", api_detail_url=f"/api/v1/cases/{case.pk}"), token=raw)
