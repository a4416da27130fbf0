"""Volunteers under /api/v1/volunteers (mounted in amparo/api.py); every endpoint goes through
the gate. Coordinators list volunteers, shifts and hours; hours are logged here (by a coordinator
for anyone, by a volunteer for themselves) and approved by a coordinator."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.responses import Status

from amparo.core.api_errors import invalid_from, one_of, responses
from amparo.core.paging import Limit, Offset
from amparo.core.permissions import CREATE, VIEW, can, get_visible_or_404, restrict
from amparo.people.matching import normalize

from . import services
from .models import HoursEntry, Shift, Signup, Volunteer

router = Router(tags=["volunteers"])


class VolunteerOut(Schema):
    id: int
    name: str
    phone: str
    email: str
    office_id: int | None
    skills: list[str]
    check_status: str
    check_done_on: dt.date | None
    check_expires_on: dt.date | None
    started_on: dt.date
    active: bool

    @staticmethod
    def resolve_skills(obj: Volunteer) -> list[str]:
        return [s.code for s in obj.skills.all()]


class ShiftOut(Schema):
    id: int
    event_id: int | None
    drive_id: int | None
    site_id: int | None
    role: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    slots: int
    taken: int
    program: str


class SignupIn(Schema):
    volunteer: int


class SignupOut(Schema):
    id: int
    shift_id: int
    volunteer_id: int
    status: str


class HoursIn(Schema):
    volunteer: int
    date: dt.date
    hours: Decimal
    activity: one_of(HoursEntry.Activity)  # type: ignore[valid-type]
    program: str = ""
    shift: int | None = None
    note: str = ""


class HoursOut(Schema):
    id: int
    volunteer_id: int
    shift_id: int | None
    date: dt.date
    hours: Decimal
    activity: str
    program: str
    grant_id: int | None
    office_id: int | None
    note: str
    status: str
    corrects_id: int | None


class DecisionIn(Schema):
    approve: bool
    note: str = ""


def _staff(request: HttpRequest) -> None:
    if not can(request.user, "volunteers.view"):
        raise Http404


@router.get("", response=responses({200: list[VolunteerOut]}, 404, 422), summary="Volunteers (50 at a time)")
def list_volunteers(request: HttpRequest, q: str = "", active: bool | None = None, offset: Offset = 0,
                    limit: Limit(50, 200) = 50) -> Any:
    _staff(request)
    qs = restrict(Volunteer.objects.prefetch_related("skills"), request.user, VIEW).order_by("name", "pk")
    if active is not None:
        qs = qs.filter(active=active)
    for word in normalize(q[:100]).split():
        qs = qs.filter(search_text__contains=word)
    return list(qs[offset:offset + limit])


@router.get("/shifts", response=responses({200: list[ShiftOut]}, 404, 422), summary="Volunteer shifts")
def list_shifts(request: HttpRequest, event: int | None = None, drive: int | None = None, offset: Offset = 0,
                limit: Limit(50, 200) = 50) -> Any:
    from django.db.models import Count, Q

    qs = restrict(Shift.objects.all(), request.user, VIEW)
    if not can(request.user, VIEW, Shift):
        raise Http404
    if event is not None:
        qs = qs.filter(event_id=event)
    if drive is not None:
        qs = qs.filter(drive_id=drive)
    qs = qs.annotate(taken=Count("signups", filter=Q(signups__status=Signup.Status.SIGNED_UP)))
    return list(qs.order_by("starts_at", "pk")[offset:offset + limit])


@router.post("/shifts/{shift_id}/signups", response=responses({201: SignupOut}, 400, 403, 404, 422),
             summary="Sign a volunteer up for a shift (refused when the shift is full)")
def create_signup(request: HttpRequest, shift_id: int, payload: SignupIn) -> Any:
    """400: the body is not JSON. 422: the shift is full, the volunteer is inactive or already
    signed up (`errors.__all__`). 404: no such shift or volunteer that the caller may see. A volunteer
    may sign only themselves up."""
    shift = get_visible_or_404(request.user, Shift.objects, pk=shift_id)
    volunteer = get_visible_or_404(request.user, Volunteer.objects, pk=payload.volunteer)
    if not can(request.user, CREATE, Signup(volunteer=volunteer)):
        raise Http404
    try:
        signup = services.sign_up(shift=shift, volunteer=volunteer, by=request.user)
    except ValidationError as exc:
        raise invalid_from(exc) from exc
    return Status(201, signup)


@router.get("/hours", response=responses({200: list[HoursOut]}, 404, 422), summary="Volunteer hours")
def list_hours(request: HttpRequest, status: one_of(HoursEntry.Status) | None = None,  # type: ignore[valid-type]
               volunteer: int | None = None, offset: Offset = 0, limit: Limit(100, 500) = 100) -> Any:
    qs = restrict(HoursEntry.objects.all(), request.user, VIEW).order_by("-date", "-pk")
    if status:
        qs = qs.filter(status=status)
    if volunteer is not None:
        qs = qs.filter(volunteer_id=volunteer)
    return list(qs[offset:offset + limit])


@router.post("/hours", response=responses({201: HoursOut}, 400, 403, 404, 422),
             summary="Log a volunteer's hours (they wait for a coordinator's approval)")
def log_hours(request: HttpRequest, payload: HoursIn) -> Any:
    """400: the body is not JSON. 422: a field is wrong (`errors` names it): hours not above 0 or
    above 24, a day still to come, an unknown program, a shift the volunteer is not signed up for.
    404: no such volunteer or shift that the caller may see."""
    volunteer = get_visible_or_404(request.user, Volunteer.objects, pk=payload.volunteer)
    if not can(request.user, CREATE, HoursEntry(volunteer=volunteer)):
        raise Http404
    shift = get_visible_or_404(request.user, Shift.objects, pk=payload.shift) if payload.shift else None
    try:
        entry = services.log_hours(volunteer=volunteer, by=request.user, date=payload.date, hours=payload.hours,
                                   activity=payload.activity, program=payload.program, shift=shift,
                                   note=payload.note, today=timezone.localdate())
    except ValidationError as exc:
        raise invalid_from(exc) from exc
    return Status(201, entry)


@router.post("/hours/{entry_id}/decision", response=responses({200: HoursOut}, 400, 403, 404, 422),
             summary="Approve hours, or refuse them with a reason")
def decide(request: HttpRequest, entry_id: int, payload: DecisionIn) -> Any:
    """400: the body is not JSON. 403: the caller may not approve hours. 422: already decided, one's
    own hours, or a refusal without a reason (`errors.note`)."""
    entry = get_visible_or_404(request.user, HoursEntry.objects, pk=entry_id)
    if not can(request.user, "volunteers.approve"):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    try:
        return services.decide(entry=entry, by=request.user, approve=payload.approve, note=payload.note)
    except ValidationError as exc:
        raise invalid_from(exc) from exc
