"""Programs under /api/v1/ (mounted in amparo/api.py); every endpoint goes through the gate.

POST /api/v1/appointments answers 201, or 409 naming what is taken (the provider, the room or
the client) in the one error shape.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from amparo.core.api_errors import Invalid, caller_language, invalid_from, one_of, responses
from amparo.core.paging import Id, Limit, Offset
from amparo.core.permissions import VIEW, can, get_visible_or_404, require

from . import selectors, services
from .models import Appointment, Bed, Destination, Program, Referral, Room, Service, Stay, VisitNote

router = Router(tags=["programs"])


class AppointmentIn(Schema):
    person: int
    provider: int
    room: int | None = None
    service: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    walk_in: bool = False


class AppointmentOut(Schema):
    id: int
    person: int
    provider: int
    room: int | None
    service: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: one_of(Appointment.Status)  # type: ignore[valid-type]
    walk_in: bool
    series: int | None

    @staticmethod
    def resolve_person(obj: Appointment) -> int:
        return obj.person_id

    @staticmethod
    def resolve_provider(obj: Appointment) -> int:
        return obj.provider_id

    @staticmethod
    def resolve_room(obj: Appointment) -> int | None:
        return obj.room_id

    @staticmethod
    def resolve_service(obj: Appointment) -> str:
        return obj.service.code

    @staticmethod
    def resolve_series(obj: Appointment) -> int | None:
        return obj.series_id


def _aware(value: dt.datetime) -> dt.datetime:
    return value if timezone.is_aware(value) else timezone.make_aware(value)


FIRST_YEAR, LAST_YEAR = 1900, 2200


def _check_dates(request: HttpRequest, **values: dt.date | None) -> None:
    """Dates the programs can work with (a day's bounds, a week ahead): 422 outside 1900-2200."""
    with caller_language(request):
        wrong = {name: [_("Enter a date between 1900 and 2200.")] for name, value in values.items()
                 if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR}
    if wrong:
        raise Invalid(wrong)


@router.get("/appointments", response=responses({200: list[AppointmentOut]}, 404, 422),
            summary="Appointments of one day (default today), by start")
def list_appointments(request: HttpRequest, day: dt.date | None = None, provider: Id | None = None,
                      room: Id | None = None, offset: Offset = 0, limit: Limit(100, 300) = 100) -> Any:  # type: ignore[valid-type]
    require(request.user, "clinic.view")
    _check_dates(request, day=day)
    start, end = selectors.day_bounds(day or timezone.localdate())
    qs = selectors.appointments(request.user).filter(starts_at__gte=start, starts_at__lt=end)
    if provider:
        qs = qs.filter(provider=provider)
    if room:
        qs = qs.filter(room=room)
    return qs.order_by("starts_at", "pk")[offset:offset + limit]


@router.post("/appointments", response=responses({201: AppointmentOut}, 400, 404, 409, 422),
             summary="Book an appointment (409 when the provider, room or client is taken)")
def book_appointment(request: HttpRequest, payload: AppointmentIn) -> Any:
    require(request.user, "clinic.book")
    _check_dates(request, starts_at=payload.starts_at, ends_at=payload.ends_at)
    person = selectors.client_or_404(request.user, payload.person)
    with caller_language(request):
        provider = get_user_model().objects.filter(pk=payload.provider, is_active=True).first()
        if provider is None:
            raise Invalid({"provider": [_("There is no active user with this number.")]})
        service = Service.objects.filter(code=payload.service).first()
        if service is None:
            raise Invalid({"service": [_("There is no service with this code.")]})
        room = None
        if payload.room is not None:
            room = Room.objects.filter(pk=payload.room).first()
            if room is None:
                raise Invalid({"room": [_("There is no room with this number.")]})
        try:
            appointment = services.book(person=person, provider=provider, service=service, room=room,
                                        starts_at=_aware(payload.starts_at), ends_at=_aware(payload.ends_at),
                                        walk_in=payload.walk_in, by=request.user)
        except services.ConflictError as exc:
            raise HttpError(409, exc.message) from None
        except ValidationError as exc:
            raise invalid_from(exc) from None
    return Status(201, appointment)


@router.get("/appointments/{appointment_id}", response=responses({200: AppointmentOut}, 404, 422),
            summary="One appointment")
def get_appointment(request: HttpRequest, appointment_id: Id) -> Any:
    require(request.user, "clinic.view")
    return get_visible_or_404(request.user, selectors.appointments(request.user), pk=appointment_id)


# --- Referrals -----------------------------------------------------------------------------------

class ReferralOut(Schema):
    id: int
    person: int
    direction: one_of(Referral.Direction)  # type: ignore[valid-type]
    from_program: one_of(Destination)  # type: ignore[valid-type]
    to_program: one_of(Destination)  # type: ignore[valid-type]
    partner: str
    sent_on: dt.date
    due_by: dt.date
    status: one_of(Referral.Status)  # type: ignore[valid-type]
    received_at: dt.datetime | None
    seen: bool | None

    @staticmethod
    def resolve_person(obj: Referral) -> int:
        return obj.person_id


class ReferralIn(Schema):
    person: int
    from_program: one_of(Destination)  # type: ignore[valid-type]
    to_program: one_of(Destination)  # type: ignore[valid-type]
    partner: str = ""
    reason: str = ""
    sent_on: dt.date | None = None


class ConfirmIn(Schema):
    seen: bool | None = None


@router.get("/referrals", response=responses({200: list[ReferralOut]}, 404, 422),
            summary="Referrals (state: open, overdue, closed or all)")
def list_referrals(request: HttpRequest, state: one_of(["", "open", "overdue", "closed"]) = "",  # type: ignore[valid-type]
                   offset: Offset = 0, limit: Limit(100, 300) = 100) -> Any:  # type: ignore[valid-type]
    require(request.user, "referrals.view")
    return selectors.referrals(request.user, state=state).order_by("-sent_on", "-pk")[offset:offset + limit]


@router.post("/referrals", response=responses({201: ReferralOut}, 400, 404, 422), summary="Refer a client")
def create_referral(request: HttpRequest, payload: ReferralIn) -> Any:
    require(request.user, "referrals.change")
    _check_dates(request, sent_on=payload.sent_on)
    person = selectors.client_or_404(request.user, payload.person)
    with caller_language(request):
        try:
            referral = services.refer(person=person, from_program=payload.from_program, to_program=payload.to_program,
                                      partner=payload.partner[:150], reason=payload.reason[:300], by=request.user,
                                      sent_on=payload.sent_on or timezone.localdate())
        except ValidationError as exc:
            raise invalid_from(exc) from None
    return Status(201, referral)


@router.post("/referrals/{referral_id}/confirm", response=responses({200: ReferralOut}, 400, 403, 404, 422),
             summary="The receiver confirms the referral (and whether the client was seen)")
def confirm_referral(request: HttpRequest, referral_id: Id, payload: ConfirmIn) -> Any:
    require(request.user, "referrals.change")
    referral = get_visible_or_404(request.user, Referral.objects, action="change", pk=referral_id)
    return services.confirm_referral(referral=referral, by=request.user, seen=payload.seen)


# --- Housing ------------------------------------------------------------------------------------

class BedOut(Schema):
    id: int
    site: str
    room: str
    label: str
    accessible: bool
    crib: bool
    family_room: bool
    free_tonight: bool


class StayOut(Schema):
    id: int
    person: int
    bed: int
    entry_date: dt.date
    move_in_date: dt.date | None
    expected_exit: dt.date | None
    exit_date: dt.date | None
    destination: str

    @staticmethod
    def resolve_person(obj: Stay) -> int:
        return obj.person_id

    @staticmethod
    def resolve_bed(obj: Stay) -> int:
        return obj.bed_id


class StayIn(Schema):
    person: int
    bed: int
    entry_date: dt.date
    expected_exit: dt.date | None = None
    rules_acknowledged: bool = False


@router.get("/housing/beds", response=responses({200: list[BedOut]}, 404, 422),
            summary="Beds in use on a night (default tonight), free or taken")
def list_beds(request: HttpRequest, night: dt.date | None = None) -> Any:
    require(request.user, "housing.view")
    _check_dates(request, night=night)
    board = selectors.bed_board(request.user, night or timezone.localdate(), days=1)
    return [{"id": r.bed_id, "site": r.site, "room": r.room, "label": r.label, "accessible": r.accessible,
             "crib": r.crib, "family_room": r.family_room, "free_tonight": r.person_id is None} for r in board.rows]


@router.get("/housing/stays", response=responses({200: list[StayOut]}, 404, 422),
            summary="Stays, newest first (current=true: only those not ended)")
def list_stays(request: HttpRequest, current: bool = False, offset: Offset = 0,
               limit: Limit(100, 300) = 100) -> Any:  # type: ignore[valid-type]
    require(request.user, "housing.view")
    from amparo.core.permissions import restrict

    qs = restrict(Stay.objects.all(), request.user)
    if current:
        qs = qs.filter(exit_date__isnull=True)
    return qs.order_by("-entry_date", "-pk")[offset:offset + limit]


@router.post("/housing/stays", response=responses({201: StayOut}, 400, 404, 422),
             summary="Admit a client to a free bed")
def create_stay(request: HttpRequest, payload: StayIn) -> Any:
    require(request.user, "housing.change")
    _check_dates(request, entry_date=payload.entry_date, expected_exit=payload.expected_exit)
    person = selectors.client_or_404(request.user, payload.person)
    bed = get_visible_or_404(request.user, Bed.objects, pk=payload.bed)
    with caller_language(request):
        try:
            stay = services.admit(person=person, bed=bed, entry_date=payload.entry_date,
                                  expected_exit=payload.expected_exit, by=request.user,
                                  rules_acknowledged=payload.rules_acknowledged)
        except ValidationError as exc:
            raise invalid_from(exc) from None
    return Status(201, stay)


# --- Clinical notes (clinicians of the note's program only) ---------------------------------------

class NoteOut(Schema):
    id: int
    person: int
    program: one_of(Program)  # type: ignore[valid-type]
    text: str
    author: int
    created_at: dt.datetime

    @staticmethod
    def resolve_person(obj: VisitNote) -> int:
        return obj.person_id

    @staticmethod
    def resolve_author(obj: VisitNote) -> int:
        return obj.author_id


@router.get("/visit-notes", response=responses({200: list[NoteOut]}, 404, 422),
            summary="Visit notes you may read (clinicians of their program; legal staff: notes shared by consent)")
def list_notes(request: HttpRequest, person: Id | None = None, offset: Offset = 0,
               limit: Limit(50, 200) = 50) -> Any:  # type: ignore[valid-type]
    from amparo.core.permissions import restrict

    if not can(request.user, VIEW, VisitNote):
        raise Http404
    qs = restrict(VisitNote.objects.all(), request.user)
    if person:
        qs = qs.filter(person=person)
    notes = list(qs.order_by("-created_at", "-pk")[offset:offset + limit])
    services.record_shared_reads(user=request.user, notes=notes, channel="api")
    return notes


@router.get("/visit-notes/{note_id}", response=responses({200: NoteOut}, 404, 422), summary="One visit note")
def get_note(request: HttpRequest, note_id: Id) -> Any:
    if not can(request.user, VIEW, VisitNote):
        raise Http404
    note = get_visible_or_404(request.user, VisitNote.objects, pk=note_id)
    services.record_shared_reads(user=request.user, notes=[note], channel="api")
    return note
