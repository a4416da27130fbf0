"""Events: registration and the waiting list, check-in from the door (idempotent by scan id,
two phones reconciled to the earliest scan, refusals said), the public pages, the API."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from amparo.accounts.roles import Role
from amparo.core.testing import sign_in
from amparo.outreach import services
from amparo.outreach.models import CheckIn, Registration

START = dt.datetime(2026, 12, 8, 18, 0, tzinfo=dt.UTC)


@pytest.fixture
def organizer(make_user):
    return make_user(Role.ORGANIZER, full_name="Beatriz Villalta")


@pytest.fixture
def charla(organizer):
    return services.create_event(by=organizer, title="Conozca sus derechos", starts_at=START,
                                 ends_at=START + dt.timedelta(hours=2), place="Salón comunitario", capacity=2)


def scan(event, reg=None, *, at, **extra):
    item = {"id": str(uuid.uuid4()), "scanned_at": at.isoformat(), **extra}
    if reg is not None:
        item["registration"] = reg.pk
    return services.check_in(event=event, item=item, now=START + dt.timedelta(days=1))


def test_a_full_event_puts_people_on_the_waiting_list_and_offers_freed_seats_in_turn(charla, organizer):
    a = services.register(event=charla, given_names="Ana", phone="2135550101")
    services.register(event=charla, given_names="Berta", phone="2135550102")
    c = services.register(event=charla, given_names="Carla", email="carla@example.org")
    d = services.register(event=charla, given_names="Dora", email="dora@example.org")
    assert (c.status, d.status) == ("waiting", "waiting")
    now = START - dt.timedelta(days=3)
    services.cancel(registration=a, by=organizer, now=now)
    c.refresh_from_db()
    d.refresh_from_db()
    assert c.status == "offered" and c.offer_expires_at == now + dt.timedelta(hours=24)
    assert d.status == "waiting"  # in turn: one seat, one offer
    assert services.expire_offers(now=now + dt.timedelta(hours=25)) == 1
    c.refresh_from_db()
    d.refresh_from_db()
    assert c.status == "expired" and d.status == "offered"
    services.accept_offer(registration=d, now=now + dt.timedelta(hours=26))
    d.refresh_from_db()
    assert d.status == "registered"


def test_confirmation_email_carries_a_qr_ticket_and_a_calendar_file(charla, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reg = services.register(event=charla, given_names="María", surnames="Hernández", email="maria@example.org")
    message = mail.outbox[-1]
    assert "Conozca sus derechos" in message.subject and reg.code in message.body
    names = [a[0] for a in message.attachments]
    assert f"ticket-{reg.code}.png" in names and "event.ics" in names
    ics = {a[0]: a[1] for a in message.attachments}["event.ics"]
    assert "BEGIN:VEVENT" in ics and "DTSTART:20261208T180000Z" in ics


def test_a_scan_sent_twice_counts_once_and_two_phones_keep_the_earliest(charla):
    reg = services.register(event=charla, given_names="Ana", phone="2135550101")
    item = {"id": str(uuid.uuid4()), "registration": reg.pk,
            "scanned_at": (START + dt.timedelta(minutes=5)).isoformat()}
    later = START + dt.timedelta(days=1)
    first = services.check_in(event=charla, item=item, now=later)
    again = services.check_in(event=charla, item=item, now=later)
    assert first.result == again.result == "counted"
    assert CheckIn.objects.count() == 1
    earlier = scan(charla, reg, at=START + dt.timedelta(minutes=2))  # the other phone, synced later
    assert earlier.result == "counted"
    assert CheckIn.objects.get(pk=item["id"]).result == "repeat"
    reg.refresh_from_db()
    assert reg.checked_in_at == START + dt.timedelta(minutes=2)
    assert services.counts(charla)["checked_in"] == 1


def test_refusals_are_said(charla):
    services.register(event=charla, given_names="Ana", phone="1")
    services.register(event=charla, given_names="Berta", phone="2")
    waiting = services.register(event=charla, given_names="Carla", phone="3")
    assert scan(charla, waiting, at=START).reason == "On the waiting list, without a seat yet."
    assert scan(charla, at=START, code="NOPE1234").result == "refused"
    walk_in = scan(charla, at=START, walk_in={"given_names": "Dora"})
    assert walk_in.result == "refused" and walk_in.reason == "The event is full."


def test_walk_in_and_bulk_check_in_from_paper(organizer):
    event = services.create_event(by=organizer, title="Orientación", starts_at=START,
                                  ends_at=START + dt.timedelta(hours=1))
    answer = scan(event, at=START, walk_in={"given_names": "Elmer", "surnames": "Chicas", "phone": "3235550000"})
    assert answer.result == "counted" and Registration.objects.get(pk=answer.registration).source == "walk_in"
    regs = [services.register(event=event, given_names=n, phone="1") for n in ("Flor", "Gloria")]
    assert services.bulk_check_in(event=event, registrations=regs, at=START, by=organizer) == 2
    assert services.counts(event)["checked_in"] == 3


def test_weekly_series(organizer):
    series = services.create_series(by=organizer, title="Conozca sus derechos", first_starts_at=START,
                                    duration=dt.timedelta(hours=2), weeks=4, capacity=30)
    starts = list(series.events.order_by("starts_at").values_list("starts_at", flat=True))
    assert starts == [START + dt.timedelta(weeks=w) for w in range(4)]


def test_public_page_registers_in_spanish_without_an_account(charla, settings):
    page = Client().get(f"/outreach/p/{charla.pk}/")
    assert page.status_code == 200 and "Inscribirme" in page.content.decode()
    answer = Client().post(f"/outreach/p/{charla.pk}/", {"given_names": "Reina", "surnames": "Portillo",
                                                         "phone": "8185550103"})
    reg = Registration.objects.get(given_names="Reina")
    assert answer.status_code == 302 and answer["Location"].startswith(f"/outreach/t/{reg.code}/")
    ticket = Client().get(answer["Location"])
    assert "<svg" in ticket.content.decode() and reg.code in ticket.content.decode()
    assert Client().get(f"/outreach/p/{charla.pk}/event.ics")["Content-Type"].startswith("text/calendar")


def test_public_registration_is_rate_limited(charla):
    client = Client()
    codes = [client.post(f"/outreach/p/{charla.pk}/", {"given_names": f"P{i}", "phone": "1"}).status_code
             for i in range(11)]
    assert codes[-1] == 429


def test_public_calendar_and_feeds(charla):
    assert "Conozca sus derechos" in Client().get("/outreach/calendar/").content.decode()
    assert "BEGIN:VCALENDAR" in Client().get("/outreach/calendar.ics").content.decode()
    assert "<rss" in Client().get("/outreach/calendar.rss").content.decode()


def test_door_sync_and_search(charla, make_user):
    volunteer = make_user(Role.VOLUNTEER)
    reg = services.register(event=charla, given_names="José Ángel", surnames="Núñez", phone="2135550101")
    client = sign_in(Client(), volunteer)
    found = client.get(f"/outreach/events/{charla.pk}/checkin/search/", {"q": "jose nunez"})
    assert "José Ángel" in found.content.decode()
    roster = client.get(f"/outreach/events/{charla.pk}/checkin/roster/").json()
    assert roster["registrations"][0]["code"] == reg.code
    body = {"checkins": [{"id": str(uuid.uuid4()), "registration": reg.pk, "scanned_at": "2026-12-08T18:03:00Z"}]}
    for _ in range(2):
        answer = client.post(f"/outreach/events/{charla.pk}/checkin/sync/", json.dumps(body),
                             content_type="application/json").json()
        assert answer["results"][0]["result"] == "counted"
    assert CheckIn.objects.count() == 1


def test_api_checkins_are_idempotent(charla, organizer):
    reg = services.register(event=charla, given_names="Ana", phone="1")
    client = sign_in(Client(), organizer)
    # a time already past whenever the test runs (a scan is never put after the server's now)
    body = {"checkins": [{"id": str(uuid.uuid4()), "registration": reg.pk, "scanned_at": "2025-12-08T18:03:00Z"}]}
    for _ in range(2):
        answer = client.post(f"/api/v1/events/{charla.pk}/checkins", json.dumps(body), content_type="application/json")
        assert answer.status_code == 200, answer.content
        assert answer.json()["checked_in"] == 1
    listed = client.get(f"/api/v1/events/{charla.pk}/registrations").json()
    assert listed[0]["checked_in_at"].startswith("2025-12-08T18:03")
    assert client.get("/api/v1/events").json()[0]["title"] == "Conozca sus derechos"


def test_staff_pages(charla, organizer):
    client = sign_in(Client(), organizer)
    for url in ("/outreach/events/", f"/outreach/events/{charla.pk}/", f"/outreach/events/{charla.pk}/checkin/",
                "/outreach/drives/", "/outreach/events/new/"):
        assert client.get(url).status_code == 200, url
    answer = client.post("/outreach/events/new/", {
        "title": "Charla DACA", "kind": "charla", "starts_at": "2026-12-10T18:00", "ends_at": "2026-12-10T20:00",
        "language": "es", "capacity": "30", "offer_hours": "24", "weeks": "3", "public": "on"})
    assert answer.status_code == 302
    assert timezone.now() and charla.__class__.objects.filter(title="Charla DACA").count() == 3
