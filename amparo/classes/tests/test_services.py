"""Enrolment with a waiting list, sessions from a weekly rule, attendance over sessions held so
far, certificates by the course's rule, and practice interviews that stop by the rules engine."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase

from amparo.accounts.roles import Role
from amparo.classes import services
from amparo.classes.models import CertificateKind, EnrolmentStatus, Mark

from . import factories as f

pytestmark = pytest.mark.django_db
TUE, THU = 1, 3


def test_sessions_follow_the_weekly_rule_and_skip_holidays(admin_user):
    section = f.section(admin_user)
    created, skipped = services.generate_sessions(
        section=section, by=admin_user, weekdays=[TUE, THU], starts_at=dt.time(18), ends_at=dt.time(20),
        first=dt.date(2026, 1, 13), last=dt.date(2026, 3, 26))
    dates = list(section.sessions.values_list("date", flat=True))
    assert dates[0] == dt.date(2026, 1, 13) and dates[-1] == dt.date(2026, 3, 26)
    assert all(d.weekday() in (TUE, THU) for d in dates)
    assert created == len(dates) == 22 and skipped == []   # no federal holiday falls on a Tue/Thu then
    again, _ = services.generate_sessions(section=section, by=admin_user, weekdays=[TUE, THU], starts_at=dt.time(18),
                                          ends_at=dt.time(20), first=dt.date(2026, 1, 13), last=dt.date(2026, 3, 26))
    assert again == 0


def test_a_monday_class_skips_martin_luther_king_day(admin_user):
    section = f.section(admin_user)
    _created, skipped = services.generate_sessions(
        section=section, by=admin_user, weekdays=[0], starts_at=dt.time(9), ends_at=dt.time(11),
        first=dt.date(2026, 1, 12), last=dt.date(2026, 1, 26))
    assert skipped == [dt.date(2026, 1, 19)]
    assert list(section.sessions.values_list("date", flat=True)) == [dt.date(2026, 1, 12), dt.date(2026, 1, 26)]


def test_full_section_waitlists_and_a_drop_promotes_the_next_and_tells_them_in_their_language(admin_user):
    section = f.section(admin_user, capacity=2)
    a, b = f.person("Ana", "Uno"), f.person("Beto", "Dos")
    c = f.person("Carla", "Tres", email="carla@example.org", language="es")
    d = f.person("Dan", "Four", email="dan@example.org", language="en")
    ea, _eb = (services.enrol(section=section, person=p, by=admin_user) for p in (a, b))
    ec, ed = (services.enrol(section=section, person=p, by=admin_user) for p in (c, d))
    assert (ec.status, ed.status) == (EnrolmentStatus.WAITING, EnrolmentStatus.WAITING)
    with pytest.raises(ValidationError):
        services.enrol(section=section, person=a, by=admin_user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.drop(enrolment=ea, by=admin_user, reason="work", note="Turno de noche")
    ec.refresh_from_db()
    ed.refresh_from_db()
    assert ec.status == EnrolmentStatus.ENROLLED and ed.status == EnrolmentStatus.WAITING
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["carla@example.org"]
    assert "Se abrió un lugar" in mail.outbox[0].subject
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.update_section(section=section, by=admin_user, fields={"capacity": 3})
    ed.refresh_from_db()
    assert ed.status == EnrolmentStatus.ENROLLED
    assert mail.outbox[1].to == ["dan@example.org"] and "A seat opened" in mail.outbox[1].subject


def _held_section(by, *, min_attendance=80):
    section = f.section(by, capacity=5, min_attendance=min_attendance)
    services.generate_sessions(section=section, by=by, weekdays=[TUE, THU], starts_at=dt.time(18),
                               ends_at=dt.time(20), first=dt.date(2026, 1, 13), last=dt.date(2026, 3, 26))
    return section


def test_attendance_counts_only_sessions_held_so_far(admin_user):
    section = _held_section(admin_user)
    enrolment = services.enrol(section=section, person=f.person(), by=admin_user)
    today = dt.date(2026, 1, 22)                       # 4 sessions held: 13, 15, 20, 22
    held = list(section.sessions.filter(date__lte=today))
    assert services.held_sessions(section, today) == 4
    for session, mark in zip(held, [Mark.PRESENT, Mark.LATE, Mark.ABSENT, Mark.EXCUSED], strict=True):
        services.record_attendance(session=session, enrolment=enrolment, mark=mark, by=admin_user, today=today)
    enrolment.refresh_from_db()
    assert (enrolment.present, enrolment.late, enrolment.absent, enrolment.excused) == (1, 1, 1, 1)
    assert enrolment.minutes == 240 and enrolment.hours == 4
    assert enrolment.percent(services.held_sessions(section, today)) == 67   # 2 of 3 (excused left out)
    future = section.sessions.filter(date__gt=today).first()
    with pytest.raises(ValidationError):
        services.record_attendance(session=future, enrolment=enrolment, mark=Mark.PRESENT, by=admin_user,
                                   today=today)
    services.record_attendance(session=held[2], enrolment=enrolment, mark=Mark.PRESENT, by=admin_user, today=today)
    enrolment.refresh_from_db()
    assert enrolment.percent(4) == 100 and enrolment.minutes == 360
    from amparo.classes.selectors import funder_hours

    other = services.enrol(section=section, person=f.person("Otra", "Persona"), by=admin_user)
    services.record_attendance(session=held[0], enrolment=other, mark=Mark.PRESENT, by=admin_user, today=today)
    services.drop(enrolment=other, by=admin_user, reason="moved")
    assert funder_hours(admin_user, funder="Fundación Sol") == [
        {"funder": "Fundación Sol", "course": "Ciudadanía A", "course_id": section.course_id, "enrolments": 2,
         "hours": 8.0, "completed": 0}]
    assert funder_hours(admin_user, funder="Nadie") == []


def test_certificates_only_to_those_who_meet_the_rule(admin_user):
    section = _held_section(admin_user)
    good, low, no_exam = (services.enrol(section=section, person=f.person(n, "X"), by=admin_user)
                          for n in ("Bueno", "Bajo", "Sinexamen"))
    today = dt.date(2026, 1, 29)                       # 6 sessions held
    for i, session in enumerate(section.sessions.filter(date__lte=today)):
        services.record_attendance(session=session, enrolment=good, mark=Mark.PRESENT, by=admin_user, today=today)
        services.record_attendance(session=session, enrolment=no_exam, mark=Mark.PRESENT, by=admin_user, today=today)
        services.record_attendance(session=session, enrolment=low, mark=Mark.PRESENT if i < 4 else Mark.ABSENT,
                                   by=admin_user, today=today)
    services.set_final_score(enrolment=good, by=admin_user, score=85)
    services.set_final_score(enrolment=low, by=admin_user, score=95)
    issued, refused = services.issue_certificates(section=section, kind=CertificateKind.ATTENDANCE, by=admin_user,
                                                  today=today)
    assert {c.enrolment_id for c in issued} == {good.pk, no_exam.pk}
    assert [e.pk for e, _ in refused] == [low.pk] and "67%" in refused[0][1]
    issued, refused = services.issue_certificates(section=section, kind=CertificateKind.COMPLETION, by=admin_user,
                                                  today=today)
    assert [c.enrolment_id for c in issued] == [good.pk]
    assert {e.pk for e, _ in refused} == {low.pk, no_exam.pk}
    again, _ = services.issue_certificates(section=section, kind=CertificateKind.COMPLETION, by=admin_user,
                                           today=today)
    assert again == []


def test_a_2025_practice_stops_at_the_ninth_wrong_answer(make_user):
    teacher = make_user(Role.TEACHER)
    f.questions("2025", 20)
    practice = services.start_practice(person=f.person(), by=teacher, filed_on=dt.date(2025, 10, 20),
                                       held_on=dt.date(2026, 2, 1))
    assert practice.version == "2025" and practice.rules["stop_after_wrong"] == 9
    for n in range(9):
        question = services.next_question(practice)
        assert question is not None, n
        practice = services.answer(practice=practice, question=question, correct=False, by=teacher)
        assert bool(practice.outcome) == (n == 8)
    assert (practice.outcome, practice.asked, practice.wrong) == ("failed", 9, 9)
    assert services.next_question(practice) is None
    assert len(services.most_missed(type(practice).objects.all())) == 9


def test_a_2008_practice_passes_at_six_right_and_65_20_draws_only_its_questions(make_user):
    teacher = make_user(Role.TEACHER)
    f.questions("2008", 12, special=10)
    student = f.person()
    practice = services.start_practice(person=student, by=teacher, filed_on=dt.date(2025, 10, 19),
                                       held_on=dt.date(2026, 2, 1))
    for _ in range(6):
        practice = services.answer(practice=practice, question=services.next_question(practice), correct=True,
                                   by=teacher)
    assert (practice.version, practice.outcome, practice.asked) == ("2008", "passed", 6)
    special = services.start_practice(person=student, by=teacher, filed_on=dt.date(2025, 10, 19),
                                      held_on=dt.date(2026, 2, 2), sixty_five_twenty=True)
    numbers = set()
    while (q := services.next_question(special)) is not None:
        numbers.add(q.number)
        special = services.answer(practice=special, question=q, correct=len(numbers) % 2 == 0, by=teacher)
    assert numbers <= set(range(1, 11)) and special.outcome


def test_import_keeps_good_rows_and_reports_bad_ones(admin_user):
    rows = [(2, {"version": "2025", "number": "1", "text_en": "SAMPLE one"}),
            (3, {"version": "2019", "number": "2", "text_en": "SAMPLE two"}),
            (4, {"version": "2025", "number": "x", "text_en": "SAMPLE three"}),
            (5, {"version": "2025", "number": "4", "text_en": ""})]
    saved, errors = services.import_questions(rows=rows, by=admin_user)
    assert saved == 1 and [line for line, _ in errors] == [3, 4, 5]


def test_an_english_reading_practice_has_no_invented_pass_mark(make_user):
    teacher = make_user(Role.TEACHER)
    rows = [(i + 2, {"kind": "reading", "version": "2025", "number": str(i + 1), "text_en": f"SAMPLE sentence {i}",
                     "sample": "yes"}) for i in range(3)]
    services.import_questions(rows=rows, by=teacher)
    practice = services.start_practice(person=f.person(), by=teacher, filed_on=dt.date(2026, 1, 5),
                                       held_on=dt.date(2026, 2, 1), kind="reading")
    assert practice.rules["pass_mark"] is None
    while (q := services.next_question(practice)) is not None:
        assert q.kind == "reading"
        practice = services.answer(practice=practice, question=q, correct=True, by=teacher)
    assert (practice.outcome, practice.asked) == ("done", 3)
