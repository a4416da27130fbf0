"""Classes under /api/v1/ (mounted in amparo/api.py); every endpoint goes through the gate."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from amparo.core.api_errors import invalid_from, one_of, responses
from amparo.core.paging import Limit, Offset
from amparo.core.permissions import CREATE, VIEW, can, get_visible_or_404, restrict

from . import services
from .models import Attendance, ClassSession, Course, Enrolment, Mark, Section

router = Router(tags=["classes"])


class CourseOut(Schema):
    id: int
    name: str
    kind: str
    level: str
    language: str
    funder: str
    min_attendance_percent: int
    requires_final_assessment: bool
    passing_score: int


class SectionOut(Schema):
    id: int
    course_id: int
    term_id: int
    name: str
    room: str
    capacity: int
    enrolled: int
    waiting: int


class EnrolmentOut(Schema):
    id: int
    section_id: int
    person_id: int
    person_name: str
    status: str
    attended: int
    excused: int
    hours: float
    percent: int | None
    final_score: int | None


class MarkIn(Schema):
    enrolment_id: int
    mark: one_of(Mark)  # type: ignore[valid-type]


class MarkOut(Schema):
    enrolment_id: int
    session_id: int
    mark: str


@router.get("/classes/courses", response=responses({200: list[CourseOut]}, 404, 422), summary="Courses")
def list_courses(request: HttpRequest, offset: Offset = 0, limit: Limit(100, 500) = 100) -> Any:
    return list(restrict(Course.objects.all(), request.user, VIEW)[offset:offset + limit])


@router.get("/classes/sections", response=responses({200: list[SectionOut]}, 404, 422), summary="Sections")
def list_sections(request: HttpRequest, offset: Offset = 0, limit: Limit(100, 500) = 100) -> Any:
    qs = restrict(Section.objects.all(), request.user, VIEW).annotate(
        enrolled=Count("enrolments", filter=Q(enrolments__status="enrolled")),
        waiting=Count("enrolments", filter=Q(enrolments__status="waiting"))).order_by("pk")
    return list(qs[offset:offset + limit])


def _enrolment_out(e: Enrolment, held: int) -> dict[str, Any]:
    return {"id": e.pk, "section_id": e.section_id, "person_id": e.person_id, "person_name": e.person.full_name,
            "status": e.status, "attended": e.attended, "excused": e.excused, "hours": e.hours,
            "percent": e.percent(held), "final_score": e.final_score}


@router.get("/classes/sections/{section_id}/enrolments", response=responses({200: list[EnrolmentOut]}, 404, 422),
            summary="A section's roll and waiting list")
def section_enrolments(request: HttpRequest, section_id: int, offset: Offset = 0,
                       limit: Limit(100, 500) = 100) -> Any:
    section = get_visible_or_404(request.user, Section.objects, pk=section_id)
    held = services.held_sessions(section, timezone.localdate())
    qs = section.enrolments.select_related("person").order_by("status", "requested_at", "pk")
    return [_enrolment_out(e, held) for e in qs[offset:offset + limit]]


@router.get("/classes/sessions/{session_id}/attendance", response=responses({200: list[MarkOut]}, 404, 422),
            summary="A session's attendance marks")
def session_marks(request: HttpRequest, session_id: int) -> Any:
    session = get_visible_or_404(request.user, ClassSession.objects, pk=session_id)
    return [{"enrolment_id": m.enrolment_id, "session_id": session.pk, "mark": m.mark}
            for m in Attendance.objects.filter(session=session).order_by("enrolment_id")[:1000]]


@router.post("/classes/sessions/{session_id}/attendance", response=responses({200: MarkOut}, 400, 403, 404, 422),
             summary="Record one student's attendance at a held session")
def record_mark(request: HttpRequest, session_id: int, payload: MarkIn) -> Any:
    session = get_visible_or_404(request.user, ClassSession.objects.select_related("section"), pk=session_id)
    if not (can(request.user, CREATE, Attendance) and can(request.user, "change", Attendance(session=session))):
        raise PermissionDenied
    enrolment = get_visible_or_404(request.user, Enrolment.objects, pk=payload.enrolment_id,
                                   section_id=session.section_id)
    try:
        services.record_attendance(session=session, enrolment=enrolment, mark=payload.mark, by=request.user,
                                   today=timezone.localdate())
    except ValidationError as exc:
        raise invalid_from(exc) from None
    return {"enrolment_id": enrolment.pk, "session_id": session.pk, "mark": payload.mark}
