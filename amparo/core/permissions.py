"""The one permission gate.

Every view, API endpoint, search, export and report asks here, and nowhere else:

    can(user, "change", case)                  -> bool
    can(user, "archive.publish")               -> bool (a capability, for powers over no one record)
    restrict(Case.objects.all(), user, "view") -> only what the user may see
    get_visible_or_404(user, Case.objects, pk=5, action="change")

Each model registers a ``Policy`` (``@register(Model)``). A model without a policy is
refused to everyone: forgetting a policy fails closed. Objects a user may not see answer
404 (not 403), so their existence is not revealed; an object the user may see but not
change answers 403. Opening a restricted object is written to the audit trail here, so no
view can forget it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from amparo.accounts.roles import has_capability

VIEW = "view"
CREATE = "create"
CHANGE = "change"
DELETE = "delete"
EXPORT = "export"
ACTIONS = frozenset({VIEW, CREATE, CHANGE, DELETE, EXPORT})

M = TypeVar("M", bound=models.Model)


class Policy:
    """Deny everything; subclasses open what their model allows."""

    def can(self, user: Any, action: str, obj: Any) -> bool:
        """``obj`` is an instance, or the model class for ``create``."""
        return False

    def restrict(self, queryset: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
        return queryset.none()

    def is_restricted(self, obj: Any) -> bool:
        """True for records whose every view must be audited (asylum, VAWA, minors...)."""
        return False


class CapabilityPolicy(Policy):
    """Whole-model access by capability: ``CapabilityPolicy(view="audit.view")``."""

    def __init__(self, **capabilities: str) -> None:
        unknown = set(capabilities) - ACTIONS
        if unknown:
            raise ValueError(f"Unknown actions: {sorted(unknown)}")
        self.capabilities = capabilities

    def _allowed(self, user: Any, action: str) -> bool:
        capability = self.capabilities.get(action)
        return capability is not None and has_capability(user, capability)

    def can(self, user: Any, action: str, obj: Any) -> bool:
        return self._allowed(user, action)

    def restrict(self, queryset: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
        return queryset if self._allowed(user, action) else queryset.none()


class OwnerPolicy(Policy):
    """Records that belong to one user (API tokens, background tasks): only the owner."""

    def __init__(self, field: str = "owner") -> None:
        self.field = field

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if isinstance(obj, type):
            return action == CREATE
        return getattr(obj, f"{self.field}_id") == user.pk

    def restrict(self, queryset: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
        return queryset.filter(**{self.field: user.pk})


_policies: dict[type[models.Model], Policy] = {}


def register(model: type[models.Model], policy: Policy | None = None) -> Callable[[Any], Any]:
    """Register ``policy`` for ``model``; usable as a class decorator on a Policy subclass."""

    def attach(candidate: Any) -> Any:
        _policies[model] = candidate() if isinstance(candidate, type) else candidate
        return candidate

    if policy is not None:
        attach(policy)
        return lambda candidate: candidate
    return attach


def policy_for(model: type[models.Model]) -> Policy:
    for klass in model.__mro__:
        if klass in _policies:
            return _policies[klass]
    return Policy()


def _active(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


_NOTHING = object()


def can(user: Any, action: str, obj: Any = _NOTHING) -> bool:
    """May ``user`` do ``action`` to ``obj`` (an instance, or the model class for ``create``)?

    Without ``obj``, ``action`` names a capability of a page or a power that belongs to no
    record (``can(user, "cases.break_glass")``, ``can(user, "archive.publish")``)."""
    if obj is _NOTHING:
        return _active(user) and has_capability(user, action)
    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}")
    if not _active(user):
        return False
    model = obj if isinstance(obj, type) else type(obj)
    return policy_for(model).can(user, action, obj)


def restrict(queryset: models.QuerySet[M], user: Any, action: str = VIEW) -> models.QuerySet[M]:
    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}")
    if not _active(user):
        return queryset.none()
    return policy_for(queryset.model).restrict(queryset, user, action)


def is_restricted(obj: models.Model) -> bool:
    return policy_for(type(obj)).is_restricted(obj)


def get_visible_or_404(
    user: Any, queryset: models.QuerySet[M] | models.Manager[M], *, action: str = VIEW, **lookup: Any
) -> M:
    """The object, if ``user`` may see it (else 404) and do ``action`` to it (else 403).

    Views of restricted objects are written to the audit trail.
    """
    qs = queryset.all() if isinstance(queryset, models.Manager) else queryset
    obj = restrict(qs, user, VIEW).filter(**lookup).first()
    if obj is None:
        raise Http404
    if action != VIEW and not can(user, action, obj):
        raise PermissionDenied
    if is_restricted(obj):
        from .audit import log_action

        log_action(action="restricted.view", actor=user, obj=obj)
    return obj


def require(user: Any, capability: str) -> None:
    """For pages that belong to a capability rather than an object: 404 unless allowed."""
    if not has_capability(user, capability):
        raise Http404
