"""Outreach under /api/v1/ (mounted in amparo/api.py); every endpoint goes through the gate.

Check-ins are idempotent by the id the device gave each scan: sending the same one twice
answers the same and counts once."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Router, Schema

from amparo.core.api_errors import Invalid, responses
from amparo.core.paging import Limit, Offset
from amparo.core.permissions import can, get_visible_or_404, restrict

from . import drive_import, services
from .models import Drive, Event, Registrant, Registration

router = Router(tags=["outreach"])


class OutreachEventOut(Schema):
    id: int
    title: str
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    online_url: str
    language: str
    capacity: int | None
    audience: str
    public: bool


class OutreachRegistrationOut(Schema):
    id: int
    given_names: str
    surnames: str
    phone: str
    email: str
    status: str
    source: str
    code: str
    checked_in_at: dt.datetime | None
    created_at: dt.datetime


class RegistrationIn(Schema):
    given_names: str
    surnames: str = ""
    phone: str = ""
    email: str = ""
    language: str = "es"


class WalkInIn(Schema):
    given_names: str
    surnames: str = ""
    phone: str = ""


class CheckInIn(Schema):
    id: uuid.UUID
    scanned_at: dt.datetime
    registration: int | None = None
    code: str = ""
    walk_in: WalkInIn | None = None


class CheckInsIn(Schema):
    checkins: list[CheckInIn]


class OutreachCheckInOut(Schema):
    id: str
    result: str
    reason: str
    registration: int | None
    name: str
    scanned_at: dt.datetime | None


class OutreachCheckInsOut(Schema):
    results: list[OutreachCheckInOut]
    registered: int
    waiting: int
    checked_in: int


class OutreachRegistrantOut(Schema):
    id: int
    row_number: int | None
    person_id: int | None
    outcome: str
    reason: str
    given_names: str
    first_surname: str
    second_surname: str
    birth_date: dt.date | None
    country: str
    phone: str
    entry_date: dt.date | None
    flags: list[str]
    screening_status: str
    screening_needs: list[str]
    registered_on: dt.date


class DriveRegistrantIn(Schema):
    """One registrant, with the drive file's canonical columns (dates as YYYY-MM-DD or DD/MM/YYYY)."""
    given_names: str
    first_surname: str = ""
    second_surname: str = ""
    birth_date: str = ""
    country_of_birth: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    city: str = ""
    postcode: str = ""
    entry_date: str = ""
    site: str = ""


def _event(request: HttpRequest, event_id: int, action: str = "view") -> Event:
    return get_visible_or_404(request.user, Event.objects.all(), action=action, pk=event_id)


@router.get("/events", response=responses({200: list[OutreachEventOut]}, 422), summary="Events (50 at a time)")
def list_events(request: HttpRequest, offset: Offset = 0, limit: Limit(50, 200) = 50) -> Any:
    return restrict(Event.objects.order_by("-starts_at", "pk"), request.user, "view")[offset:offset + limit]


@router.get("/events/{event_id}/registrations", response=responses({200: list[OutreachRegistrationOut]}, 404, 422),
            summary="An event's registrations")
def list_registrations(request: HttpRequest, event_id: int, offset: Offset = 0, limit: Limit(100, 1000) = 100) -> Any:
    event = _event(request, event_id)
    return list(restrict(event.registrations.order_by("created_at", "pk"), request.user, "view")[offset:offset + limit])


@router.post("/events/{event_id}/registrations", response=responses({201: OutreachRegistrationOut}, 400, 403, 404, 422),
             summary="Register someone (a seat, or the waiting list when full)")
def create_registration(request: HttpRequest, event_id: int, payload: RegistrationIn) -> Any:
    event = _event(request, event_id, "change")
    try:
        reg = services.register(event=event, given_names=payload.given_names, surnames=payload.surnames,
                                phone=payload.phone, email=payload.email, language=payload.language,
                                source=Registration.Source.STAFF, by=request.user)
    except ValidationError as exc:
        raise Invalid(exc.message_dict if hasattr(exc, "error_dict") else {"email": exc.messages}) from exc
    return 201, reg


@router.post("/events/{event_id}/checkins", response=responses({200: OutreachCheckInsOut}, 400, 404, 422),
             summary="Check-ins from a door (idempotent by each check-in's id)")
def post_checkins(request: HttpRequest, event_id: int, payload: CheckInsIn) -> Any:
    event = _event(request, event_id)
    if not can(request.user, "outreach.checkin"):
        raise Http404
    if len(payload.checkins) > 500:
        raise Invalid({"checkins": ["Send at most 500 check-ins at a time."]})
    results = []
    for item in payload.checkins:
        data = item.dict()
        data["id"], data["scanned_at"] = str(item.id), item.scanned_at.isoformat()
        try:
            results.append(services.check_in(event=event, item=data, by=request.user, device="api").as_dict())
        except ValidationError as exc:
            raise Invalid({"checkins": exc.messages}) from exc
    counts = services.counts(event)
    return {"results": results, "registered": counts["registered"], "waiting": counts["waiting"],
            "checked_in": counts["checked_in"]}


@router.get("/drives/{drive_id}/registrants", response=responses({200: list[OutreachRegistrantOut]}, 404, 422),
            summary="A drive's registrants (rejected rows included, with their reason)")
def list_registrants(request: HttpRequest, drive_id: int, offset: Offset = 0, limit: Limit(100, 1000) = 100) -> Any:
    drive = get_visible_or_404(request.user, Drive.objects.all(), pk=drive_id)
    qs = restrict(Registrant.objects.filter(drive=drive).order_by("pk"), request.user, "view")
    return list(qs[offset:offset + limit])


@router.post("/drives/{drive_id}/registrants", response=responses({201: OutreachRegistrantOut}, 400, 404, 422),
             summary="Register one person in a drive (validated, matched against People and screened)")
def create_registrant(request: HttpRequest, drive_id: int, payload: DriveRegistrantIn) -> Any:
    """The same as the site form: a row that cannot stand for a person is refused with its reason
    (400) and nothing is saved; a person already in People is linked, not created again."""
    if not (can(request.user, "drives.manage") or can(request.user, "outreach.checkin")):
        raise Http404
    drive = get_visible_or_404(request.user, Drive.objects.all(), pk=drive_id)
    values = payload.dict()
    site = values.pop("site")
    try:
        reg = drive_import.register_one(drive=drive, values=values, site=site, by=request.user)
    except ValueError as exc:
        raise Invalid({"__all__": [str(exc)]}) from exc
    return 201, reg
