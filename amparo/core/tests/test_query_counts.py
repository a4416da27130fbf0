"""The main list pages cost the same number of queries with three times the rows.

A page that runs a query per row is fast in a test and slow in an office with ten thousand
people; ``assert_queries_do_not_grow`` renders each page with N and 3N rows and compares.
"""

from __future__ import annotations

import datetime as dt
from itertools import count
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import OfficeFactory
from amparo.archive import services as archive_services
from amparo.archive.models import SourceType
from amparo.core.audit import log_action
from amparo.core.testing import assert_queries_do_not_grow, sign_in
from amparo.legal import services as legal_services
from amparo.legal.tests.factories import make_case
from amparo.people.tests.factories import PersonFactory

serial = count(1)


def lists_all(links: list[str]) -> Any:
    return lambda body, total: len(links) == total and all(link in body for link in links)


@pytest.fixture
def office(db: Any) -> Any:
    return OfficeFactory(name="Oficina de Los Ángeles")


@pytest.fixture
def attorney(make_user: Any, office: Any) -> Any:
    return make_user(Role.ATTORNEY, offices=[office], full_name="Marta Alicia Reyes")


def test_people_list(admin_client):
    links: list[str] = []

    def add(n: int) -> None:
        for _ in range(n):
            person = PersonFactory(birth_date=dt.date(1980, 1, 2))
            links.append(f"/people/{person.pk}/")

    assert_queries_do_not_grow(admin_client, "/people/", add, shows=lists_all(links))


def test_cases_list(attorney, office):
    links: list[str] = []

    def add(n: int) -> None:
        for _ in range(n):
            links.append(f"/cases/{make_case(office=office, by=attorney, responsible=attorney).pk}/")

    assert_queries_do_not_grow(sign_in(Client(), attorney), "/cases/", add, shows=lists_all(links))


def test_deadlines(attorney, office):
    titles: list[str] = []

    def add(n: int) -> None:
        for _ in range(n):
            title = f"Plazo-{next(serial)}-fin"
            case = make_case(office=office, by=attorney, responsible=attorney)
            legal_services.add_manual_deadline(case=case, title=title, by=attorney,
                                               due=timezone.localdate() + dt.timedelta(days=3))
            titles.append(title)

    assert_queries_do_not_grow(sign_in(Client(), attorney), "/cases/due/", add, shows=lists_all(titles))


def test_archive_list(make_user):
    archivist = make_user(Role.ARCHIVIST)
    links: list[str] = []

    def add(n: int) -> None:
        for _ in range(n):
            number = next(serial)
            source = archive_services.source_save(by=archivist, data={
                "identifier": f"QC-{number}", "source_type": SourceType.objects.get(code="testimony"),
                "title": f"Testimonio {number}", "date": "1982-05", "language": "es", "access": "staff",
                "text": "Declaración sobre el operativo en Tenancingo."})
            links.append(f"/archive/sources/{source.pk}/")

    assert_queries_do_not_grow(sign_in(Client(), archivist), "/archive/?q=operativo", add, shows=lists_all(links))


def test_audit_trail(admin_client, admin_user):
    labels: list[str] = []

    def add(n: int) -> None:
        for _ in range(n):
            person = PersonFactory(birth_date=dt.date(1980, 1, 2))
            label = f"Entrada-{next(serial)}-fin"
            log_action(action="person.update", actor=admin_user, obj=person, object_label=label,
                       changes={"notes": ["", "x"]})
            labels.append(label)

    assert_queries_do_not_grow(admin_client, "/audit/", add, shows=lists_all(labels))


def test_the_helper_catches_a_query_per_row(admin_client, monkeypatch):
    """Against a page made to query once per row, the helper fails."""
    from amparo.people import views
    from amparo.people.models import Person

    original = views.render

    def render_with_a_query_per_row(request: Any, template: str, context: dict[str, Any]) -> Any:
        for row in context.get("results", []):
            Person.objects.filter(pk=row["person"].pk).exists()
        return original(request, template, context)

    monkeypatch.setattr(views, "render", render_with_a_query_per_row)
    with pytest.raises(AssertionError, match="a query per row"):
        assert_queries_do_not_grow(admin_client, "/people/", lambda n: PersonFactory.create_batch(n))


