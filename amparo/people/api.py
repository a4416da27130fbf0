"""People in the API: list (with the same search as the search box), one person, create and
change. Everything goes through the permission gate: a hidden person answers 404.

Writes go through the same services as the intake and the person page (``create_person``,
``update_person``), validated by the same form fields, with the same audit entries. A change
needs the version it was read at — ``If-Match: "<version>"`` (the ``ETag`` of every answer) or
``version`` in the body — and is refused with 409, changing nothing, when someone saved the
person since; without one it is refused with 428.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status

from amparo.core.api_errors import Invalid, caller_language, responses, version_precondition
from amparo.core.paging import Offset
from amparo.core.permissions import get_visible_or_404, require, restrict

from . import services
from .forms import IdentityFields
from .models import ContactPoint, Person
from .selectors import search_people

router = Router(tags=["people"])

WRITABLE = ("given_names", "first_surname", "second_surname", "preferred_name", "birth_date", "sex", "gender",
            "country_of_birth", "nationalities", "languages", "preferred_language", "a_number", "ssn")


class PersonOut(Schema):
    id: int
    given_names: str
    first_surname: str
    second_surname: str
    preferred_name: str
    full_name: str
    birth_date: str | None
    country_of_birth: str
    preferred_language: str
    version: int
    updated_at: dt.datetime

    @staticmethod
    def resolve_birth_date(obj: Person) -> str | None:
        return obj.birth.edtf() if obj.birth else None


class FoundOut(Schema):
    person: PersonOut
    score: float
    reasons: list[str]


class PersonIn(Schema):
    given_names: str
    first_surname: str = ""
    second_surname: str = ""
    preferred_name: str = ""
    birth_date: str = ""  # 1981-03-15, 1981-03, 1981, ~2014
    sex: str = ""
    gender: str = ""
    country_of_birth: str = ""
    nationalities: str = ""
    languages: str = ""
    preferred_language: str = "es"
    a_number: str = ""
    ssn: str = ""
    phone: str = ""
    email: str = ""


class PersonPatch(Schema):
    version: int | None = None
    given_names: str | None = None
    first_surname: str | None = None
    second_surname: str | None = None
    preferred_name: str | None = None
    birth_date: str | None = None
    sex: str | None = None
    gender: str | None = None
    country_of_birth: str | None = None
    nationalities: str | None = None
    languages: str | None = None
    preferred_language: str | None = None
    a_number: str | None = None
    ssn: str | None = None


def _language(request: HttpRequest) -> Any:
    return caller_language(request)


def _api_field(name: str) -> str:
    return "birth_date" if name == "birth" else name


def _validated(data: dict[str, Any]) -> dict[str, Any]:
    """Clean with the intake's own fields (dates, A-numbers, SSNs, choices); 422 with each
    field's messages otherwise. ``data`` uses the API's names."""
    form = IdentityFields({("birth" if k == "birth_date" else k): ("" if v is None else v) for k, v in data.items()})
    if not form.is_valid():
        raise Invalid({_api_field(k): [str(m) for m in v] for k, v in form.errors.items()})
    return form.cleaned_data


def _service_errors(exc: ValidationError) -> Invalid:
    if hasattr(exc, "error_dict"):
        return Invalid({_api_field(k): [str(m) for m in v] for k, v in exc.message_dict.items()})
    return Invalid({"__all__": [str(m) for m in exc.messages]})


def _tagged(response: HttpResponse, person: Person) -> HttpResponse:
    response["ETag"] = f'"{person.version}"'
    return response


@router.get("", response=responses({200: list[PersonOut]}, 404, 422), summary="People you may see (50 at a time)")
def list_people(request: HttpRequest, offset: Offset = 0) -> object:
    require(request.user, "people.view")
    people = restrict(Person.objects.current(), request.user, "view").order_by("id")
    return people[offset:offset + 50]


@router.post("", response=responses({201: PersonOut}, 400, 404, 422),
             summary="Create a person (validated like the intake; audited)")
def create_person(request: HttpRequest, response: HttpResponse, payload: PersonIn) -> object:
    require(request.user, "people.create")
    with _language(request):
        person = _create(request, payload)
    _tagged(response, person)
    return Status(201, person)


def _create(request: HttpRequest, payload: PersonIn) -> Person:
    data = payload.dict()
    contacts = [{"kind": ContactPoint.Kind.PHONE, "value": data.pop("phone")},
                {"kind": ContactPoint.Kind.EMAIL, "value": data.pop("email")}]
    cleaned = _validated(data)
    email = (contacts[1]["value"] or "").strip()
    if email and "@" not in email:
        raise Invalid({"email": [_("Enter a valid email address.")]})
    try:
        return services.create_person(by=request.user, fields=cleaned, contacts=contacts)
    except ValidationError as exc:
        raise _service_errors(exc) from None


@router.get("/search", response=responses({200: list[FoundOut]}, 404, 422),
            summary="Search people: names, birth dates, phones, A-numbers")
def search(request: HttpRequest, q: str) -> object:
    require(request.user, "people.view")
    return [{"person": f.person, "score": f.match.score, "reasons": list(f.match.reasons)}
            for f in search_people(request.user, q, limit=50)]


@router.get("/{person_id}", response=responses({200: PersonOut}, 404, 422), summary="One person (ETag: its version)")
def get_person(request: HttpRequest, response: HttpResponse, person_id: int) -> object:
    require(request.user, "people.view")
    person = get_visible_or_404(request.user, Person.objects.current(), pk=person_id)
    _tagged(response, person)
    return person


@router.patch("/{person_id}", response=responses({200: PersonOut}, 400, 403, 404, 409, 412, 422, 428),
              summary="Change a person (If-Match or `version` required: 409 if someone saved it since)")
def update_person(request: HttpRequest, response: HttpResponse, person_id: int, payload: PersonPatch) -> object:
    require(request.user, "people.change")
    person = get_visible_or_404(request.user, Person.objects.current(), action="change", pk=person_id)
    with _language(request):
        person = _update(request, person, payload)
    _tagged(response, person)
    return Status(200, person)


def _update(request: HttpRequest, person: Person, payload: PersonPatch) -> Person:
    sent = payload.dict(exclude_unset=True)
    version = version_precondition(request, sent.pop("version", None))
    unknown = set(sent) - set(WRITABLE)
    if unknown:
        raise Invalid({k: [_("This field cannot be changed here.")] for k in sorted(unknown)})
    current = {"given_names": person.given_names, "first_surname": person.first_surname,
               "second_surname": person.second_surname, "preferred_name": person.preferred_name,
               "birth_date": person.birth.edtf() if person.birth else "", "sex": person.sex, "gender": person.gender,
               "country_of_birth": person.country_of_birth, "nationalities": person.nationalities,
               "languages": person.languages, "preferred_language": person.preferred_language,
               "a_number": person.a_number, "ssn": person.ssn}
    cleaned = _validated(current | sent)
    fields = {("birth" if k == "birth_date" else k): cleaned["birth" if k == "birth_date" else k] for k in sent}
    try:
        return services.update_person(person=person, by=request.user, fields=fields, version=version)
    except ValidationError as exc:
        raise _service_errors(exc) from None
