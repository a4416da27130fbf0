"""The programs through their pages and API: booking answers 409 naming the conflict, assessments
are scored with their band and alert, referrals close their loop, the bed board shows beds taken,
and clinical notes reach only the clinicians of their program, through every channel."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import UserFactory
from amparo.core.testing import Channels, assert_channels, sign_in
from amparo.programs import scoring, selectors, services
from amparo.programs.models import Appointment, ClinicalAlert, Program, Referral, Stay

from .factories import DAY, at, bed, clinician, person, room, service

pytestmark = pytest.mark.django_db


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_booking_through_the_api_answers_201_then_409_naming_the_provider():
    ana = clinician(full_name="Ana Ruiz")
    svc, sala = service(), room()
    client = sign_in(Client(), ana)
    body = {"person": person().pk, "provider": ana.pk, "room": sala.pk, "service": svc.code,
            "starts_at": at(10).isoformat(), "ends_at": at(10, 50).isoformat()}
    first = _post(client, "/api/v1/appointments", body)
    assert first.status_code == 201, first.content
    assert first.json()["status"] == "booked"
    second = _post(client, "/api/v1/appointments", {**body, "person": person().pk, "room": None})
    assert second.status_code == 409
    assert "Ana Ruiz" in second.json()["detail"] and second.json()["errors"] == {}
    third = _post(client, "/api/v1/appointments", {**body, "provider": clinician().pk, "person": person().pk})
    assert third.status_code == 409 and "Sala 1" in third.json()["detail"]
    listed = client.get(f"/api/v1/appointments?day={DAY.isoformat()}")
    assert [a["provider"] for a in listed.json()] == [ana.pk]


def test_the_api_refuses_legal_staff_and_unknown_people():
    attorney = UserFactory(role=Role.ATTORNEY)
    client = sign_in(Client(), attorney)
    body = {"person": person().pk, "provider": clinician().pk, "service": service().code,
            "starts_at": at(10).isoformat(), "ends_at": at(10, 50).isoformat()}
    assert _post(client, "/api/v1/appointments", body).status_code == 404
    client = sign_in(Client(), clinician())
    assert _post(client, "/api/v1/appointments", {**body, "person": 999999}).status_code == 404


@pytest.mark.parametrize(("instrument", "answers", "total", "band", "alert"), [
    ("phq9", [0] * 9, 0, "minimal", False),
    ("phq9", [1, 1, 1, 1, 1, 0, 0, 0, 0], 5, "mild", False),
    ("phq9", [2, 2, 2, 2, 2, 0, 0, 0, 1], 11, "moderate", True),
    ("phq9", [3, 3, 3, 3, 3, 3, 0, 0, 0], 18, "moderately_severe", False),
    ("phq9", [3] * 9, 27, "severe", True),
    ("gad7", [1, 1, 1, 1, 1, 1, 1], 7, "mild", False),
    ("gad7", [3, 3, 3, 3, 3, 0, 0], 15, "severe", False),
])
def test_scores_bands_and_the_item_nine_alert(instrument, answers, total, band, alert):
    result = scoring.score(instrument, answers)
    assert (result.score, result.band, result.self_harm) == (total, band, alert)


def test_item_nine_raises_an_alert_for_the_clinician_and_the_chart_shows_the_history():
    ana, client_person = clinician(), person()
    services.record_assessment(person=client_person, program=Program.MENTAL_HEALTH, instrument="phq9",
                               answers=[2] * 8 + [0], taken_on=DAY, by=ana)
    services.record_assessment(person=client_person, program=Program.MENTAL_HEALTH, instrument="phq9",
                               answers=[1] * 8 + [1], taken_on=DAY + dt.timedelta(days=14), by=ana)
    assert ClinicalAlert.objects.filter(clinician=ana, person=client_person).count() == 1
    page = sign_in(Client(), ana).get(f"/programs/clients/{client_person.pk}/").content.decode()
    assert "<svg" in page and "<polyline" in page and ">16<" in page and ">9<" in page
    assert "answered question 9" in sign_in(Client(), ana).get("/programs/clinic/").content.decode()


def test_recording_a_phq9_through_the_page():
    ana, client_person = clinician(), person()
    data = {"taken_on": DAY.isoformat(), "program": Program.MENTAL_HEALTH,
            **{f"q{i}": "1" for i in range(1, 10)}}
    response = sign_in(Client(), ana).post(f"/programs/clients/{client_person.pk}/assessments/phq9/", data)
    assert response.status_code == 302
    assert client_person.assessments.get().score == 9


def test_a_referral_stays_open_until_the_receiver_says_whether_the_client_was_seen():
    worker, client_person = UserFactory(role=Role.HOUSING), person()
    referral = services.refer(person=client_person, from_program="mental_health", to_program="housing",
                              by=clinician(), sent_on=DAY)
    late = services.refer(person=person(), from_program="clinic", to_program="partner", partner="Clínica",
                          by=worker, sent_on=DAY - dt.timedelta(days=30))
    assert list(selectors.referrals(worker, state="overdue", today=DAY)) == [late]
    web = sign_in(Client(), worker)
    web.post(f"/programs/referrals/{referral.pk}/confirm/", {})
    referral.refresh_from_db()
    assert referral.status == Referral.Status.RECEIVED and referral.received_at
    web.post(f"/programs/referrals/{referral.pk}/confirm/", {"seen": "yes"})
    referral.refresh_from_db()
    assert referral.status == Referral.Status.CLOSED and referral.seen is True
    assert sign_in(Client(), UserFactory(role=Role.ATTORNEY)).get("/api/v1/referrals").status_code == 404


def test_admitting_to_a_free_bed_shows_it_taken_on_the_board_and_in_the_api():
    worker, family_head = UserFactory(role=Role.HOUSING), person(given_names="Reina")
    free, other = bed("A"), bed("B")
    web = sign_in(Client(), worker)
    response = web.post(f"/programs/clients/{family_head.pk}/admit/?day={DAY.isoformat()}",
                        {"bed": free.pk, "entry_date": DAY.isoformat()})
    assert response.status_code == 302
    board = web.get(f"/programs/housing/?day={DAY.isoformat()}").content.decode()
    assert "Reina" in board and "1 bed free" in board
    beds = {b["id"]: b["free_tonight"] for b in web.get(f"/api/v1/housing/beds?night={DAY.isoformat()}").json()}
    assert beds == {free.pk: False, other.pk: True}
    again = web.post(f"/programs/clients/{person().pk}/admit/", {"bed": free.pk, "entry_date": DAY.isoformat()})
    assert "This bed is taken that night." in again.content.decode()
    stays = web.get("/api/v1/housing/stays").json()
    assert [s["bed"] for s in stays] == [free.pk]
    services.discharge(stay=Stay.objects.get(), exit_date=DAY + dt.timedelta(days=5), destination="435", by=worker)
    assert selectors.bed_board(worker, DAY + dt.timedelta(days=5)).free == 2


def test_the_waiting_list_order_is_children_then_medical_need_then_days_waiting():
    worker = UserFactory(role=Role.HOUSING)
    a = services.add_to_waitlist(person=person(), by=worker, added_on=DAY - dt.timedelta(days=40))
    b = services.add_to_waitlist(person=person(), by=worker, added_on=DAY, medical_need=True)
    c = services.add_to_waitlist(person=person(), by=worker, added_on=DAY, children=True)
    d = services.add_to_waitlist(person=person(), by=worker, added_on=DAY - dt.timedelta(days=50))
    assert list(selectors.waitlist(worker)) == [c, b, d, a]


def test_assistance_is_decimal_approved_and_corrected_never_edited():
    from decimal import Decimal

    from django.core.exceptions import ValidationError

    worker, director = UserFactory(role=Role.HOUSING), UserFactory(role=Role.DIRECTOR)
    given = services.give_assistance(kind="food", amount=Decimal("25.50"), fund="Fondo de emergencia",
                                     approved_by=director, given_on=DAY, by=worker, person=person())
    with pytest.raises(ValidationError):
        services.give_assistance(kind="food", amount=Decimal("1.005"), fund="F", approved_by=director, given_on=DAY,
                                 by=worker, person=person())
    with pytest.raises(ValidationError):
        services.give_assistance(kind="food", amount=Decimal("5"), fund="F", approved_by=UserFactory(
            role=Role.VOLUNTEER), given_on=DAY, by=worker, person=person())
    fix = services.correct_assistance(original=given, by=worker, note="Duplicated")
    assert fix.amount == Decimal("-25.50")


NOTE = "Zyxwvut remembers the journey"


def _note_channels(client_person, note):
    def export(client):
        response = client.get("/programs/clinic/notes/export.csv")
        return b"".join(response.streaming_content) if response.status_code == 200 else b""

    return Channels(list_url="/programs/clinic/notes/", search=("/search/", "remembers the journey"), export=export,
                    api_list_url="/api/v1/visit-notes", api_detail_url=f"/api/v1/visit-notes/{note.pk}",
                    extra={"client": f"/programs/clients/{client_person.pk}/"})


@pytest.mark.parametrize(("who", "visible"), [
    ("counsellor", True), ("clinic_only", False), (Role.ATTORNEY, False), (Role.PARALEGAL, False),
    (Role.CASE_MANAGER, False), (Role.ADMINISTRATOR, False), (Role.INTAKE, False), (Role.HOUSING, False),
])
def test_a_visit_note_reaches_only_clinicians_of_its_program_through_every_channel(who, visible):
    author = clinician(programs=(Program.MENTAL_HEALTH,))
    client_person = person()
    note = services.add_note(person=client_person, program=Program.MENTAL_HEALTH, text=NOTE, by=author)
    if who == "counsellor":
        user = clinician(programs=(Program.MENTAL_HEALTH,))
    elif who == "clinic_only":
        user = clinician(programs=(Program.CLINIC,))
    else:
        user = UserFactory(role=who)
    assert_channels(Client(), user, "Zyxwvut", visible=visible, channels=_note_channels(client_person, note))


def test_reminders_name_no_service_and_go_in_the_clients_language(mailoutbox):
    from amparo.people.models import ContactPoint
    from amparo.programs.notifications import send_reminders

    ana, maria = clinician(), person(preferred_language="es")
    ContactPoint.objects.create(person=maria, kind=ContactPoint.Kind.EMAIL, value="maria@example.org")
    svc = service("counselling")
    services.book(person=maria, provider=ana, service=svc, starts_at=at(10), ends_at=at(10, 50), by=ana)
    assert send_reminders(now=at(9, day=DAY - dt.timedelta(days=1))) == 0  # more than 24 hours ahead
    assert send_reminders(now=at(11, day=DAY - dt.timedelta(days=1))) == 1
    assert send_reminders(now=at(12, day=DAY - dt.timedelta(days=1))) == 0  # once
    message = mailoutbox[0]
    text = (message.subject + message.body).lower()
    assert "cita" in text
    for word in ("counselling", "consejería", "clínica", "clinic", "salud", "mental", "terapia", svc.name.lower()):
        assert word not in text


def test_day_views_list_the_providers_and_the_rooms_day():
    ana, sala = clinician(full_name="Ana Ruiz"), room("Sala 3")
    services.book(person=person(given_names="Lupita"), provider=ana, service=service(), starts_at=at(9),
                  ends_at=at(9, 50), by=ana, room=sala)
    web = sign_in(Client(), UserFactory(role=Role.INTAKE))
    assert "Lupita" in web.get(f"/programs/clinic/providers/{ana.pk}/?day={DAY.isoformat()}").content.decode()
    assert "Lupita" in web.get(f"/programs/clinic/rooms/{sala.pk}/?day={DAY.isoformat()}").content.decode()
    assert "Lupita" not in web.get(
        f"/programs/clinic/rooms/{sala.pk}/?day={(DAY + dt.timedelta(days=1)).isoformat()}").content.decode()
    assert Appointment.objects.count() == 1
