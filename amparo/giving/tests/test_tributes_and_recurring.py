"""A gift in memory of someone: the family named on it is told by a letter that never states the
amount, and the notice is marked sent once. A recurring gift is stopped or changed from its page,
and what was promised before stays on record."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from amparo.accounts.roles import Role
from amparo.core.models import AuditEntry
from amparo.core.testing import sign_in
from amparo.giving import services
from amparo.giving.models import RecurringGift, SoftCredit

from .factories import donor, fund, gift

pytestmark = pytest.mark.django_db


def _memorial(dev):
    who = donor(dev, "Rosa Argueta", language="es")
    donation = gift(dev, who, amount="750.00", soft_credits=[
        {"kind": SoftCredit.Kind.MEMORY, "name": "Óscar Argueta", "notify_name": "Familia Argueta Cañas",
         "notify_address": "1520 W. Pico Blvd\nLos Angeles, CA 90015"}])
    return donation, donation.soft_credits.get()


def test_the_family_is_told_without_the_amount_in_the_chosen_language_and_once(make_user):
    dev = make_user(Role.DEVELOPMENT, language="es")
    donation, credit = _memorial(dev)
    client = sign_in(Client(), dev)
    waiting = client.get("/giving/tributes/").content.decode()
    assert "Familia Argueta Cañas" in waiting and f"/giving/tributes/{credit.pk}/" in waiting
    spanish = client.get(f"/giving/tributes/{credit.pk}/").content.decode()
    assert "Rosa Argueta" in spanish and "en memoria de Óscar Argueta" in spanish
    assert "1520 W. Pico Blvd" in spanish
    assert "750" not in spanish  # the family is never told the amount
    english = client.get(f"/giving/tributes/{credit.pk}/?lang=en").content.decode()
    assert "in memory of Óscar Argueta" in english and "750" not in english

    assert client.post(f"/giving/tributes/{credit.pk}/").status_code == 302
    credit.refresh_from_db()
    assert credit.notified_on is not None
    assert client.post(f"/giving/tributes/{credit.pk}/").status_code == 302  # a second click changes nothing
    assert AuditEntry.objects.filter(action="giving.tribute.notify").count() == 1
    after = client.get("/giving/tributes/").content.decode()
    assert "No notice is waiting" in after or "Ningún aviso" in after
    assert "/giving/donations/" not in after.split("Familia Argueta Cañas")[0][-10:]
    assert "(no avisada aún)" not in client.get(f"/giving/donations/{donation.pk}/").content.decode()


def test_only_giving_staff_read_or_send_a_notice(make_user):
    dev = make_user(Role.DEVELOPMENT)
    _, credit = _memorial(dev)
    for role in (Role.ATTORNEY, Role.INTAKE, Role.VOLUNTEER):
        client = sign_in(Client(), make_user(role))
        assert client.get(f"/giving/tributes/{credit.pk}/").status_code in (403, 404)
        assert client.post(f"/giving/tributes/{credit.pk}/").status_code in (403, 404)
    director = sign_in(Client(), make_user(Role.DIRECTOR))
    # the director reads giving but does not manage it: no button, and a post is refused
    assert "Familia Argueta Cañas" in director.get("/giving/tributes/").content.decode()
    assert director.post(f"/giving/tributes/{credit.pk}/").status_code in (403, 404)
    credit.refresh_from_db()
    assert credit.notified_on is None


def test_a_recurring_gift_is_stopped_and_changed_and_its_history_kept(make_user):
    dev = make_user(Role.DEVELOPMENT, language="en")
    who = donor(dev, "Ana Umaña")
    monthly = services.create_recurring(by=dev, donor=who, amount=Decimal("25.00"), frequency="monthly",
                                        fund=fund(), starts=dt.date(2026, 1, 15))
    with pytest.raises(ValidationError):
        services.change_recurring(by=dev, gift=monthly, amount=Decimal("40"), first_due=dt.date(2026, 1, 1))
    client = sign_in(Client(), dev)
    response = client.post(f"/giving/recurring/{monthly.pk}/change/",
                           {"change-amount": "40.00", "change-first_due": "2026-05-15"})
    raised = RecurringGift.objects.exclude(pk=monthly.pk).get()
    assert response["Location"] == f"/giving/recurring/{raised.pk}/"
    monthly.refresh_from_db()
    assert (monthly.amount, monthly.ends) == (Decimal("25.00"), dt.date(2026, 5, 14))
    assert (raised.amount, raised.starts, raised.ends) == (Decimal("40.00"), dt.date(2026, 5, 15), None)
    old_page = client.get(f"/giving/recurring/{monthly.pk}/").content.decode()
    assert f"/giving/recurring/{raised.pk}/" in old_page and "May 14, 2026" in old_page

    refused = client.post(f"/giving/recurring/{raised.pk}/stop/", {"stop-last_due": "2026-02-01"})
    assert refused.status_code == 200 and "cannot come before the first" in refused.content.decode()
    client.post(f"/giving/recurring/{raised.pk}/stop/", {"stop-last_due": "2026-08-15"})
    raised.refresh_from_db()
    assert raised.ends == dt.date(2026, 8, 15)
    schedule = services.recurring_schedule(raised, today=dt.date(2026, 12, 1))
    assert [row["due"] for row in schedule][-1] == dt.date(2026, 8, 15)
    assert set(AuditEntry.objects.filter(action__startswith="giving.recurring.").values_list("action", flat=True)) \
        >= {"giving.recurring.change", "giving.recurring.stop"}
