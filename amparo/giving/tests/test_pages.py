"""The pages a development user and an organizer work in: donors, gifts with a tribute, a correction,
a receipt e-mailed, grants through their stages, an aid drive receiving goods and a shipment."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client

from amparo.accounts.roles import Role
from amparo.core.testing import sign_in
from amparo.giving import aid
from amparo.giving.models import AidDrive, Deliverable, Donation, Donor, GrantApplication, Receipt, SoftCredit

from .factories import fund

pytestmark = pytest.mark.django_db


def test_a_donor_a_gift_in_memory_a_refund_and_an_emailed_receipt(make_user):
    client = sign_in(Client(), make_user(Role.DEVELOPMENT, language="en"))
    response = client.post("/giving/donors/new/", {"kind": "person", "name": "Gloria Ventura", "language": "en",
                                                   "email": "gloria@example.org"})
    donor = Donor.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/giving/donors/{donor.pk}/"
    client.post(f"/giving/donors/{donor.pk}/give/", {
        "received_on": "2026-03-02", "method": "check", "amount": "250.00", "fund": fund().pk,
        "honoree": "Rutilio Grande", "honoree_kind": "memory", "notify_name": "Familia Grande"})
    gift = Donation.objects.get()
    assert SoftCredit.objects.get().kind == "memory"
    client.post(f"/giving/donations/{gift.pk}/receipt/")
    receipt = Receipt.objects.get()
    client.post(f"/giving/receipts/{receipt.code}/email/")
    assert mail.outbox[0].to == ["gloria@example.org"] and receipt.code in mail.outbox[0].body
    page = client.get(f"/giving/donations/{gift.pk}/thanks/").content.decode()
    assert "Thank you for your gift of $250.00 on March 2, 2026" in page
    client.post(f"/giving/donations/{gift.pk}/correct/", {"entry": "refund", "on": "2026-03-09",
                                                          "reason": "Asked for it back"})
    assert Receipt.objects.filter(kind="correction").count() == 1
    page = client.get(f"/giving/donors/{donor.pk}/").content.decode()
    assert "250.00" in page and "0.00" in page
    assert client.get(f"/giving/receipts/{receipt.code}/pdf/?lang=en")["Content-Type"] == "application/pdf"


def test_a_grant_through_its_stages(make_user):
    client = sign_in(Client(), make_user(Role.DEVELOPMENT, language="en"))
    funder = Donor.objects.create(name="Fundación Comunitaria", kind="foundation")
    client.post("/giving/grants/", {"funder": funder.pk, "title": "TPS clinics", "requested": "50000"})
    grant = GrantApplication.objects.get()
    client.post(f"/giving/grants/{grant.pk}/", {"form": "stage", "stage": "awarded", "on": "2026-02-01",
                                                "awarded": "40000", "period_start": "2026-01-01",
                                                "period_end": "2026-12-31"})
    client.post(f"/giving/grants/{grant.pk}/", {"form": "deliverable", "description": "300 cases",
                                                "metric": "legal.cases_opened", "target": "300"})
    grant.refresh_from_db()
    assert grant.stage == "awarded" and Deliverable.objects.count() == 1
    assert "0 / 300" in client.get(f"/giving/grants/{grant.pk}/").content.decode()


def test_an_organizer_runs_a_drive_and_a_shipment(make_user):
    organizer = make_user(Role.ORGANIZER, language="es")
    client = sign_in(Client(), organizer)
    client.post("/giving/aid/", {"name": "Terremoto 2001", "starts": "2026-01-13"})
    drive = AidDrive.objects.get()
    client.post(f"/giving/aid/drives/{drive.pk}/", {"on": "2026-01-14", "category": "food", "description": "Frijol",
                                                    "quantity": "100", "unit": "libra", "weight_kg": "45.4"})
    shipment = aid.pack_shipment(by=organizer, drive=drive, department="SV-SV", municipality="San Vicente Sur",
                                 partner="Comunidad Santa Marta", packed_on=dt.date(2026, 1, 20), boxes=[
                                     {"weight_kg": "22.7", "items": [{"category": "food", "description": "Frijol",
                                                                      "quantity": 50, "unit": "libra"}]}])
    page = client.get(f"/giving/aid/shipments/{shipment.pk}/").content.decode()
    assert "Alimentos: Frijol" in page and "San Vicente" in page
    client.post(f"/giving/aid/shipments/{shipment.pk}/", {"step": "ship", "carrier": "Cargo Expreso"})
    client.post(f"/giving/aid/shipments/{shipment.pk}/", {"step": "receive", "received_by": "Directiva comunal"})
    shipment.refresh_from_db()
    assert shipment.state == "received" and shipment.received_by == "Directiva comunal"
    assert client.get(f"/giving/aid/shipments/{shipment.pk}/manifest.pdf")["Content-Type"] == "application/pdf"
    assert client.get("/giving/").status_code == 404  # an organizer has aid, not donors
