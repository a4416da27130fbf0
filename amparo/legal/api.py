"""Cases in the API: list, create, update, one case; record an event; read its deadlines.

Everything goes through the permission gate: a case the caller may not see answers 404,
whatever the endpoint; the same services as the pages write, with the same audit entries.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from amparo.accounts.models import Office
from amparo.core.api_errors import Invalid, caller_language, invalid_from, one_of, responses, version_precondition
from amparo.core.paging import Id, Offset, Window
from amparo.core.permissions import get_visible_or_404, require
from amparo.core.permissions import restrict as gate_restrict

from . import selectors, services
from .events import DeadlineKind, EventKind
from .kinds import Forum, Kind, Outcome
from .kinds import Status as CaseStatus
from .models import Case, ClosingCode, Deadline, ProblemCode

KindOut = one_of(Kind)
ForumOut = one_of(Forum)
StatusOut = one_of(CaseStatus)
# the list's filter: any status, or "open"/"closed" for every open or closed case
StatusFilter = one_of(["", *dict.fromkeys([*CaseStatus.values, "open", "closed"])])

router = Router(tags=["cases"])


class CaseOut(Schema):
    id: int
    kind: KindOut  # type: ignore[valid-type]
    forum: ForumOut  # type: ignore[valid-type]
    status: StatusOut  # type: ignore[valid-type]
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
    outcome: one_of(["", *Outcome.values])  # type: ignore[valid-type]
    closing_code: str | None
    problem_code: str | None
    version: int

    @staticmethod
    def resolve_closing_code(obj: Case) -> str | None:
        return obj.closing_code.code if obj.closing_code_id else None

    @staticmethod
    def resolve_problem_code(obj: Case) -> str | None:
        return obj.problem_code_id

    @staticmethod
    def resolve_client_name(obj: Case) -> str:
        return obj.client.full_name

    @staticmethod
    def resolve_receipts(obj: Case) -> list[str]:
        return [r.number for r in obj.receipts.all()]


class CaseIn(Schema):
    client_id: int
    kind: KindOut  # type: ignore[valid-type]
    office_id: int
    team_id: int | None = None
    responsible_id: int | None = None
    paralegal_id: int | None = None
    forum: one_of(["", *Forum.values]) = ""  # type: ignore[valid-type]
    court: str = ""
    judge: str = ""
    priority_date: dt.date | None = None
    minor: bool | None = None
    unaccompanied: bool = False
    intake_id: int | None = None
    problem_code: str | None = Field(None, description="LSC legal problem code (two digits); 81 when left out")


class CasePatch(Schema):
    version: int | None = None
    kind: KindOut | None = None  # type: ignore[valid-type]
    forum: ForumOut | None = None  # type: ignore[valid-type]
    status: StatusOut | None = None  # type: ignore[valid-type]
    team_id: int | None = None
    responsible_id: int | None = None
    paralegal_id: int | None = None
    court: str | None = None
    judge: str | None = None
    priority_date: dt.date | None = None
    minor: bool | None = None
    unaccompanied: bool | None = None
    problem_code: str | None = Field(None, description="LSC legal problem code (two digits)")


class EventIn(Schema):
    kind: one_of(EventKind)  # type: ignore[valid-type]
    date: dt.date
    mailed: bool = False
    days: int | None = None
    variant: str = ""
    note: str = ""


class DeadlineOut(Schema):
    id: int
    kind: one_of(DeadlineKind)  # type: ignore[valid-type]
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
    state: one_of(Deadline.State)  # type: ignore[valid-type]
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
    kind: one_of(EventKind)  # type: ignore[valid-type]
    date: dt.date
    deadlines: list[DeadlineOut]


def _user(pk: int | None, field: str) -> Any:
    if pk is None:
        return None
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=pk, is_active=True).first()
    if user is None:
        raise Invalid({field: [_("There is no active user with this number.")]})
    return user


def _office(pk: int | None, field: str) -> Office | None:
    if pk is None:
        return None
    office = Office.objects.filter(pk=pk).first()
    if office is None:
        raise Invalid({field: [_("There is no office or team with this number.")]})
    return office


def _problem_code(code: str) -> ProblemCode:
    found = ProblemCode.objects.filter(code=code.strip(), is_active=True).first()
    if found is None:
        raise Invalid({"problem_code": [_("“%(code)s” is not an LSC problem code in use here.") % {"code": code}]})
    return found


def _case(request: HttpRequest, case_id: int, action: str = "view") -> Case:
    require(request.user, "cases.view")
    cases = Case.objects.select_related("client", "closing_code").prefetch_related("receipts")
    return get_visible_or_404(request.user, cases, action=action, pk=case_id)


@router.get("", response=responses({200: list[CaseOut]}, 404, 422),
            summary="Cases you may see (50 at a time), newest first")
def list_cases(request: HttpRequest, kind: one_of(["", *Kind.values]) = "",  # type: ignore[valid-type]
               status: StatusFilter = "", office: Id | None = None,  # type: ignore[valid-type]
               staff: Id | None = None, window: Window = "", q: str = "", offset: Offset = 0) -> Any:
    require(request.user, "cases.view")
    qs = selectors.cases(request.user, {"kind": kind, "status": status, "office": office, "staff": staff,
                                        "window": window, "q": q})
    qs = qs.select_related("closing_code").prefetch_related("receipts")
    return qs[offset:offset + 50]


@router.post("", response=responses({201: CaseOut}, 400, 404, 422),
             summary="Open a case for a person you may see")
def create_case(request: HttpRequest, payload: CaseIn) -> Any:
    require(request.user, "cases.create")
    Person = apps.get_model("people", "Person")
    client = get_visible_or_404(request.user, Person.objects.current(), pk=payload.client_id)
    intake = None
    if payload.intake_id:
        Intake = apps.get_model("people", "Intake")
        intake = get_visible_or_404(request.user, Intake.objects.filter(person=client), pk=payload.intake_id)
    with caller_language(request):
        office = _office(payload.office_id, "office_id")
        team = _office(payload.team_id, "team_id")
        responsible, paralegal = _user(payload.responsible_id, "responsible_id"), _user(payload.paralegal_id,
                                                                                         "paralegal_id")
    try:
        case = services.open_case(
            by=request.user, client=client, kind=payload.kind, office=office, team=team,
            responsible=responsible, paralegal=paralegal, forum=payload.forum,
            court=payload.court, judge=payload.judge, priority_date=payload.priority_date, minor=payload.minor,
            unaccompanied=payload.unaccompanied, intake=intake,
            problem_code=_problem_code(payload.problem_code) if payload.problem_code else None)
    except ValidationError as exc:
        raise invalid_from(exc) from None
    return Status(201, case)


@router.get("/{case_id}", response=responses({200: CaseOut}, 404, 422), summary="One case (ETag: its version)")
def get_case(request: HttpRequest, response: HttpResponse, case_id: int) -> Any:
    case = _case(request, case_id)
    response["ETag"] = f'"{case.version}"'  # send it back as If-Match to change the case
    return case


# Fields that may be left out of a change but not emptied.
REQUIRED = ("kind", "forum", "status", "minor", "unaccompanied", "problem_code")


@router.patch("/{case_id}", response=responses({200: CaseOut}, 400, 403, 404, 409, 412, 422, 428),
              summary="Change a case (If-Match or `version` required: 409 if someone saved it since)")
def update_case(request: HttpRequest, response: HttpResponse, case_id: int, payload: CasePatch) -> Any:
    require(request.user, "cases.change")
    case = _case(request, case_id, "change")
    data = payload.dict(exclude_unset=True)
    version = version_precondition(request, data.pop("version", None))
    fields: dict[str, Any] = {}
    with caller_language(request):
        empty = sorted(k for k in REQUIRED if k in data and data[k] is None)
        if empty:
            raise Invalid({k: [_("This field cannot be empty.")] for k in empty})
        for key, value in data.items():
            if key == "team_id":
                fields["team"] = _office(value, key)
            elif key in ("responsible_id", "paralegal_id"):
                fields[key[:-3]] = _user(value, key)
            elif key == "problem_code":
                fields[key] = _problem_code(value)
            else:
                fields[key] = value if value is not None else ""
    try:
        case = services.update_case(case=case, by=request.user, fields=fields, version=version)
    except ValidationError as exc:
        raise invalid_from(exc) from None
    response["ETag"] = f'"{case.version}"'
    return _case(request, case.pk)


@router.post("/{case_id}/events", response=responses({201: EventOut}, 400, 403, 404, 422),
             summary="Record an event; returns the deadlines computed")
def record_event(request: HttpRequest, case_id: int, payload: EventIn) -> Any:
    require(request.user, "cases.change")
    case = _case(request, case_id, "change")
    try:
        event, deadlines = services.record_event(case=case, by=request.user, kind=payload.kind, date=payload.date,
                                                 mailed=payload.mailed, days=payload.days, variant=payload.variant,
                                                 note=payload.note)
    except ValidationError as exc:
        raise invalid_from(exc) from None
    return Status(201, {"id": event.pk, "kind": event.kind, "date": event.date, "deadlines": deadlines})


class CloseIn(Schema):
    outcome: one_of(Outcome)  # type: ignore[valid-type]
    closing_code: str | None = Field(None, description="LSC closing code (A, B, F, G, H, IA, IB, IC, K, L)")
    note: str = ""


@router.post("/{case_id}/close", response=responses({200: CaseOut}, 400, 403, 404, 422),
             summary="Close a case with its outcome and closing code (refused while a deadline ahead is open)")
def close_case(request: HttpRequest, case_id: int, payload: CloseIn) -> Any:
    require(request.user, "cases.change")
    case = _case(request, case_id, "change")
    code = None
    if payload.closing_code:
        code = ClosingCode.objects.filter(code=payload.closing_code.strip().upper(), is_active=True).first()
        if code is None:
            with caller_language(request):
                raise Invalid({"closing_code": [_("“%(code)s” is not a closing code in use here.")
                                                % {"code": payload.closing_code}]})
    try:
        services.close_case(case=case, by=request.user, outcome=payload.outcome, closing_code=code,
                            note=payload.note)
    except ValidationError as exc:
        raise invalid_from(exc) from None
    return _case(request, case.pk)


@router.get("/{case_id}/deadlines", response=responses({200: list[DeadlineOut]}, 404, 422),
            summary="A case's deadlines, with rule and source")
def list_deadlines(request: HttpRequest, case_id: int) -> Any:
    case = _case(request, case_id)
    return gate_restrict(Deadline.objects.filter(case=case), request.user).order_by("state", "due", "id")
