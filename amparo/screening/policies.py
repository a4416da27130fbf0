"""Who sees screenings and dated rules.

A screening holds sensitive facts (how someone entered, their criminal history). It is seen
by whoever made it, and, when it is linked to a person, by those who may see that person
(through the person's own policy, so a restricted person's screenings are as restricted as
the person) and who screen.
"""

from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet

from amparo.accounts.roles import has_capability
from amparo.core.permissions import CapabilityPolicy, Policy, policy_for, register
from amparo.core.permissions import restrict as gate_restrict

from .models import RuleOverride, Screening


def _person_model() -> Any:
    return apps.get_model("people", "Person")


@register(Screening)
class ScreeningPolicy(Policy):
    def can(self, user: Any, action: str, obj: Any) -> bool:
        if not has_capability(user, "screening.use"):
            return False
        if isinstance(obj, type):
            return action == "create"
        if action not in {"view", "export"}:
            return False  # a saved screening is a record of what was shown: never edited
        if obj.created_by_id == user.pk:
            return True
        return obj.person_id is not None and gate_restrict(
            _person_model().objects.filter(pk=obj.person_id), user, "view"
        ).exists()

    def restrict(self, queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
        if not has_capability(user, "screening.use") or action not in {"view", "export"}:
            return queryset.none()
        visible_people = gate_restrict(_person_model().objects.all(), user, "view").values("pk")
        return queryset.filter(Q(created_by=user) | Q(person__in=visible_people))

    def is_restricted(self, obj: Any) -> bool:
        return obj.person_id is not None and policy_for(_person_model()).is_restricted(obj.person)


register(RuleOverride, CapabilityPolicy(view="screening.use", create="rules.manage", change="rules.manage"))
