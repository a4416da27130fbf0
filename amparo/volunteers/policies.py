"""Who sees and changes volunteer records.

Coordinators (``volunteers.view``; ``volunteers.manage`` to change) see every volunteer, shift and
hour. A volunteer with an account (``volunteers.self``) sees their own profile, sign-ups and hours,
and every shift (to sign up), never another volunteer's details: a profile holds an emergency
contact and a background check. Approving hours needs ``volunteers.approve`` and is refused for
one's own (``services.decide``). The skills list and the hourly value are reference data.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from amparo.accounts.roles import has_capability
from amparo.core.permissions import CHANGE, CREATE, VIEW, CapabilityPolicy, Policy, register

from .models import Availability, HoursEntry, Rate, Shift, Signup, Skill, Volunteer


def _own_profile_id(user: Any) -> int | None:
    if not has_capability(user, "volunteers.self"):
        return None
    cached = getattr(user, "_volunteer_profile_id", None)
    if cached is None:  # only a profile found is remembered (for the rest of the request)
        cached = Volunteer.objects.filter(user=user, active=True).values_list("pk", flat=True).first()
        user._volunteer_profile_id = cached
    return cached


class _OwnedPolicy(Policy):
    """Records of one volunteer: the coordinators', and the volunteer's own (to read, and to
    create their own sign-ups and hours)."""

    field = "volunteer_id"
    own_actions = frozenset({VIEW, CREATE})

    def _owner(self, obj: Any) -> int | None:
        return getattr(obj, self.field, None) if obj is not None else None

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if action == VIEW and has_capability(user, "volunteers.view"):
            return True
        if action == "export":
            return has_capability(user, "volunteers.manage")
        if has_capability(user, "volunteers.manage"):
            return True
        own = _own_profile_id(user)
        if own is None or action not in self.own_actions:
            return False
        return obj is None or self._owner(obj) == own

    def restrict(self, queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
        if has_capability(user, "volunteers.manage") or (action == VIEW and has_capability(user, "volunteers.view")):
            return queryset
        own = _own_profile_id(user)
        if own is None or action not in self.own_actions:
            return queryset.none()
        return queryset.filter(**{self.field: own})


class _SignupPolicy(_OwnedPolicy):
    own_actions = frozenset({VIEW, CREATE, CHANGE})  # a volunteer cancels their own sign-up


class _VolunteerPolicy(_OwnedPolicy):
    field = "pk"

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if action == CREATE and not has_capability(user, "volunteers.manage"):
            return False
        return super().can(user, action, obj)

    def restrict(self, queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
        if action == CREATE and not has_capability(user, "volunteers.manage"):
            return queryset.none()
        return super().restrict(queryset, user, action)


class _ShiftPolicy(Policy):
    """Shifts are open to every volunteer to read (to sign up); coordinators make them."""

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if action == VIEW:
            return has_capability(user, "volunteers.view") or _own_profile_id(user) is not None
        return has_capability(user, "volunteers.manage")

    def restrict(self, queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
        return queryset if self.can(user, action, None) else queryset.none()


register(Volunteer, _VolunteerPolicy())
register(Availability, _OwnedPolicy())
register(Signup, _SignupPolicy())
register(HoursEntry, _OwnedPolicy())
register(Shift, _ShiftPolicy())
for _model in (Skill, Rate):
    register(_model, CapabilityPolicy(view="volunteers.view", create="volunteers.manage",
                                      change="volunteers.manage", delete="volunteers.manage",
                                      export="volunteers.view"))
