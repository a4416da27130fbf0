"""Who may see and change people, and everything hanging from a person.

A restricted person (asylum, VAWA/T/U, children) is seen only by users with ``restricted.open``
who belong to one of the person's allowed offices or teams, by supervisors of those offices,
and by users another module grants that person to (``register_grants``: legal grants a case's
attorney and paralegal, and holders of an unexpired emergency grant, the people of that case).
Everything attached to a person follows the person's visibility.

Two levels (the table is in docs/people.md). The *file* — identity documents, birth date,
addresses, history, family, notes, documents, cases — is what the gate above decides. The
*front-desk card* — the name, the ways to reach her, the dates she is expected — is seen by
everyone with ``people.view`` unless the person is ``hidden`` (she herself is confidential,
not only a case of hers): ``findable_people_q`` and ``can_find_person``. Restricted means the
case and its kind are hidden, not that the person vanishes: the front desk must find her, or it
opens a second record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
    FittedModel,
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


# --- Grants from other modules --------------------------------------------------------------------

@dataclass(frozen=True)
class Grants:
    """Access to particular people that another module gives particular users, for as long as
    that module says (people never imports those modules: they declare ``person_grants`` on their
    AppConfig, and core.plugins registers them here).

    ``person_ids(user)``: a queryset of ``person_id`` values (a subquery, read through indexes)
    or ``None`` when the module grants this user nobody; ``allows(user, person)``: the same for one
    person."""

    person_ids: Callable[[Any], models.QuerySet[Any] | None]
    allows: Callable[[Any, Person], bool]


_GRANTS: dict[str, Grants] = {}


def register_grants(key: str, *, person_ids: Callable[[Any], models.QuerySet[Any] | None],
                    allows: Callable[[Any, Person], bool]) -> None:
    """Let another module give users access to particular restricted people (idempotent by key);
    called by core.plugins for each app's ``person_grants``."""
    _GRANTS[key] = Grants(person_ids=person_ids, allows=allows)


def granted(user: Any, person: Person) -> bool:
    return any(g.allows(user, person) for g in _GRANTS.values())


def granted_ids(user: Any) -> list[models.QuerySet[Any]]:
    return [ids for g in _GRANTS.values() if (ids := g.person_ids(user)) is not None]


def can_see_person(user: Any, person: Person) -> bool:
    if not has_capability(user, "people.view"):
        return False
    if not person.restricted:
        return True
    if may_open_restricted(user):
        offices = set(user_office_ids(user))
        if offices and person.allowed_offices.filter(pk__in=offices).exists():
            return True
    return granted(user, person)


def visible_people_q(user: Any, prefix: str = "") -> Q:
    """A Q object for people ``user`` may see (``prefix`` for related lookups, e.g. 'person__')."""
    visible = Q(**{f"{prefix}restricted": False})
    offices = user_office_ids(user) if may_open_restricted(user) else []
    if offices:
        through = Person.allowed_offices.through
        if prefix:
            visible |= Q(**{f"{prefix}pk__in": through.objects.filter(office_id__in=offices).values("person_id")})
        else:
            visible |= Q(Exists(through.objects.filter(person_id=OuterRef("pk"), office_id__in=offices)))
    for ids in granted_ids(user):
        visible |= Q(**{f"{prefix}pk__in": ids})
    return visible


def findable_people_q(user: Any) -> Q:
    """People whose front-desk card ``user`` may see: everyone not hidden, and anyone whose file
    they may open."""
    if not has_capability(user, "people.view"):
        return Q(pk__in=[])
    return Q(hidden=False) | visible_people_q(user)


def can_find_person(user: Any, person: Person) -> bool:
    return has_capability(user, "people.view") and (not person.hidden or can_see_person(user, person))


def card_only(user: Any, person: Person) -> bool:
    """``user`` sees this person's card and nothing of the file."""
    return can_find_person(user, person) and not can_see_person(user, person)


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


@register(FittedModel)
class FittedModelPolicy(Policy):
    """The linkage model's parameters hold no one's data but name frequencies: those who review
    duplicates may read them; only the duplicate pass writes them."""

    def can(self, user: Any, action: str, obj: Any) -> bool:
        return action == VIEW and has_capability(user, "people.merge")

    def restrict(self, queryset: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
        return queryset if action == VIEW and has_capability(user, "people.merge") else queryset.none()
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
