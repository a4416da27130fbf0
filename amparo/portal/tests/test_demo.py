"""The demo client also has a seat at a charla, a class and a donation receipt in the portal, once."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from amparo.classes.models import Enrolment
from amparo.giving.models import Receipt
from amparo.outreach.models import Registration
from amparo.people.models import ContactPoint
from amparo.portal import selectors
from amparo.portal.demo import EMAIL


@pytest.mark.slow
def test_the_demo_client_sees_a_ticket_a_class_and_a_receipt_and_loading_twice_adds_nothing(db):
    call_command("load_demo")
    client = ContactPoint.objects.get(kind="email", normalized=EMAIL).person
    assert len(selectors.events(client, now=timezone.now())) == 1
    assert len(selectors.classes(client, today=timezone.localdate())) == 1
    assert len(selectors.receipts(client)) == 1
    counts = (Registration.objects.count(), Enrolment.objects.count(), Receipt.objects.count())
    call_command("load_demo")
    assert (Registration.objects.count(), Enrolment.objects.count(), Receipt.objects.count()) == counts
