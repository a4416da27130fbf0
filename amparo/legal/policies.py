"""Who may see and change legal cases, and everything that hangs from a case.

An ordinary case is seen by everyone with ``cases.view``. A restricted case (asylum,
withholding/CAT, VAWA, U, T, SIJS, every minor's case) is seen only by:

* members of the case's *unit* — its team, or its office when it has no team — who hold
  ``restricted.open``;
* its responsible attorney or accredited representative and its paralegal;
* supervisors who belong to the case's office or team;
* whoever holds an unexpired emergency ("break the glass") grant for it.

Everyone else cannot find it: not in lists, search, exports, the API, calendar feeds or
error pages. Everything attached to a case (events, deadlines, hearings, notes, tasks...)
follows the case.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from amparo.accounts.roles import has_capability
from amparo.core.permissions import CHANGE, CREATE, EXPORT, VIEW, Policy, register

from .models import (
    BreakGlassGrant,
    CalendarFeed,
    Case,
    CaseEvent,
    CaseParty,
    Deadline,
    Hearing,
    Note,
    PartyMerge,
    ReceiptNumber,
    Task,
    TimeEntry,
)

ACTION_CAPABILITY = {VIEW: "cases.view", CREATE: "cases.create", CHANGE: "cases.change", EXPORT: "cases.export"}


def office_ids(user: Any) -> list[int]:
    cache = getattr(user, "_legal_office_ids", None)
    if cache is None:
        cache = list(user.offices.values_list("pk", flat=True))
        user._legal_office_ids = cache
    return cache


def grant_case_ids(user: Any) -> list[int]:
    """The cases of the user's unexpired emergency grants, read now (a handful of ids): as a list
    they keep every arm of the visibility condition an index read (``pk = ANY(...)``) instead of
    a subquery PostgreSQL must test row by row."""
    return list(BreakGlassGrant.objects.filter(user=user.pk, expires_at__gt=timezone.now())
                .values_list("case_id", flat=True))


def visible_cases_q(user: Any, prefix: str = "") -> Q:
    """Cases ``user`` may see (``prefix`` for lookups from a related model, e.g. 'case__')."""
    if not has_capability(user, "cases.view"):
        return Q(pk__in=[])
    return Q(**{f"{prefix}restricted": False}) | visible_restricted_q(user, prefix)


def visible_restricted_q(user: Any, prefix: str = "") -> Q:
    """The arms of ``visible_cases_q`` that let ``user`` see a *restricted* case. Only ever used to
    narrow a query already restricted by the gate to restricted cases (a filter on a restricted
    kind): it lets the database read the user's few cases through the staff, unit and primary-key
    indexes instead of testing every case of the kind."""
    if not has_capability(user, "cases.view"):
        return Q(pk__in=[])
    p = prefix
    q = Q(**{f"{p}responsible": user.pk}) | Q(**{f"{p}paralegal": user.pk})
    offices = office_ids(user)
    if offices and has_capability(user, "restricted.open"):
        q |= Q(**{f"{p}team__in": offices}) | Q(**{f"{p}team__isnull": True, f"{p}office__in": offices})
    if offices and getattr(user, "is_supervisor", False):
        q |= Q(**{f"{p}office__in": offices}) | Q(**{f"{p}team__in": offices})
    grants = grant_case_ids(user)
    if grants:
        q |= Q(**{f"{p}pk__in": grants})
    return q


def can_see_case(user: Any, case: Case) -> bool:
    if not has_capability(user, "cases.view"):
        return False
    if not case.restricted or user.pk in (case.responsible_id, case.paralegal_id):
        return True
    offices = set(office_ids(user))
    unit = case.team_id or case.office_id
    if unit in offices and has_capability(user, "restricted.open"):
        return True
    if getattr(user, "is_supervisor", False) and offices & {case.office_id, case.team_id}:
        return True
    return BreakGlassGrant.objects.filter(case=case, user=user.pk, expires_at__gt=timezone.now()).exists()


def is_team_member(user: Any, case: Case) -> bool:
    """On the case's team (not only through emergency access): sees who broke the glass."""
    if user.pk in (case.responsible_id, case.paralegal_id):
        return True
    offices = set(office_ids(user))
    if (case.team_id or case.office_id) in offices and has_capability(user, "restricted.open"):
        return True
    return bool(getattr(user, "is_supervisor", False) and offices & {case.office_id, case.team_id})


@register(Case)
class CasePolicy(Policy):
    def can(self, user: Any, action: str, obj: Any) -> bool:
        capability = ACTION_CAPABILITY.get(action)
        if capability is None or not has_capability(user, capability):
            return False
        if isinstance(obj, type):
            return True
        return can_see_case(user, obj)

    def restrict(self, queryset: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
        capability = ACTION_CAPABILITY.get(action)
        if capability is None or not has_capability(user, capability):
            return queryset.none()
        return queryset.filter(visible_cases_q(user))

    def is_restricted(self, obj: Any) -> bool:
        return bool(obj.restricted)


class CaseAttachedPolicy(Policy):
    """Records of one case: seen with the case, changed by who may change the case."""

    def can(self, user: Any, action: str, obj: Any) -> bool:
        capability = ACTION_CAPABILITY.get(action)
        if capability is None or not has_capability(user, capability):
            return False
        if isinstance(obj, type):
            return True
        return can_see_case(user, obj.case)

    def restrict(self, queryset: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
        capability = ACTION_CAPABILITY.get(action)
        if capability is None or not has_capability(user, capability):
            return queryset.none()
        return queryset.filter(visible_cases_q(user, "case__"))

    def is_restricted(self, obj: Any) -> bool:
        return bool(obj.case.restricted)


for _model in (CaseParty, ReceiptNumber, CaseEvent, Deadline, Hearing, Note, Task, TimeEntry, BreakGlassGrant,
               PartyMerge):
    register(_model, CaseAttachedPolicy())


@register(CalendarFeed)
class CalendarFeedPolicy(Policy):
    """A calendar address belongs to its user alone."""

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if not has_capability(user, "cases.view"):
            return False
        return action == CREATE if isinstance(obj, type) else (obj.user_id == user.pk and action in (VIEW, CHANGE))

    def restrict(self, queryset: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
        if not has_capability(user, "cases.view"):
            return queryset.none()
        return queryset.filter(user=user.pk)
