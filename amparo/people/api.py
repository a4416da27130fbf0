"""People in the API: list (with the same search as the search box) and one person.
Everything goes through the permission gate: a hidden person answers 404."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from amparo.core.permissions import get_visible_or_404, require, restrict

from .models import Person
from .selectors import search_people

router = Router(tags=["people"])


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
    updated_at: dt.datetime

    @staticmethod
    def resolve_birth_date(obj: Person) -> str | None:
        return obj.birth.edtf() if obj.birth else None


class FoundOut(Schema):
    person: PersonOut
    score: float
    reasons: list[str]


@router.get("", response=list[PersonOut], summary="People you may see (50 at a time)")
def list_people(request: HttpRequest, offset: int = 0) -> object:
    require(request.user, "people.view")
    people = restrict(Person.objects.current(), request.user, "view").order_by("id")
    return people[max(offset, 0):max(offset, 0) + 50]


@router.get("/search", response=list[FoundOut], summary="Search people: names, birth dates, phones, A-numbers")
def search(request: HttpRequest, q: str) -> object:
    require(request.user, "people.view")
    return [{"person": f.person, "score": f.match.score, "reasons": list(f.match.reasons)}
            for f in search_people(request.user, q, limit=50)]


@router.get("/{person_id}", response=PersonOut, summary="One person")
def get_person(request: HttpRequest, person_id: int) -> object:
    require(request.user, "people.view")
    return get_visible_or_404(request.user, Person.objects.current(), pk=person_id)
