"""Permission policies of account models."""

from typing import Any

from amparo.core.permissions import CapabilityPolicy, OwnerPolicy, Policy, register

from .models import APIToken, Office, User


@register(User)
class UserPolicy(Policy):
    """Administrators manage accounts; everyone sees and edits their own."""

    def can(self, user: Any, action: str, obj: Any) -> bool:
        from amparo.accounts.roles import has_capability

        if has_capability(user, "users.manage"):
            return action != "delete"  # accounts are deactivated, never deleted
        return not isinstance(obj, type) and obj.pk == user.pk and action in {"view", "change"}

    def restrict(self, queryset, user, action):  # type: ignore[no-untyped-def]
        from amparo.accounts.roles import has_capability

        if has_capability(user, "users.manage"):
            return queryset
        return queryset.filter(pk=user.pk)


register(Office, CapabilityPolicy(view="api.use", create="users.manage", change="users.manage"))
register(APIToken, OwnerPolicy("user"))