def test_programs_day_bed_board_and_referrals(make_user):
    from amparo.programs import services as program_services
    from amparo.programs.tests import factories as pf

    ana = pf.clinician()
    worker = make_user(Role.HOUSING)
    names: list[str] = []
    housed: list[str] = []

    def add_appointments(n: int) -> None:
        for _ in range(n):
            name = f"Cita{next(serial)}x"
            start = pf.at(8 + len(names) % 10, 0 if len(names) < 10 else 30)
            program_services.book(person=PersonFactory(given_names=name), provider=ana, service=pf.service(),
                                  starts_at=start, ends_at=start + dt.timedelta(minutes=25), by=ana,
                                  room=pf.room(f"Sala {name}"))
            names.append(name)

    day = pf.DAY.isoformat()
    assert_queries_do_not_grow(sign_in(Client(), ana), f"/programs/clinic/?day={day}", add_appointments,
                               shows=lists_all(names))

    def add_stays(n: int) -> None:
        for _ in range(n):
            name = f"Cama{next(serial)}x"
            program_services.admit(person=PersonFactory(given_names=name), bed=pf.bed(name), entry_date=pf.DAY,
                                   by=worker)
            housed.append(name)

    assert_queries_do_not_grow(sign_in(Client(), worker), f"/programs/housing/?day={day}", add_stays,
                               shows=lists_all(housed))

    referred: list[str] = []

    def add_referrals(n: int) -> None:
        for _ in range(n):
            name = f"Ref{next(serial)}x"
            program_services.refer(person=PersonFactory(given_names=name), from_program="clinic",
                                   to_program="housing", by=worker, sent_on=pf.DAY)
            referred.append(name)

    assert_queries_do_not_grow(sign_in(Client(), worker), "/programs/referrals/", add_referrals,
                               shows=lists_all(referred))


def test_giving_donor_page(make_user):
    from amparo.giving import services as giving
    from amparo.giving.models import Fund

    user = make_user(Role.DEVELOPMENT)
    client = sign_in(Client(), user)
    donor = giving.create_donor(by=user, name="Rosa Amaya")
    fund = Fund.objects.create(name="General")
    links: list[str] = []

    def add(n: int) -> None:
        for _ in range(n):
            gift = giving.record_donation(by=user, donor=donor, received_on=dt.date(2026, 1, 1 + next(serial) % 28),
                                          method="cash", amount="10.00", fund=fund)
            giving.correct_donation(by=user, original=gift, entry="adjustment", amount="1.00", on=dt.date(2026, 2, 1),
                                    reason="typo")
            links.append(f"/giving/donations/{gift.pk}/")

    assert_queries_do_not_grow(client, f"/giving/donors/{donor.pk}/", add, shows=lists_all(links))


def test_portal_home_and_messages(attorney, office):
    from amparo.portal import services as portal_services
    from amparo.portal.tests.factories import make_client, portal_client

    person, case = make_client(office=office, by=attorney, responsible=attorney)
    browser = portal_client(person)
    labels: list[str] = []

    def add(n: int) -> None:
        for _ in range(n):
            label = f"Documento-{next(serial)}-fin"
            portal_services.request_document(case=case, by=attorney, label_es=label)
            legal_services.add_hearing(case=case, kind="master", by=attorney,
                                       starts_at=timezone.now() + dt.timedelta(days=next(serial)))
            portal_services.staff_message(case=case, by=attorney, body=label)
            labels.append(label)

    assert_queries_do_not_grow(browser, "/portal/", add, shows=lists_all(labels))
    assert_queries_do_not_grow(browser, f"/portal/messages/{case.pk}/", add,
                               shows=lambda body, total: all(label in body for label in labels))


def test_archive_scanned_pages(make_user):
    from amparo.archive.models import OcrPage

    archivist = make_user(Role.ARCHIVIST)
    source = archive_services.source_save(by=archivist, data={
        "identifier": "QC-SCAN", "source_type": SourceType.objects.get(code="testimony"), "title": "Escaneo",
        "language": "es", "access": "staff"})
    texts: list[str] = []

    def add(n: int) -> None:
        for _ in range(n):
            number = next(serial)
            OcrPage.objects.create(source=source, number=number, text=f"Página leída {number}", confidence=90.0,
                                   corrected_text=f"Página corregida {number}", corrected_by=archivist)
            texts.append(f"Página corregida {number}")

    assert_queries_do_not_grow(sign_in(Client(), archivist), f"/archive/sources/{source.pk}/pages/", add,
                               shows=lists_all(texts))


