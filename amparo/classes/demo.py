"""Demo classes: a citizenship course with a term, a section, sessions, students, marks and the
small sample of civics questions (marked as a sample). Created through the services, once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone

from amparo.accounts.roles import Role
from amparo.people.models import Person

from . import services
from .imports import read_question_file
from .models import Course, CourseKind, EnrolmentStatus, Mark

SAMPLE = Path(__file__).resolve().parent / "data" / "sample_questions.csv"
COURSE = "Ciudadanía (demostración)"


def load_sample_questions(by: object = None) -> int:
    rows, _errors = read_question_file(SAMPLE.name, SAMPLE.read_bytes())
    saved, _refused = services.import_questions(rows=rows, by=by)
    return saved


def load() -> str:
    if Course.objects.filter(name=COURSE).exists():
        return "classes: demo already loaded"
    User = get_user_model()
    admin = User.objects.filter(role=Role.ADMINISTRATOR, is_active=True).order_by("pk").first()
    teacher = User.objects.filter(role=Role.TEACHER, is_active=True).order_by("pk").first()
    questions = load_sample_questions(admin)
    today = timezone.localdate()
    start = today - dt.timedelta(days=28)
    course = services.create_course(by=admin, fields={
        "name": COURSE, "kind": CourseKind.CITIZENSHIP, "level": "N-400", "language": "es",
        "funder": "Fundación de demostración", "min_attendance_percent": 80, "requires_final_assessment": True,
        "passing_score": 70})
    term = services.create_term(by=admin, name=f"Demo {start:%Y-%m}", starts_on=start,
                                ends_on=start + dt.timedelta(days=70))
    section = services.create_section(by=admin, course=course, term=term, name="A", room="Salón 2", capacity=12,
                                      teachers=[teacher] if teacher else [])
    services.generate_sessions(section=section, by=admin, weekdays=[1, 3], starts_at=dt.time(18),
                               ends_at=dt.time(20), first=term.starts_on, last=term.ends_on)
    students = list(Person.objects.current().filter(restricted=False, hidden=False).order_by("pk")[:14])
    enrolments = [services.enrol(section=section, person=p, by=admin) for p in students]
    held = list(section.sessions.filter(date__lte=today))
    cycle = [Mark.PRESENT, Mark.PRESENT, Mark.LATE, Mark.PRESENT, Mark.ABSENT, Mark.PRESENT, Mark.EXCUSED]
    for i, enrolment in enumerate(e for e in enrolments if e.status == EnrolmentStatus.ENROLLED):
        for j, session in enumerate(held):
            services.record_attendance(session=session, enrolment=enrolment, mark=cycle[(i + j) % len(cycle)],
                                       by=teacher or admin, today=today)
    return (f"classes: 1 course, {section.sessions.count()} sessions, {len(enrolments)} enrolments "
            f"({sum(e.status == EnrolmentStatus.WAITING for e in enrolments)} waiting), {questions} sample questions")
