"""The giving API: recording a donation with an Idempotency-Key records it once; receipts by number."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from amparo.accounts.roles import Role
from amparo.core.testing import sign_in
from amparo.giving.models import Donation

from .factories import donor, fund

pytestmark = pytest.mark.django_db


def _post(client, body, key=None):
    headers = {"Idempotency-Key": key} if key else {}
    return client.post("/api/v1/donations", json.dumps(body), content_type="application/json", headers=headers)


def test_a_retried_donation_is_recorded_once_and_gets_its_receipt(make_user):
    user = make_user(Role.DEVELOPMENT)
    client = sign_in(Client(), user)
    who = donor(user, "Carmen Ayala")
    body = {"donor_id": who.pk, "received_on": "2026-03-02", "method": "check", "amount": "300.00",
            "fund_id": fund().pk, "issue_receipt": True}
    first = _post(client, body, key="gift-1")
    again = _post(client, body, key="gift-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and Donation.objects.count() == 1
    number = first.json()["receipt"]
    receipt = client.get(f"/api/v1/receipts/{number}").json()
    assert receipt["amount"] == "300.00" and "No goods or services" in " ".join(receipt["text_en"])
    other = _post(client, {**body, "amount": "301.00"}, key="gift-1")
    assert other.status_code == 422
    listed = client.get("/api/v1/donations").json()
    assert [d["amount"] for d in listed] == ["300.00"]


def test_bad_donations_get_the_one_error_shape(make_user):
    user = make_user(Role.DEVELOPMENT)
    client = sign_in(Client(), user)
    who = donor(user)
    response = _post(client, {"donor_id": who.pk, "received_on": "2026-03-02", "method": "card", "amount": "10.00",
                              "fund_id": fund().pk, "goods_value": "20.00", "goods_description": "dinner"})
    assert response.status_code == 422 and "goods_value" in response.json()["errors"]
    assert client.get("/api/v1/receipts/nonsense").status_code == 404
    assert _post(client, {"donor_id": 999999, "received_on": "2026-03-02", "method": "card",
                          "amount": "10.00"}).status_code == 404


def test_a_role_without_giving_sees_no_donations(make_user):
    dev = make_user(Role.DEVELOPMENT)
    donor(dev)
    volunteer = sign_in(Client(), make_user(Role.VOLUNTEER))
    assert volunteer.get("/api/v1/donations").status_code == 404
