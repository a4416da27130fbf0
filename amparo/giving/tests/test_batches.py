"""Batch entry: a batch whose gifts do not match its control totals is refused with a clear message
and nothing is lost; corrected, it posts every gift once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from amparo.core.testing import sign_in
from amparo.giving import services
from amparo.giving.models import Batch, Donation, Receipt

from .factories import donor, fund, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def english():
    from django.utils import translation

    with translation.override("en"):
        yield
ON = dt.date(2026, 3, 2)


@pytest.mark.usefixtures("english")
def test_a_batch_that_does_not_match_is_refused_and_keeps_its_gifts():
    by = staff()
    batch = services.create_batch(by=by, label="Mail of March 2", expected_count=2, expected_total="300.00")
    services.add_entry(by=by, batch=batch, donor=donor(by), received_on=ON, method="check", amount="100.00",
                       fund=fund())
    services.add_entry(by=by, batch=batch, donor=donor(by), received_on=ON, method="cash", amount="150.00",
                       fund=fund())
    with pytest.raises(Exception) as refused:
        services.post_batch(by=by, batch=batch)
    assert "it has 2 gift(s) totalling 250.00, but the control says 2 gift(s) totalling 300.00" in str(refused.value)
    assert batch.entries.count() == 2 and Donation.objects.count() == 0
    batch.refresh_from_db()
    assert batch.state == Batch.State.OPEN
    services.change_control(by=by, batch=batch, expected_count=2, expected_total="250.00")
    posted = services.post_batch(by=by, batch=batch)
    assert [d.amount for d in posted] == [Decimal("100.00"), Decimal("150.00")]
    with pytest.raises(Exception, match="has been posted"):
        services.post_batch(by=by, batch=batch)
    assert Donation.objects.count() == 2
    receipts = services.issue_batch_receipts(by=by, batch=batch, on=ON)
    assert [r.number for r in receipts] == [1, 2]


def test_the_batch_page_says_why_it_was_refused_in_spanish(make_user):
    from amparo.accounts.roles import Role

    user = make_user(Role.DEVELOPMENT, language="es")
    client = sign_in(Client(), user)
    who = donor(user, "Marta Gómez")
    response = client.post("/giving/batches/", {"label": "Correo", "expected_count": "1", "expected_total": "50"})
    batch = Batch.objects.get()
    assert response.status_code == 302
    client.post(f"/giving/batches/{batch.pk}/", {"form": "entry", "donor": who.pk, "received_on": "2026-03-02",
                                                 "method": "check", "amount": "40.00", "fund": fund().pk})
    page = client.post(f"/giving/batches/{batch.pk}/post/", follow=True).content.decode()
    assert "no se registró" in page and "nada se ha perdido" in page
    assert batch.entries.count() == 1 and not Donation.objects.exists()
    client.post(f"/giving/batches/{batch.pk}/", {"form": "control", "expected_count": "1", "expected_total": "40.00"})
    client.post(f"/giving/batches/{batch.pk}/post/")
    client.post(f"/giving/batches/{batch.pk}/receipts/")
    receipt = Receipt.objects.get()
    pdf = client.get(f"/giving/batches/{batch.pk}/receipts.pdf?lang=es")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    page = client.get(f"/giving/receipts/{receipt.code}/?lang=es").content.decode()
    assert "Marta Gómez la contribución de US$40.00" in page