def test_outreach_events_and_an_events_registrations(admin_client, admin_user):
    from amparo.outreach import services as outreach

    start = timezone.now() + dt.timedelta(days=3)
    links: list[str] = []

    def add(n: int) -> None:
        for _ in range(n):
            event = outreach.create_event(by=admin_user, title=f"Charla {next(serial)}", starts_at=start,
                                          ends_at=start + dt.timedelta(hours=2))
            links.append(f"/outreach/events/{event.pk}/")

    assert_queries_do_not_grow(admin_client, "/outreach/events/", add, shows=lists_all(links))
    event = outreach.create_event(by=admin_user, title="Charla grande", starts_at=start,
                                  ends_at=start + dt.timedelta(hours=2))
    names: list[str] = []

    def register(n: int) -> None:
        for _ in range(n):
            name = f"Persona{next(serial)}"
            outreach.register(event=event, given_names=name, phone="2135550101", notify=False)
            names.append(name)

    assert_queries_do_not_grow(admin_client, f"/outreach/events/{event.pk}/", register, shows=lists_all(names))


def test_classes_sections_roll_and_attendance(admin_client, admin_user):
    from amparo.classes import services as classes_services
    from amparo.classes.tests import factories as classes_factories

    section = classes_factories.section(admin_user, capacity=100)
    classes_services.generate_sessions(section=section, by=admin_user, weekdays=[1], starts_at=dt.time(18),
                                       ends_at=dt.time(20), first=dt.date(2026, 1, 13), last=dt.date(2026, 1, 27))
    session = section.sessions.first()
    names: list[str] = []
    links: list[str] = []

    def add_students(n: int) -> None:
        for _ in range(n):
            name = f"Estudiante{next(serial)}"
            person = classes_factories.person(name, "Prueba")
            enrolment = classes_services.enrol(section=section, person=person, by=admin_user)
            classes_services.record_attendance(session=session, enrolment=enrolment, mark="present",
                                               by=admin_user, today=dt.date(2026, 2, 1))
            names.append(name)

    def add_sections(n: int) -> None:
        for _ in range(n):
            links.append(classes_factories.section(admin_user, name=f"S{next(serial)}").get_absolute_url())

    assert_queries_do_not_grow(admin_client, section.get_absolute_url(), add_students, shows=lists_all(names))
    names.clear()
    section = classes_factories.section(admin_user, capacity=100, name="B")
    classes_services.generate_sessions(section=section, by=admin_user, weekdays=[1], starts_at=dt.time(18),
                                       ends_at=dt.time(20), first=dt.date(2026, 1, 13), last=dt.date(2026, 1, 27))
    session = section.sessions.first()
    assert_queries_do_not_grow(admin_client, f"/classes/sessions/{session.pk}/attendance/", add_students,
                               shows=lists_all(names))
    assert_queries_do_not_grow(admin_client, "/classes/", add_sections, shows=lists_all(links))


def test_loans_list_and_ledger(make_user):
    from amparo.loans.tests import factories as loan_factories

    officer, checker = make_user(Role.LOAN_OFFICER), make_user(Role.FINANCE)
    product = loan_factories.product()
    links: list[str] = []

    def add(n: int) -> None:
        for _ in range(n):
            loan = loan_factories.active_loan(officer=officer, checker=checker, prod=product)
            links.append(f"/loans/{loan.pk}/")

    assert_queries_do_not_grow(sign_in(Client(), checker), "/loans/", add, shows=lists_all(links))
    assert_queries_do_not_grow(sign_in(Client(), checker), "/loans/ledger/", add)


def test_portal_classes_events_and_receipts(attorney, office):
    from amparo.classes import services as class_services
    from amparo.outreach import services as outreach_services
    from amparo.portal.tests.factories import (
        class_section,
        make_client,
        portal_client,
        receipted_gift,
        upcoming_event,
    )

    person, case = make_client(office=office, by=attorney, responsible=attorney)
    browser = portal_client(person)
    codes: list[str] = []
    receipts: list[str] = []
    today = timezone.localdate()

    def add(n: int) -> None:
        for _ in range(n):
            event = upcoming_event(attorney, title=f"Charla {next(serial)}", days=2 + next(serial) % 30)
            codes.append(outreach_services.register(event=event, given_names="Rosa", email="rosa@example.org").code)
            section = class_section(attorney, course=f"Clase-{next(serial)}-fin", first=today,
                                    last=today + dt.timedelta(days=30))
            class_services.enrol(section=section, person=person, by=attorney)
            codes.append(section.course.name)
            receipts.append(receipted_gift(attorney, person).code)

    assert_queries_do_not_grow(browser, "/portal/calendar/", add,
                               shows=lambda body, total: all(c in body for c in codes))
    assert_queries_do_not_grow(browser, "/portal/receipts/", add,
                               shows=lambda body, total: all(r in body for r in receipts))
    assert_queries_do_not_grow(browser, "/portal/", add)


