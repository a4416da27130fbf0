"""Who may see and change people, and everything hanging from a person.

A restricted person (asylum, VAWA/T/U, children) is seen only by users with ``restricted.open``
who belong to one of the person's allowed offices or teams, and by supervisors of those
offices. Everything attached to a person follows the person's visibility.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q

from amparo.accounts.roles import has_capability
from amparo.core.permissions import CHANGE, CREATE, EXPORT, VIEW, Policy, register

from .models import (
    Address,
    Arrival,
    ConflictCheck,
    ContactPoint,
    DuplicateCandidate,
    Household,
    HouseholdMember,
    Intake,
    Merge,
    OtherName,
    Person,
    PersonKey,
    Relationship,
    Trip,
)

ACTION_CAPABILITY = {VIEW: "people.view", CREATE: "people.create", CHANGE: "people.change",
                     EXPORT: "people.export"}


def may_open_restricted(user: Any) -> bool:
    return has_capability(user, "restricted.open") or bool(getattr(user, "is_supervisor", False))


def user_office_ids(user: Any) -> list[int]:
    cache = getattr(user, "_people_office_ids", None)
    if cache is None:
        cache = list(user.offices.values_list("pk", flat=True))
        user._people_office_ids = cache
    return cache


def can_see_person(user: Any, person: Person) -> bool:
    if not has_capability(user, "people.view"):
        return False
    if not person.restricted:
        return True
    if not may_open_restricted(user):
        return False
    offices = set(user_office_ids(user))
    return bool(offices) and person.allowed_offices.filter(pk__in=offices).exists()


def visible_people_q(user: Any, prefix: str = "") -> Q:
    """A Q object for people ``user`` may see (``prefix`` for related lookups, e.g. 'person__')."""
    unrestricted = Q(**{f"{prefix}restricted": False})
    if not may_open_restricted(user):
        return unrestricted
    offices = user_office_ids(user)
    if not offices:
        return unrestricted
    through = Person.allowed_offices.through
    allowed = Exists(through.objects.filter(person_id=OuterRef(f"{prefix}pk" if prefix else "pk"),
                                            office_id__in=offices))
    if prefix:
        ids = through.objects.filter(office_id__in=offices).values("person_id")
        return unrestricted | Q(**{f"{prefix}pk__in": ids})
    return unrestricted | Q(allowed)


@register(Person)
class PersonPolicy(Policy):
    def can(self, user: Any, action: str, obj: Any) -> bool:
        capability = ACTION_CAPABILITY.get(action)
        if capability is None or not has_capability(user, capability):
            return False
        if isinstance(obj, type):
            return True
        return can_see_person(user, obj)

    def restrict(self, queryset: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
        capability = ACTION_CAPABILITY.get(action)
        if capability is None or not has_capability(user, capability) or not has_capability(user, "people.view"):
            return queryset.none()
        return queryset.filter(visible_people_q(user))

    def is_restricted(self, obj: Any) -> bool:
        return bool(obj.restricted)


class AttachedPolicy(Policy):
    """Records of one person: visible with the person, changed by who may change the person."""

    def __init__(self, field: str = "person") -> None:
        self.field = field

    def can(self, user: Any, action: str, obj: Any) -> bool:
        capability = ACTION_CAPABILITY.get(action)
        if capability is None or not has_capability(user, capability):
            return False
        if isinstance(obj, type):
            return True
        person = getattr(obj, self.field)
        return person is None or can_see_person(user, person)

    def restrict(self, queryset: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
        capability = ACTION_CAPABILITY.get(action)
        if capability is None or not has_capability(user, capability):
            return queryset.none()
        return queryset.filter(visible_people_q(user, f"{self.field}__") | Q(**{f"{self.field}__isnull": True}))

    def is_restricted(self, obj: Any) -> bool:
        person = getattr(obj, self.field)
        return bool(person and person.restricted)


for _model in (OtherName, ContactPoint, Address, Arrival, Trip, Relationship, HouseholdMember, Intake,
               ConflictCheck, PersonKey):
    register(_model, AttachedPolicy())


class PairPolicy(Policy):
    """Duplicate candidates and merges: for those who may merge and can see both people."""

    def __init__(self, first: str, second: str) -> None:
        self.first, self.second = first, second

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if not has_capability(user, "people.merge") or action not in (VIEW, CHANGE, CREATE):
            return False
        if isinstance(obj, type):
            return True
        return can_see_person(user, getattr(obj, self.first)) and can_see_person(user, getattr(obj, self.second))

    def restrict(self, queryset: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
        if not has_capability(user, "people.merge"):
            return queryset.none()
        return queryset.filter(visible_people_q(user, f"{self.first}__")).filter(
            visible_people_q(user, f"{self.second}__"))

    def is_restricted(self, obj: Any) -> bool:
        return bool(getattr(obj, self.first).restricted or getattr(obj, self.second).restricted)


register(DuplicateCandidate, PairPolicy("first", "second"))
register(Merge, PairPolicy("kept", "dropped"))


@register(Household)
class HouseholdPolicy(Policy):
    def can(self, user: Any, action: str, obj: Any) -> bool:
        capability = ACTION_CAPABILITY.get(action)
        return capability is not None and has_capability(user, capability)

    def restrict(self, queryset: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
        capability = ACTION_CAPABILITY.get(action)
        if capability is None or not has_capability(user, capability):
            return queryset.none()
        return queryset
