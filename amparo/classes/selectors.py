"""Reads used by pages, the API, exports and the benchmark. Everything through the gate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Sum
from django.http import Http404

from amparo.core.permissions import VIEW, can, restrict
from amparo.people.models import Person

from . import services
from .models import Attendance, Certificate, ClassSession, Enrolment, EnrolmentStatus, Practice, Section


def roll(section: Section, *, today: dt.date) -> dict[str, Any]:
    """A section's roll: enrolled students with their attendance over sessions held by ``today``
    (future sessions never count), the waiting list in order, the dropped, and the sessions."""
    held = services.held_sessions(section, today)
    enrolments = list(section.enrolments.select_related("person").order_by(
        "person__first_surname", "person__given_names", "id"))
    enrolled = [e for e in enrolments if e.status == EnrolmentStatus.ENROLLED]
    for e in enrolled:
        e.percent_now = e.percent(held)
    waiting = sorted((e for e in enrolments if e.status == EnrolmentStatus.WAITING),
                     key=lambda e: (e.requested_at, e.pk))
    return {
        "held": held, "enrolled": enrolled, "waiting": waiting,
        "dropped": [e for e in enrolments if e.status == EnrolmentStatus.DROPPED],
        "sessions": list(section.sessions.annotate(marked=Count("marks"))),
        "seats_left": max(0, section.capacity - len(enrolled)),
    }


def attendance_rows(session: ClassSession, *, enrolment_ids: Sequence[int] | None = None) -> list[dict[str, Any]]:
    enrolments = session.section.enrolments.filter(status=EnrolmentStatus.ENROLLED).select_related("person") \
        .order_by("person__first_surname", "person__given_names", "id")
    if enrolment_ids is not None:
        enrolments = enrolments.filter(pk__in=enrolment_ids)
    marks = dict(Attendance.objects.filter(session=session).values_list("enrolment_id", "mark"))
    return [{"enrolment": e, "mark": marks.get(e.pk, "")} for e in enrolments]


def student(user: Any, person_pk: int) -> Person:
    """A person as a student: visible through the people gate, or enrolled in a section ``user``
    may see (a teacher sees their own students without seeing anyone's file)."""
    person = Person.objects.current().filter(pk=person_pk).first()
    if person is None:
        raise Http404
    if can(user, VIEW, person):
        return person
    if restrict(Enrolment.objects.filter(person=person), user, VIEW).exists():
        return person
    if restrict(Practice.objects.filter(person=person), user, VIEW).exists():
        return person
    raise Http404


def readiness(user: Any, person: Person) -> dict[str, Any]:
    """A student's practices over time (oldest first) and the questions they miss most."""
    practices = restrict(Practice.objects.filter(person=person), user, VIEW)
    done = list(practices.exclude(outcome="").order_by("held_on", "id")[:100])
    for p in done:
        p.score = round(100 * p.correct / p.asked) if p.asked else 0
    return {"practices": done, "missed": services.most_missed(practices)}


def enrolments_of(user: Any, person: Person, today: dt.date) -> list[Enrolment]:
    items = list(restrict(Enrolment.objects.filter(person=person), user, VIEW)
                 .select_related("section__course", "section__term").order_by("-requested_at")[:50])
    for e in items:
        e.percent_now = e.percent(services.held_sessions(e.section, today))
    return items


def funder_hours(user: Any, *, funder: str | None = None, term_id: int | None = None) -> list[dict[str, Any]]:
    """Hours of instruction received per funder and course, from the sections' kept totals (one
    row read per section, never the marks or the enrolments). ``enrolments`` counts everyone
    ever seated, dropped students included: one person in two sections counts twice."""
    sections = restrict(Section.objects.all(), user, VIEW)
    certificates = restrict(Certificate.objects.filter(kind="completion"), user, VIEW)
    if funder is not None:
        sections = sections.filter(course__funder=funder)
        certificates = certificates.filter(enrolment__section__course__funder=funder)
    if term_id is not None:
        sections = sections.filter(term_id=term_id)
        certificates = certificates.filter(enrolment__section__term_id=term_id)
    rows = (sections.values("course__funder", "course__name", "course_id")
            .annotate(enrolments=Sum("seated"), minutes=Sum("minutes"))
            .order_by("course__funder", "course__name"))
    completed = dict(certificates.values("enrolment__section__course_id").annotate(n=Count("pk"))
                     .values_list("enrolment__section__course_id", "n"))
    return [{"funder": r["course__funder"], "course": r["course__name"], "course_id": r["course_id"],
             "enrolments": r["enrolments"] or 0, "hours": round((r["minutes"] or 0) / 60, 2),
             "completed": completed.get(r["course_id"], 0)} for r in rows]
