"""The staff pages of day-to-day work, beyond the admin: a grant edited through its award, its
payments and deliverables counted from the classes; an aid drive with a collection point, goods
received, a shipment to a department of El Salvador packed box by box, shipped and received; a
pledge with its installments and a recurring gift, each paid from its page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client

from amparo.accounts.roles import Role
from amparo.core.testing import sign_in
from amparo.giving import grants, jobs
from amparo.giving.models import (
    AidDrive,
    Deliverable,
    Donation,
    Donor,
    GrantApplication,
    Installment,
    Pledge,
    RecurringGift,
    Shipment,
    StockMove,
)

from .factories import donor, fund, staff

pytestmark = pytest.mark.django_db


def _grant(by, **kwargs) -> GrantApplication:
    funder = donor(by, "Fundación Comunitaria", kind="foundation")
    return grants.create_grant(by=by, funder=funder, title="Clínicas de TPS", requested="50000", **kwargs)


def test_a_grant_is_edited_paid_and_its_deliverable_is_counted_and_reminded(make_user):
    dev = make_user(Role.DEVELOPMENT, language="en")
    client = sign_in(Client(), dev)
    grant = _grant(dev)
    other = donor(dev, "Fondo Binacional", kind="foundation")
    page = client.get(f"/giving/grants/{grant.pk}/edit/")
    assert page.status_code == 200 and 'name="version" value="1"' in page.content.decode()
    response = client.post(f"/giving/grants/{grant.pk}/edit/", {
        "funder": other.pk, "title": "ESL for adults", "requested": "60000", "awarded": "45000.00",
        "period_start": "2026-01-01", "period_end": "2026-12-31", "restrictions": "Classes only", "version": 1})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert (grant.funder, grant.title, grant.awarded, grant.restrictions) == (
        other, "ESL for adults", Decimal("45000.00"), "Classes only")
    stale = client.post(f"/giving/grants/{grant.pk}/edit/", {
        "funder": other.pk, "title": "Overwritten", "requested": "1", "awarded": "1", "version": 1})
    assert "Someone else saved this grant" in stale.content.decode()
    assert GrantApplication.objects.get().title == "ESL for adults"
    refused = client.post(f"/giving/grants/{grant.pk}/", {"form": "payment", "on": "2026-02-01",
                                                          "amount": "10000"}, follow=True)
    assert "Payments are recorded on awarded grants only." in refused.content.decode()
    grants.set_stage(by=dev, grant=grant, stage="awarded", on=dt.date(2026, 1, 5), awarded="45000",
                     period=(dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
    client.post(f"/giving/grants/{grant.pk}/", {"form": "payment", "on": "2026-02-01", "amount": "15000.00"})
    assert "15000.00" in client.get(f"/giving/grants/{grant.pk}/").content.decode()

    from amparo.classes import models as classes

    course = classes.Course.objects.create(name="English 1", kind="esl")
    term = classes.Term.objects.create(name="Spring", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 6, 30))
    section = classes.Section.objects.create(course=course, term=term, name="A")
    for day in (5, 7, 12):  # three held sessions of two hours, one cancelled
        classes.ClassSession.objects.create(section=section, date=dt.date(2026, 3, day), starts_at=dt.time(18),
                                            ends_at=dt.time(20))
    classes.ClassSession.objects.create(section=section, date=dt.date(2026, 3, 14), starts_at=dt.time(18),
                                        ends_at=dt.time(20), cancelled=True)
    client.post(f"/giving/grants/{grant.pk}/", {"form": "deliverable", "description": "2,000 hours of ESL",
                                                "metric": "classes.esl_hours", "target": "2000",
                                                "report_due": "2026-06-30"})
    deliverable = Deliverable.objects.get()
    assert grants.progress(deliverable, today=dt.date(2026, 4, 1))["done"] == 6
    assert jobs.send_report_reminders(today=dt.date(2026, 6, 20)) == 1 and len(mail.outbox) == 1
    client.post(f"/giving/grants/{grant.pk}/deliverables/{deliverable.pk}/", {
        "description": "2,000 hours of ESL", "metric": "classes.esl_hours", "target": "2000",
        "report_due": "2026-07-15"})
    deliverable.refresh_from_db()
    assert deliverable.report_due == dt.date(2026, 7, 15) and deliverable.reminded_on is None
    assert jobs.send_report_reminders(today=dt.date(2026, 7, 5)) == 1  # the new date is reminded again


def test_an_organizer_packs_a_shipment_box_by_box_in_spanish(make_user):
    organizer = make_user(Role.ORGANIZER, language="es")
    client = sign_in(Client(), organizer)
    client.post("/giving/aid/", {"name": "Huracán Mitch", "starts": "1998-11-02"})
    drive = AidDrive.objects.get()
    client.post(f"/giving/aid/drives/{drive.pk}/", {"form": "point", "name": "Parroquia San Juan",
                                                    "address": "14th St NW"})
    point = drive.points.get()
    for what, quantity, unit in (("Frijol", "100", "libra"), ("Agua", "40", "galón")):
        client.post(f"/giving/aid/drives/{drive.pk}/", {
            "form": "goods", "on": "1998-11-03", "point": point.pk, "category": "food", "description": what,
            "quantity": quantity, "unit": unit, "weight_kg": "10"})
    assert StockMove.objects.filter(point=point).count() == 2
    response = client.post(f"/giving/aid/drives/{drive.pk}/", {
        "form": "shipment", "department": "SV-US", "municipality": "Jiquilisco", "partner": "Comunidad La Tirana",
        "carrier": "", "packed_on": "1998-11-10"})
    shipment = Shipment.objects.get()
    assert response["Location"] == f"/giving/aid/shipments/{shipment.pk}/"
    page = client.get(shipment.get_absolute_url()).content.decode()
    assert "Usulután" in page and "Empacar una caja" in page and "Marcar como enviado" not in page
    from amparo.giving.forms import stock_key

    beans = stock_key({"category": "food", "description": "Frijol", "unit": "libra"})
    water = stock_key({"category": "food", "description": "Agua", "unit": "galón"})
    too_many = client.post(shipment.get_absolute_url(), {"step": "box", "weight_kg": "30", "item_1": beans,
                                                         "quantity_1": "500"})
    assert "No hay suficiente Frijol" in too_many.content.decode() and not shipment.boxes.exists()
    client.post(shipment.get_absolute_url(), {"step": "box", "weight_kg": "30.5", "item_1": beans, "quantity_1": "60",
                                              "item_2": water, "quantity_2": "10", "expires_2": "1999-06-01"})
    client.post(shipment.get_absolute_url(), {"step": "box", "weight_kg": "18", "item_1": beans, "quantity_1": "40"})
    assert [b.number for b in shipment.boxes.all()] == [1, 2]
    page = client.get(f"/giving/aid/drives/{drive.pk}/").content.decode()
    assert "Frijol" not in page.split("En existencia")[1].split("Envíos")[0]  # all beans packed
    client.post(shipment.get_absolute_url(), {"step": "ship", "carrier": "Cargo Expreso"})
    client.post(shipment.get_absolute_url(), {"step": "receive", "received_by": "Directiva comunal"})
    shipment.refresh_from_db()
    assert (shipment.state, shipment.carrier, shipment.received_by) == ("received", "Cargo Expreso",
                                                                       "Directiva comunal")
    assert client.get(f"/giving/aid/shipments/{shipment.pk}/manifest.pdf")["Content-Type"] == "application/pdf"


def test_a_pledge_and_a_recurring_gift_are_recorded_and_paid_from_their_pages(make_user):
    dev = make_user(Role.DEVELOPMENT, language="en")
    client = sign_in(Client(), dev)
    who = donor(dev, "Rosa Argueta")
    general = fund()
    response = client.post(f"/giving/donors/{who.pk}/pledge/", {
        "total": "100.00", "pledged_on": "2026-01-10", "installments": "3", "frequency": "monthly",
        "first_due": "2026-02-01", "fund": general.pk})
    pledge = Pledge.objects.get()
    assert response["Location"] == f"/giving/pledges/{pledge.pk}/"
    assert [(i.due_on, i.amount) for i in pledge.schedule.all()] == [
        (dt.date(2026, 2, 1), Decimal("33.33")), (dt.date(2026, 3, 1), Decimal("33.33")),
        (dt.date(2026, 4, 1), Decimal("33.34"))]
    second = Installment.objects.get(due_on=dt.date(2026, 3, 1))
    client.post(f"/giving/pledges/{pledge.pk}/", {"due": second.pk, "received_on": "2026-03-03", "method": "check",
                                                  "amount": "33.33", "reference": "1042"})
    paid = Donation.objects.get()
    assert (paid.pledge, paid.installment, paid.donor) == (pledge, second, who)
    page = client.get(f"/giving/pledges/{pledge.pk}/").content.decode()
    assert "Paid in full" in page and "66.67" in page  # one installment paid, 66.67 still owed

    client.post(f"/giving/donors/{who.pk}/recurring/", {"amount": "25.00", "frequency": "monthly", "method": "card",
                                                        "starts": "2026-01-15", "fund": general.pk})
    gift = RecurringGift.objects.get()
    client.post(f"/giving/recurring/{gift.pk}/", {"received_on": "2026-02-16", "method": "card", "amount": "25.00"})
    assert Donation.objects.filter(recurring=gift).count() == 1
    page = client.get(f"/giving/recurring/{gift.pk}/").content.decode()
    assert "Feb. 15, 2026" in page and "25.00" in page and "Nothing received" in page
    donor_page = client.get(f"/giving/donors/{who.pk}/").content.decode()
    assert f"/giving/pledges/{pledge.pk}/" in donor_page and f"/giving/recurring/{gift.pk}/" in donor_page


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.ORGANIZER, Role.INTAKE])
def test_who_may_not_change_giving_cannot_reach_the_staff_forms(make_user, role):
    by = staff()
    grant = _grant(by)
    who = Donor.objects.get(name="Fundación Comunitaria")
    drive = AidDrive.objects.create(name="Terremoto 2001", starts=dt.date(2001, 1, 13))
    client = sign_in(Client(), make_user(role))
    for url in (f"/giving/grants/{grant.pk}/edit/", f"/giving/donors/{who.pk}/pledge/",
                f"/giving/donors/{who.pk}/recurring/"):
        assert client.get(url).status_code in (403, 404), url
    assert client.post(f"/giving/grants/{grant.pk}/", {"form": "payment", "on": "2026-02-01",
                                                       "amount": "1"}).status_code in (403, 404)
    if role != Role.ORGANIZER:  # organizers run drives
        assert client.post(f"/giving/aid/drives/{drive.pk}/", {"form": "point", "name": "X"}).status_code in (403, 404)
    assert not drive.points.exists() and not GrantApplication.objects.get().payments.exists()
