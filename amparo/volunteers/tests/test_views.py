"""The coordinators' pages (list with search and filters, a volunteer's page, the roster, the
approval queue), a volunteer's own page, in English and Spanish; nothing for anyone else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from amparo.accounts.roles import Role
from amparo.core.testing import sign_in
from amparo.volunteers import services
from amparo.volunteers.models import HoursEntry, Signup, Skill

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixed_today(monkeypatch):
    """Monday 16 March 2026, noon in the center's time zone."""
    noon = f.at(f.TODAY, 12)
    monkeypatch.setattr(timezone, "now", lambda: noon)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: f.TODAY)


@pytest.fixture
def team(make_user, fixed_today):
    by = make_user(Role.ORGANIZER, full_name="Beatriz Villalta")
    emily_account = make_user(Role.VOLUNTEER, full_name="Emily Carter", email="emily@amparo.test")
    rosa = f.volunteer(by, "Rosa Elena Guardado", skills=("quc", "interpreter"), phone="213-555-0141",
                       check_status="cleared", check_done_on=dt.date(2024, 3, 1), check_expires_on=dt.date(2026, 3, 30))
    marcos = f.volunteer(by, "Marcos Tzul", skills=("driver",), check_status="cleared",
                         check_done_on=dt.date(2024, 1, 1), check_expires_on=dt.date(2026, 1, 31))
    emily = f.volunteer(by, "Emily Carter", skills=("en",), user=emily_account)
    services.set_availability(volunteer=marcos, by=by, days={5: (dt.time(8), dt.time(12))})
    return {"by": by, "rosa": rosa, "marcos": marcos, "emily": emily, "emily_account": emily_account}


def test_the_list_searches_and_filters_by_skill_availability_and_check(team):
    page = sign_in(Client(), team["by"])

    def names(**params):
        html = page.get("/volunteers/", params).content.decode()
        return [n for n in ("Rosa Elena Guardado", "Marcos Tzul", "Emily Carter") if n in html]

    assert names() == ["Rosa Elena Guardado", "Marcos Tzul", "Emily Carter"]
    assert names(q="guardado") == ["Rosa Elena Guardado"]
    assert names(q="5550141") == ["Rosa Elena Guardado"]
    assert names(skill=Skill.objects.get(code="driver").pk) == ["Marcos Tzul"]
    assert names(day=5) == ["Marcos Tzul"]
    assert names(check="expiring") == ["Rosa Elena Guardado"]  # runs out on March 30
    assert names(check="expired") == ["Marcos Tzul"]
    assert names(check="missing") == ["Emily Carter"]
    assert "Expires" in page.get("/volunteers/").content.decode()


def test_a_coordinator_signs_a_volunteer_up_on_the_roster_and_sees_when_it_is_full(team):
    page = sign_in(Client(), team["by"])
    shift = f.shift(team["by"], slots=1)
    answer = page.post(f"/volunteers/shifts/{shift.pk}/", {"volunteer": team["rosa"].pk}, follow=True)
    assert "Rosa Elena Guardado is signed up." in answer.content.decode()
    assert "This shift is full." in answer.content.decode()
    again = page.post(f"/volunteers/shifts/{shift.pk}/", {"volunteer": team["marcos"].pk}).content.decode()
    assert "This shift is full: all 1 places are taken." in again
    roster = page.get(f"/volunteers/shifts/?event={shift.event_id}").content.decode()
    assert "Roster for Conozca sus derechos" in roster and "Rosa Elena Guardado" in roster


def test_hours_are_logged_approved_in_the_queue_and_shown_on_the_volunteer_page(team, make_user):
    page = sign_in(Client(), team["by"])
    answer = page.post(f"/volunteers/{team['rosa'].pk}/hours/", {
        "date": "2026-03-10", "hours": "2.5", "activity": "interpreting", "program": "legal"}, follow=True)
    assert "Hours logged" in answer.content.decode()
    bad = page.post(f"/volunteers/{team['rosa'].pk}/hours/", {
        "date": "2026-03-10", "hours": "30", "activity": "interpreting", "program": "legal"}).content.decode()
    assert "Hours must be more than 0 and at most 24 in one day." in bad
    entry = HoursEntry.objects.get()
    director = sign_in(Client(), make_user(Role.DIRECTOR))
    assert "Rosa Elena Guardado" in director.get("/volunteers/hours/").content.decode()
    director.post(f"/volunteers/hours/{entry.pk}/decide/", {"decision": "approve"})
    assert HoursEntry.objects.get().status == HoursEntry.Status.APPROVED
    detail = page.get(f"/volunteers/{team['rosa'].pk}/").content.decode()
    assert "Approved" in detail and "Correct" in detail


def test_a_refusal_without_a_reason_is_explained(team):
    entry = services.log_hours(volunteer=team["rosa"], by=team["by"], date=dt.date(2026, 3, 2), hours="1",
                               activity="clinic", program="legal", today=dt.date(2026, 3, 16))
    page = sign_in(Client(), team["by"])
    answer = page.post(f"/volunteers/hours/{entry.pk}/decide/", {"decision": "reject"}, follow=True)
    assert "Say why the hours are not approved." in answer.content.decode()
    assert HoursEntry.objects.get().status == HoursEntry.Status.PENDING