def test_campaign_pages_do_not_grow(make_user: Any) -> None:
    from amparo.campaigns import services as campaign_services

    organizer = make_user(Role.ORGANIZER)
    client = sign_in(Client(), organizer)
    campaign = campaign_services.create_campaign(by=organizer, name="TPS", kind="petition",
                                                 starts_on=dt.date(2026, 11, 2))
    petition = campaign_services.save_petition(by=organizer, campaign=campaign, title_es="Petición",
                                               text_es="Texto", target=100)
    names: list[str] = []

    def add(n: int) -> None:
        for _ in range(n):
            i = next(serial)
            names.append(f"Campaña {i}")
            other = campaign_services.create_campaign(by=organizer, name=names[-1], starts_on=dt.date(2026, 11, 2))
            campaign_services.save_petition(by=organizer, campaign=other, title_es="P", text_es="T", target=10)
            org = campaign_services.save_organization(by=organizer, name=f"Organización {i}")
            campaign_services.set_partner(by=organizer, campaign=campaign, organization=org, role="member")
            campaign_services.save_target(by=organizer, name=f"Objetivo {i}", campaigns=[campaign])
            campaign_services.sign(petition=petition, name=f"Persona {i}", phone=f"213555{i:04}")

    assert_queries_do_not_grow(client, "/campaigns/", add, shows=lambda body, total: all(n in body for n in names))
    assert_queries_do_not_grow(client, f"/campaigns/{campaign.pk}/", add)
    assert_queries_do_not_grow(client, "/campaigns/organizations/", add)
    assert_queries_do_not_grow(client, "/campaigns/targets/", add)
    assert_queries_do_not_grow(client, f"/campaigns/petitions/{petition.pk}/signatures/", add)


def test_volunteers_shifts_and_hours_to_approve(office):
    from amparo.volunteers import services as volunteer_services
    from amparo.volunteers.tests import factories as volunteer_factories

    coordinator = volunteer_factories.coordinator()
    names: list[str] = []

    def add(n: int) -> None:
        for _ in range(n):
            name = f"Voluntaria {next(serial)}"
            volunteer = volunteer_factories.volunteer(coordinator, name, skills=("es", "interpreter"), office=office)
            volunteer_services.set_availability(volunteer=volunteer, by=coordinator,
                                                days={5: (dt.time(9), dt.time(13))})
            shift = volunteer_factories.shift(coordinator, slots=2, day=dt.date(2026, 3, 2))
            volunteer_services.sign_up(shift=shift, volunteer=volunteer, by=coordinator)
            volunteer_services.log_hours(volunteer=volunteer, by=coordinator, date=dt.date(2026, 3, 2), hours="2",
                                         activity="welcome", shift=shift, today=dt.date(2026, 3, 16))
            names.append(name)

    def lists_names(body: str, total: int) -> bool:
        return all(name in body for name in names)

    client = sign_in(Client(), coordinator)
    assert_queries_do_not_grow(client, "/volunteers/", add, shows=lists_names)
    assert_queries_do_not_grow(client, "/volunteers/shifts/?past=1", add, shows=lists_names)
    assert_queries_do_not_grow(client, "/volunteers/hours/", add, shows=lists_names)


def test_outreach_door_name_search(admin_client, admin_user):
    """The door's name search, typed letter by letter: the same queries with three times the
    people found, and the event itself not read again when someone is found."""
    from amparo.outreach import services as outreach

    start = timezone.now() + dt.timedelta(days=3)
    event = outreach.create_event(by=admin_user, title="Charla en la puerta", starts_at=start,
                                  ends_at=start + dt.timedelta(hours=2), capacity=1000)
    names: list[str] = []

    def register(n: int) -> None:
        for _ in range(n):
            name = f"Portillo{next(serial)}"
            outreach.register(event=event, given_names="Reina", surnames=name, phone="2135550101", notify=False)
            names.append(name)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"/outreach/events/{event.pk}/checkin/search/"
    assert_queries_do_not_grow(admin_client, f"{url}?q=reina", register,
                               shows=lambda body, total: all(n in body for n in names))
    with CaptureQueriesContext(connection) as captured:
        assert names[0] in admin_client.get(url, {"q": f"reina {names[0].lower()}"}).content.decode()
    assert not [q for q in captured.captured_queries if 'FROM "outreach_event"' in q["sql"]]
    empty = admin_client.get(url, {"q": "nadie"})
    assert empty.status_code == 200 and "Nobody registered by that name." in empty.content.decode()
