"""Cases in the API: list, create, update, one case; record an event; read its deadlines.

Everything goes through the permission gate: a case the caller may not see answers 404,
whatever the endpoint; the same services as the pages write, with the same audit entries.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from amparo.accounts.models import Office
from amparo.core.permissions import get_visible_or_404, require
from amparo.core.permissions import restrict as gate_restrict

from . import selectors, services
from .models import Case, Deadline

router = Router(tags=["cases"])


class CaseOut(Schema):
    id: int
    kind: str
    forum: str
    status: str
    client_id: int
    client_name: str
    office_id: int
    team_id: int | None
    responsible_id: int | None
    paralegal_id: int | None
    court: str
    judge: str
    priority_date: dt.date | None
    minor: bool
    unaccompanied: bool
    restricted: bool
    receipts: list[str]
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    outcome: str
    version: int

    @staticmethod
    def resolve_client_name(obj: Case) -> str:
        return obj.client.full_name

    @staticmethod
    def resolve_receipts(obj: Case) -> list[str]:
        return [r.number for r in obj.receipts.all()]


class CaseIn(Schema):
    client_id: int
    kind: str
    office_id: int
    team_id: int | None = None
    responsible_id: int | None = None
    paralegal_id: int | None = None
    forum: str = ""
    court: str = ""
    judge: str = ""
    priority_date: dt.date | None = None
    minor: bool | None = None
    unaccompanied: bool = False
    intake_id: int | None = None


class CasePatch(Schema):
    version: int | None = None
    kind: str | None = None
    forum: str | None = None
    status: str | None = None
    team_id: int | None = None
    responsible_id: int | None = None
    paralegal_id: int | None = None
    court: str | None = None
    judge: str | None = None
    priority_date: dt.date | None = None
    minor: bool | None = None
    unaccompanied: bool | None = None


class EventIn(Schema):
    kind: str
    date: dt.date
    mailed: bool = False
    days: int | None = None
    variant: str = ""
    note: str = ""


class DeadlineOut(Schema):
    id: int
    kind: str
    title: str
    due: dt.date | None
    opens: dt.date | None
    rolled_from: dt.date | None
    rule: str
    rule_es: str
    source: str
    verified: bool
    warnings: list[str]
    rules_version: str
    state: str
    event_id: int | None

    @staticmethod
    def resolve_rule(obj: Deadline) -> str:
        return obj.rule_en

    @staticmethod
    def resolve_title(obj: Deadline) -> str:
        return obj.label

    @staticmethod
    def resolve_warnings(obj: Deadline) -> list[str]:
        return obj.warning_texts("en")


class EventOut(Schema):
    id: int
    kind: str
    date: dt.date
    deadlines: list[DeadlineOut]


def _errors(exc: ValidationError) -> HttpError:
    return HttpError(422, "; ".join(exc.messages))


def _user(pk: int | None) -> Any:
    if pk is None:
        return None
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=pk, is_active=True).first()
    if user is None:
        raise HttpError(422, f"no active user {pk}")
    return user


def _office(pk: int | None) -> Office | None:
    if pk is None:
        return None
    office = Office.objects.filter(pk=pk).first()
    if office is None:
        raise HttpError(422, f"no office or team {pk}")
    return office


def _case(request: HttpRequest, case_id: int, action: str = "view") -> Case:
    require(request.user, "cases.view")
    return get_visible_or_404(request.user, Case.objects.select_related("client").prefetch_related("receipts"),
                              action=action, pk=case_id)


@router.get("", response=list[CaseOut], summary="Cases you may see (50 at a time), newest first")
def list_cases(request: HttpRequest, kind: str = "", status: str = "", office: int | None = None,
               staff: int | None = None, window: str = "", q: str = "", offset: int = 0) -> Any:
    require(request.user, "cases.view")
    if window and window != "overdue" and not window.isdigit():
        raise HttpError(422, "window is 'overdue' or a number of days")
    qs = selectors.cases(request.user, {"kind": kind, "status": status, "office": office, "staff": staff,
                                        "window": window, "q": q}).prefetch_related("receipts")
    start = max(offset, 0)
    return qs[start:start + 50]


@router.post("", response={201: CaseOut}, summary="Open a case for a person you may see")
def create_case(request: HttpRequest, payload: CaseIn) -> Any:
    require(request.user, "cases.create")
    Person = apps.get_model("people", "Person")
    client = get_visible_or_404(request.user, Person.objects.current(), pk=payload.client_id)
    intake = None
    if payload.intake_id:
        Intake = apps.get_model("people", "Intake")
        intake = get_visible_or_404(request.user, Intake.objects.filter(person=client), pk=payload.intake_id)
    office = _office(payload.office_id)
    try:
        case = services.open_case(
            by=request.user, client=client, kind=payload.kind, office=office, team=_office(payload.team_id),
            responsible=_user(payload.responsible_id), paralegal=_user(payload.paralegal_id), forum=payload.forum,
            court=payload.court, judge=payload.judge, priority_date=payload.priority_date, minor=payload.minor,
            unaccompanied=payload.unaccompanied, intake=intake)
    except ValidationError as exc:
        raise _errors(exc) from None
    return Status(201, case)


@router.get("/{case_id}", response=CaseOut, summary="One case")
def get_case(request: HttpRequest, case_id: int) -> Any:
    return _case(request, case_id)


@router.patch("/{case_id}", response=CaseOut, summary="Change a case (send `version` to detect concurrent edits)")
def update_case(request: HttpRequest, case_id: int, payload: CasePatch) -> Any:
    require(request.user, "cases.change")
    case = _case(request, case_id, "change")
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    fields: dict[str, Any] = {}
    for key, value in data.items():
        if key == "team_id":
            fields["team"] = _office(value)
        elif key in ("responsible_id", "paralegal_id"):
            fields[key[:-3]] = _user(value)
        else:
            fields[key] = value if value is not None else ""
    try:
        case = services.update_case(case=case, by=request.user, fields=fields, version=version)
    except services.ConcurrentEdit:
        raise HttpError(409, "the case changed since version given; read it again") from None
    except ValidationError as exc:
        raise _errors(exc) from None
    return _case(request, case.pk)


@router.post("/{case_id}/events", response={201: EventOut}, summary="Record an event; returns the deadlines computed")
def record_event(request: HttpRequest, case_id: int, payload: EventIn) -> Any:
    require(request.user, "cases.change")
    case = _case(request, case_id, "change")
    try:
        event, deadlines = services.record_event(case=case, by=request.user, kind=payload.kind, date=payload.date,
                                                 mailed=payload.mailed, days=payload.days, variant=payload.variant,
                                                 note=payload.note)
    except ValidationError as exc:
        raise _errors(exc) from None
    return Status(201, {"id": event.pk, "kind": event.kind, "date": event.date, "deadlines": deadlines})


@router.get("/{case_id}/deadlines", response=list[DeadlineOut], summary="A case's deadlines, with rule and source")
def list_deadlines(request: HttpRequest, case_id: int) -> Any:
    case = _case(request, case_id)
    return gate_restrict(Deadline.objects.filter(case=case), request.user).order_by("state", "due", "id")