def test_a_volunteer_signs_up_on_their_own_page_and_sees_nobody_elses_record(team):
    shift = f.shift(team["by"], slots=3, day=f.TODAY + dt.timedelta(days=3))
    page = sign_in(Client(), team["emily_account"])
    mine = page.get("/volunteers/me/").content.decode()
    assert "Registro en la puerta" in mine and "Sign me up" in mine
    done = page.post(f"/volunteers/me/shifts/{shift.pk}/", follow=True).content.decode()
    assert "You are signed up. Thank you!" in done
    assert Signup.objects.get().volunteer == team["emily"]
    for url in ("/volunteers/", f"/volunteers/{team['rosa'].pk}/", f"/volunteers/{team['emily'].pk}/",
                "/volunteers/hours/", f"/volunteers/shifts/{shift.pk}/", "/volunteers/shifts/"):
        assert page.get(url).status_code == 404, url
    page.post("/volunteers/me/hours/", {"date": "2026-03-16", "hours": "3",
                                         "activity": "welcome", "program": "events"})
    entry = HoursEntry.objects.get()
    assert entry.volunteer == team["emily"] and entry.status == HoursEntry.Status.PENDING
    assert page.post(f"/volunteers/hours/{entry.pk}/decide/", {"decision": "approve"}).status_code == 403
    signup = Signup.objects.get()
    page.post(f"/volunteers/signups/{signup.pk}/cancel/", {"next": "me"})
    assert Signup.objects.get().status == Signup.Status.CANCELLED


@pytest.mark.parametrize("role", [Role.INTAKE, Role.ATTORNEY, Role.DEVELOPMENT, Role.VOLUNTEER, Role.TEACHER])
def test_no_volunteer_record_reaches_anyone_without_the_permission(team, make_user, role):
    page = sign_in(Client(), make_user(role))
    rosa = team["rosa"]
    entry = services.log_hours(volunteer=rosa, by=team["by"], date=dt.date(2026, 3, 2), hours="1",
                               activity="clinic", program="legal", today=dt.date(2026, 3, 16))
    for url in ("/volunteers/", f"/volunteers/{rosa.pk}/", f"/volunteers/{rosa.pk}/edit/", "/volunteers/hours/",
                "/volunteers/shifts/", "/volunteers/new/", f"/volunteers/hours/{entry.pk}/correct/"):
        answer = page.get(url)
        assert answer.status_code in (403, 404), url
        assert "Guardado" not in answer.content.decode()
    assert page.post(f"/volunteers/hours/{entry.pk}/decide/", {"decision": "approve"}).status_code == 404
    for url in ("/api/v1/volunteers", "/api/v1/volunteers/hours"):
        answer = page.get(url)
        assert "Guardado" not in answer.content.decode() and "213-555" not in answer.content.decode()
    assert HoursEntry.objects.get().status == HoursEntry.Status.PENDING


def test_the_pages_speak_spanish(team):
    team["by"].language = "es"
    team["by"].save()
    page = sign_in(Client(), team["by"])
    shift = f.shift(team["by"], slots=1)
    listing = page.get("/volunteers/").content.decode()
    assert "Voluntarios" in listing and "Verificación de antecedentes" in listing and "Habilidades e idiomas" in listing
    assert "Kʼicheʼ" in listing or "K'iche'" in listing or "K&#x27;iche&#x27;" in listing
    page.post(f"/volunteers/shifts/{shift.pk}/", {"volunteer": team["rosa"].pk})
    full = page.post(f"/volunteers/shifts/{shift.pk}/", {"volunteer": team["marcos"].pk}).content.decode()
    assert "Este turno está lleno: los 1 lugares están ocupados." in full
    assert "Lista: 1 de 1 lugares ocupados" in full
    assert "No hay horas esperando aprobación." in page.get("/volunteers/hours/").content.decode()


def test_a_shift_form_says_plainly_what_is_wrong(team):
    page = sign_in(Client(), team["by"])
    event, drive = f.event(team["by"]), f.drive(team["by"])
    answer = page.post("/volunteers/shifts/new/", {
        "event": event.pk, "drive": drive.pk, "role": "Intérprete", "starts_at": "2026-03-20T18:00",
        "ends_at": "2026-03-20T17:00", "slots": "2"}).content.decode()
    assert "A shift belongs to one event or one registration drive." in answer
    assert "The shift must end after it starts." in answer
    created = page.post("/volunteers/shifts/new/", {
        "event": event.pk, "role": "Intérprete", "starts_at": "2026-03-20T18:00", "ends_at": "2026-03-20T20:00",
        "slots": "2"}, follow=True).content.decode()
    assert "Shift created." in created and "Charlas y eventos" not in created and "Charlas and events" in created


def test_an_event_and_a_drive_page_show_their_volunteer_shifts_to_coordinators_only():
    """Outreach's pages carry the volunteers' panel (core.panels): the shift, its places taken, the
    roster and a new shift for this event or drive; intake staff, who see the event, do not."""
    boss = f.coordinator()
    door = f.shift(boss, slots=3, role="Registro en la puerta")
    services.sign_up(shift=door, volunteer=f.volunteer(boss), by=boss)
    drive = f.drive(boss)
    f.shift(boss, slots=2, drive=drive, role="Captura de datos")

    page = sign_in(Client(), boss).get(f"/outreach/events/{door.event_id}/").content.decode()
    assert "Registro en la puerta" in page and "1 of 3 places taken" in page
    assert f"/volunteers/shifts/?event={door.event_id}" in page
    assert f"/volunteers/shifts/new/?event={door.event_id}" in page
    boss.language = "es"
    boss.save()
    page = sign_in(Client(), boss).get(f"/outreach/drives/{drive.pk}/").content.decode()
    assert "Captura de datos" in page and "0 de 2 lugares ocupados" in page

    intake = sign_in(Client(), _intake())
    page = intake.get(f"/outreach/events/{door.event_id}/").content.decode()
    assert "Registro en la puerta" not in page and "/volunteers/" not in page


def _intake():
    from amparo.accounts.tests.factories import UserFactory

    return UserFactory(role=Role.INTAKE)
