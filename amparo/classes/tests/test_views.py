"""Pages and API through the gate: a teacher sees and marks only their sections; certificates
verify publicly with initials only; imports report refused rows; exports go through core."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from amparo.accounts.roles import Role
from amparo.classes import services
from amparo.classes.models import Attendance, Certificate, CertificateKind, Mark
from amparo.core.testing import sign_in

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(admin_user, make_user):
    teacher = make_user(Role.TEACHER, full_name="Patricia Lemus")
    other = make_user(Role.TEACHER, full_name="Otro Maestro")
    mine = f.section(admin_user, teachers=[teacher], capacity=5)
    theirs = f.section(admin_user, teachers=[other], name="B")
    today = timezone.localdate()
    services.generate_sessions(section=mine, by=admin_user, weekdays=list(range(7)), starts_at=dt.time(18),
                               ends_at=dt.time(20), first=today - dt.timedelta(days=2),
                               last=today + dt.timedelta(days=2), skip_holidays=False)
    student = services.enrol(section=mine, person=f.person("Rosa", "Amaya Pérez"), by=admin_user)
    return {"teacher": teacher, "mine": mine, "theirs": theirs, "student": student, "today": today}


def test_a_teacher_sees_their_sections_only(world):
    client = sign_in(Client(), world["teacher"])
    home = client.get("/classes/").content.decode()
    assert world["mine"].get_absolute_url() in home and world["theirs"].get_absolute_url() not in home
    assert client.get(world["mine"].get_absolute_url()).status_code == 200
    assert client.get(world["theirs"].get_absolute_url()).status_code == 404
    assert client.get(f"/classes/sections/{world['mine'].pk}/enrol/").status_code == 403


def test_one_tap_marks_a_student_and_answers_the_row(world):
    client = sign_in(Client(), world["teacher"])
    session = world["mine"].sessions.filter(date__lte=world["today"]).first()
    url = f"/classes/sessions/{session.pk}/attendance/{world['student'].pk}/"
    response = client.post(url, {"mark": "late"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="row-{world["student"].pk}"' in body and "<html" not in body
    assert Attendance.objects.get(session=session).mark == Mark.LATE
    future = world["mine"].sessions.filter(date__gt=world["today"]).first()
    client.post(f"/classes/sessions/{future.pk}/attendance/{world['student'].pk}/", {"mark": "present"})
    assert not Attendance.objects.filter(session=future).exists()
    other = sign_in(Client(), world["theirs"].teachers.first())
    assert other.post(url, {"mark": "absent"}).status_code == 404


def test_certificate_pdf_and_public_verification_show_initials_only(world, admin_client, admin_user):
    session = world["mine"].sessions.filter(date__lte=world["today"]).first()
    for s in world["mine"].sessions.filter(date__lte=world["today"]):
        services.record_attendance(session=s, enrolment=world["student"], mark="present", by=admin_user,
                                   today=world["today"])
    assert session
    admin_client.post(f"/classes/sections/{world['mine'].pk}/certificates/", {"kind": "attendance"})
    cert = Certificate.objects.get(kind=CertificateKind.ATTENDANCE)
    pdf = admin_client.get(f"/classes/certificates/{cert.pk}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    public = Client().get(f"/classes/verify/{cert.code}/")
    body = public.content.decode()
    assert public.status_code == 200 and "R. A." in body and "Rosa" not in body and "Amaya" not in body
    assert Client().get("/classes/verify/NOPE123/").status_code == 404


def test_question_import_from_csv_reports_refused_rows(admin_client):
    csv = (b"version,number,text_en,text_es,answers_en,answers_es,sixty_five_twenty,sample\n"
           b"2025,1,SAMPLE one,MUESTRA uno,a|b,a|b,no,yes\n"
           b"2019,2,SAMPLE two,,,,no,yes\n")
    response = admin_client.post("/classes/questions/", {"file": SimpleUploadedFile("bank.csv", csv)}, follow=True)
    body = response.content.decode()
    assert "1 question(s) saved, 1 row(s) refused" in body and "Line 3" in body


def test_practice_pages_and_readiness(world, admin_user):
    f.questions("2025", 20)
    client = sign_in(Client(), world["teacher"])
    person = world["student"].person
    response = client.post(f"/classes/students/{person.pk}/practice/", {"filed_on": "2025-11-03", "kind": "civics"})
    practice_url = response["Location"]
    for _ in range(9):
        page = client.get(practice_url).content.decode()
        question = page.split('name="question" value="')[1].split('"')[0]
        client.post(practice_url, {"question": question, "correct": "no"})
    page = client.get(practice_url).content.decode()
    assert 'id="outcome"' in page and "Not passed" in page
    student_page = client.get(f"/classes/students/{person.pk}/").content.decode()
    assert "missed once" in student_page


def test_exports_and_hours_need_the_export_capability(world, admin_client):
    roster = admin_client.get(f"/classes/exports/roster/?section={world['mine'].pk}")
    assert roster.status_code == 200 and "Amaya" in b"".join(roster.streaming_content).decode("utf-8-sig")
    xlsx = admin_client.get("/classes/exports/hours/?format=xlsx")
    assert xlsx.status_code == 200 and b"".join(xlsx.streaming_content)[:2] == b"PK"
    assert "Fundación Sol" in admin_client.get("/classes/hours/").content.decode()
    teacher = sign_in(Client(), world["teacher"])
    assert teacher.get("/classes/exports/roster/").status_code == 404
    assert teacher.get("/classes/hours/").status_code == 403


def test_api_roll_and_attendance(world):
    client = sign_in(Client(), world["teacher"])
    roll = client.get(f"/api/v1/classes/sections/{world['mine'].pk}/enrolments")
    assert roll.status_code == 200 and roll.json()[0]["person_name"] == "Rosa Amaya Pérez"
    assert client.get(f"/api/v1/classes/sections/{world['theirs'].pk}/enrolments").status_code == 404
    session = world["mine"].sessions.filter(date__lte=world["today"]).first()
    done = client.post(f"/api/v1/classes/sessions/{session.pk}/attendance",
                       {"enrolment_id": world["student"].pk, "mark": "present"}, content_type="application/json")
    assert done.status_code == 200, done.content
    bad = client.post(f"/api/v1/classes/sessions/{session.pk}/attendance",
                      {"enrolment_id": world["student"].pk, "mark": "maybe"}, content_type="application/json")
    assert bad.status_code == 422
    sections = client.get("/api/v1/classes/sections").json()
    assert [s["id"] for s in sections] == [world["mine"].pk]
