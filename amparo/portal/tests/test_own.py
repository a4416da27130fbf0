"""The client's own classes, events (with the QR ticket outreach scans at the door) and donation
receipts (the PDF giving prints): only their own, named neutrally when private, every view audited."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from amparo.classes import services as classes
from amparo.core.models import AuditEntry
from amparo.outreach import notify
from amparo.outreach import services as outreach
from amparo.people.models import ContactPoint
from amparo.people.tests.factories import PersonFactory
from amparo.portal import selectors

from .factories import class_section, make_client, portal_client, receipted_gift, upcoming_event

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 10, 1)  # a Thursday
NOW = dt.datetime(2026, 10, 1, 17, 0, tzinfo=dt.UTC)


def _pages(person) -> list[str]:
    return [e.extra["page"] for e in AuditEntry.objects.filter(action="portal.view", object_id=str(person.pk))
            .order_by("id")]


def test_the_calendar_page_shows_each_seat_with_the_ticket_outreach_scans_and_each_class():
    person, case = make_client(phone="2135550100")
    staff = case.opened_by
    event = upcoming_event(staff)
    reg = outreach.register(event=event, given_names="Rosa", surnames="Núñez", phone="(213) 555-0100")
    today = timezone.localdate()
    section = class_section(staff, first=today, last=today + dt.timedelta(days=60))
    classes.enrol(section=section, person=person, by=staff)
    browser = portal_client(person)
    home = browser.get("/portal/").content.decode()
    assert "Sus clases y eventos" in home and 'href="/portal/calendar/"' in home
    page = browser.get("/portal/calendar/").content.decode()
    assert "<title>Mi cuenta</title>" in page
    assert "Conozca sus derechos" in page and "Salón comunitario, 120 Main St" in page
    assert notify.ticket_svg(reg) in page and reg.code in page  # the very ticket of the e-mail and the door
    assert "Muestre este código en la entrada:" in page
    assert "Inglés para principiantes" in page and "Sala 3" in page and "Próxima clase:" in page
    assert "No necesita boleto" in page
    assert _pages(person) == ["home", "activities"]


def test_a_private_event_is_not_named_on_the_phone():
    person, case = make_client()
    event = upcoming_event(case.opened_by, title="Grupo de apoyo para sobrevivientes", public=False)
    outreach.register(event=event, given_names="Rosa", email="rosa@example.org")
    page = portal_client(person).get("/portal/calendar/").content.decode()
    assert "sobrevivientes" not in page.lower() and "Grupo de apoyo" not in page
    assert "Una actividad del centro" in page and "Salón comunitario" in page


def test_a_waiting_seat_has_no_ticket_yet():
    person, case = make_client()
    event = upcoming_event(case.opened_by, capacity=1)
    outreach.register(event=event, given_names="Ana", email="ana@example.org")
    reg = outreach.register(event=event, given_names="Rosa", email="ROSA@example.org")
    assert reg.status == "waiting"
    page = portal_client(person).get("/portal/calendar/").content.decode()
    assert "Está en la lista de espera." in page and "<svg" not in page and reg.code not in page


def test_only_the_clients_own_registrations_are_theirs():
    person, case = make_client(phone="2135550100")
    staff = case.opened_by
    event = upcoming_event(staff)
    mine = outreach.register(event=event, given_names="Rosa Elena", phone="+1 213 555 0100")
    by_email = outreach.register(event=event, given_names="rosa", email="Rosa@Example.org")
    relative = outreach.register(event=event, given_names="Juan", phone="213-555-0100")  # the family's phone
    stranger = outreach.register(event=event, given_names="Rosa", email="otra.rosa@example.org")
    other = PersonFactory(given_names="Rosa")
    ContactPoint.objects.create(person=other, kind="email", value="x@example.org", normalized="x@example.org")
    theirs = outreach.register(event=event, given_names="Rosa", email="rosa@example.org")
    theirs.person = other  # linked by staff to someone else: never this client's
    theirs.save()
    linked = outreach.register(event=event, given_names="Chayo", phone="3235550199")
    linked.person = person
    linked.save()
    cancelled = outreach.register(event=event, given_names="Rosa", email="rosa@example.org")
    outreach.cancel(registration=cancelled)
    past = outreach.create_event(by=staff, title="Pasado", starts_at=NOW - dt.timedelta(days=3),
                                 ends_at=NOW - dt.timedelta(days=3, hours=-2))
    outreach.register(event=past, given_names="Rosa", email="rosa@example.org")
    found = selectors.events(person, now=NOW)
    assert {r.pk for r in found} == {mine.pk, by_email.pk, linked.pk}
    assert relative.pk not in {r.pk for r in found} and stranger.pk not in {r.pk for r in found}


def test_classes_to_come_soonest_first_with_their_next_session():
    person, case = make_client()
    staff = case.opened_by
    later = class_section(staff, course="Ciudadanía", first=dt.date(2026, 10, 20), last=dt.date(2026, 12, 10))
    sooner = class_section(staff, course="Computación", first=dt.date(2026, 9, 1), last=dt.date(2026, 11, 30),
                           capacity=1)
    over = class_section(staff, course="Costura", first=dt.date(2026, 6, 1), last=dt.date(2026, 8, 30))
    dropped = class_section(staff, course="Pintura", first=dt.date(2026, 9, 1), last=dt.date(2026, 11, 30))
    classes.enrol(section=sooner, person=PersonFactory(), by=staff)
    for section in (later, sooner, over, dropped):
        classes.enrol(section=section, person=person, by=staff)
    classes.drop(enrolment=dropped.enrolments.get(person=person), by=staff, reason="work")
    items = selectors.classes(person, today=TODAY)
    assert [i.enrolment.section.course.name for i in items] == ["Computación", "Ciudadanía"]
    assert items[0].enrolment.status == "waiting"
    assert items[0].next_session.date == TODAY  # a Thursday: today's class is still to come
    assert items[1].next_session.date == dt.date(2026, 10, 20)


def test_a_donor_downloads_each_receipt_as_giving_prints_it():
    person, case = make_client()
    receipt = receipted_gift(case.opened_by, person, amount="150.00")
    statement_free = receipted_gift(case.opened_by, person, amount="40.00", on=dt.date(2026, 4, 5))
    browser = portal_client(person)
    home = browser.get("/portal/").content.decode()
    assert "Sus recibos de donaciones" in home and "Ver sus recibos (2)" in home
    page = browser.get("/portal/receipts/").content.decode()
    assert receipt.code in page and statement_free.code in page and "US$150.00" in page
    response = browser.get(f"/portal/receipts/{receipt.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="recibo-{receipt.code}.pdf"'
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert receipt.code in text and "US$150.00" in text and "COPIA" not in text
    again = PdfReader(io.BytesIO(browser.get(f"/portal/receipts/{receipt.pk}/").content)).pages[0].extract_text()
    assert "COPIA" in again  # a second print is a copy, as on the staff side
    assert _pages(person) == ["home", "receipts", "receipt", "receipt"]
    assert AuditEntry.objects.filter(action="giving.receipt.print", object_id=str(receipt.pk)).count() == 2


def test_a_client_who_is_no_donor_sees_no_receipts_and_nothing_new_on_the_home_page():
    person, case = make_client()
    other, _case = make_client(email="ana@example.org")
    receipted_gift(case.opened_by, other)
    browser = portal_client(person)
    home = browser.get("/portal/").content.decode()
    assert "recibos" not in home and "clases y eventos" not in home
    assert "Todavía no hay recibos." in browser.get("/portal/receipts/").content.decode()
    assert "No tiene clases ni eventos próximos." in browser.get("/portal/calendar/").content.decode()


def test_english_on_the_new_pages():
    person, case = make_client()
    receipted_gift(case.opened_by, person)
    event = upcoming_event(case.opened_by)
    outreach.register(event=event, given_names="Rosa", email="rosa@example.org")
    browser = portal_client(person)
    browser.get("/portal/language/?lang=en&next=/portal/")
    assert "Show this code at the door:" in browser.get("/portal/calendar/").content.decode()
    page = browser.get("/portal/receipts/").content.decode()
    assert "Your donation receipts" in page and "<title>My account</title>" in page


def test_the_home_and_calendar_pages_with_their_assets_stay_under_100_kb():
    from pathlib import Path

    from django.contrib.staticfiles import finders

    person, case = make_client()
    receipted_gift(case.opened_by, person)
    for n in range(3):
        event = upcoming_event(case.opened_by, title=f"Charla {n}", days=3 + n)
        outreach.register(event=event, given_names="Rosa", email="rosa@example.org")
    today = timezone.localdate()
    classes.enrol(section=class_section(case.opened_by, first=today, last=today + dt.timedelta(days=40)),
                  person=person, by=case.opened_by)
    browser = portal_client(person)
    assets = sum(Path(finders.find(name)).stat().st_size for name in ("portal/portal.css", "portal/portal.js"))
    for url in ("/portal/", "/portal/calendar/"):
        html = browser.get(url).content
        assert b"amparo.css" not in html and b"htmx" not in html
        assert len(html) + assets < 100 * 1024, (url, len(html) + assets)
    assert browser.get("/portal/calendar/").content.count(b"<svg") == 3


def test_what_happens_today_says_so():
    from unittest import mock

    person, case = make_client()
    staff = case.opened_by
    with mock.patch("django.utils.timezone.now", return_value=NOW):  # Thursday 1 October, 10:00 in Los Angeles
        event = outreach.create_event(by=staff, title="Charla de hoy", starts_at=NOW + dt.timedelta(hours=8),
                                      ends_at=NOW + dt.timedelta(hours=10), place="Salón", public=True)
        outreach.register(event=event, given_names="Rosa", email="rosa@example.org")
        later = outreach.create_event(by=staff, title="Charla de mañana", starts_at=NOW + dt.timedelta(days=1),
                                      ends_at=NOW + dt.timedelta(days=1, hours=2), place="Salón", public=True)
        outreach.register(event=later, given_names="Rosa", email="rosa@example.org")
        classes.enrol(section=class_section(staff, first=TODAY, last=dt.date(2026, 11, 30)), person=person, by=staff)
        page = portal_client(person).get("/portal/calendar/").content.decode()
    assert page.count("Hoy · ") == 2  # today's charla and today's class, not tomorrow's charla
    assert page.index("Charla de hoy") < page.index("Charla de mañana")
