"""Who may see and change archive records: the archive's policies for the permission gate.

Three access levels. Public records are published: anyone may read them on the public pages
and through OAI-PMH, without signing in. Staff records need ``archive.view``. Restricted
records (testimonies naming victims) need ``archive.restricted``; every view of one is
audited by the gate. Changing needs ``archive.manage``; publishing needs ``archive.publish``.

``levels_for(user)`` is the one answer to "which levels may this reader see", used by the
search index and the public pages, so no channel filters by hand.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from amparo.accounts.roles import has_capability
from amparo.core.permissions import CREATE, DELETE, EXPORT, VIEW, CapabilityPolicy, Policy, register

from .models import Act, Actor, ActType, Career, Event, Involvement, OaiDeleted, OcrPage, Place, Source, SourceType

PUBLIC_ONLY = ("public",)


def levels_for(user: Any) -> tuple[str, ...]:
    """Access levels ``user`` may read; anonymous visitors read only published records."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return PUBLIC_ONLY
    if not has_capability(user, "archive.view"):
        return PUBLIC_ONLY
    if has_capability(user, "archive.restricted"):
        return ("public", "staff", "restricted")
    return ("public", "staff")


def published(queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """What the public pages and OAI-PMH may show: public records, through public parents."""
    return ArchiveRecordPolicy.filter_levels(queryset, PUBLIC_ONLY)


class ArchiveRecordPolicy(Policy):
    """Records with an ``access`` field; ``parents`` names related records that must be visible too."""

    parents: tuple[str, ...] = ()

    @classmethod
    def filter_levels(cls, queryset: models.QuerySet[Any], levels: tuple[str, ...]) -> models.QuerySet[Any]:
        policy = _policies_by_model.get(queryset.model, cls())
        queryset = queryset.filter(access__in=levels)
        for parent in policy.parents:
            queryset = queryset.filter(**{f"{parent}__access__in": levels})
        return queryset

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if action == CREATE:
            return has_capability(user, "archive.manage")
        if isinstance(obj, type):
            return False
        if obj.access not in levels_for(user) or not has_capability(user, "archive.view"):
            return False
        for parent in self.parents:
            related = getattr(obj, parent)
            if related is not None and related.access not in levels_for(user):
                return False
        if action == VIEW:
            return True
        if action == EXPORT:
            return True
        if action == DELETE:
            return has_capability(user, "archive.manage") and obj.access != "public" or has_capability(
                user, "archive.publish")
        return has_capability(user, "archive.manage")

    def restrict(self, queryset: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
        if not has_capability(user, "archive.view"):
            return queryset.none()
        if action not in (VIEW, EXPORT) and not has_capability(user, "archive.manage"):
            return queryset.none()
        return self.filter_levels(queryset, levels_for(user))

    def is_restricted(self, obj: Any) -> bool:
        return obj.access == "restricted"


class ActPolicy(ArchiveRecordPolicy):
    parents = ("event",)


class CareerPolicy(ArchiveRecordPolicy):
    parents = ("person", "unit")


class InvolvementPolicy(Policy):
    """An involvement is seen with its act, and changed by whoever manages the archive."""

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if isinstance(obj, type):
            return action == CREATE and has_capability(user, "archive.manage")
        allowed = _policies_by_model[Act].can(user, VIEW, obj.act) and _policies_by_model[Actor].can(
            user, VIEW, obj.perpetrator)
        return allowed and (action in (VIEW, EXPORT) or has_capability(user, "archive.manage"))

    def restrict(self, queryset: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
        if not has_capability(user, "archive.view"):
            return queryset.none()
        if action not in (VIEW, EXPORT) and not has_capability(user, "archive.manage"):
            return queryset.none()
        levels = levels_for(user)
        return queryset.filter(act__access__in=levels, act__event__access__in=levels,
                               perpetrator__access__in=levels)

    def is_restricted(self, obj: Any) -> bool:
        return obj.act.access == "restricted"


class OcrPagePolicy(Policy):
    """A page read from a scan is seen with its source, and corrected by whoever manages the archive."""

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if isinstance(obj, type):
            return False  # pages are made by reading a scan, never by hand
        allowed = _policies_by_model[Source].can(user, VIEW, obj.source)
        return allowed and (action in (VIEW, EXPORT) or has_capability(user, "archive.manage"))

    def restrict(self, queryset: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
        if not has_capability(user, "archive.view"):
            return queryset.none()
        if action not in (VIEW, EXPORT) and not has_capability(user, "archive.manage"):
            return queryset.none()
        return queryset.filter(source__access__in=levels_for(user))

    def is_restricted(self, obj: Any) -> bool:
        return obj.source.access == "restricted"


_policies_by_model: dict[type[models.Model], ArchiveRecordPolicy | Policy] = {
    Source: ArchiveRecordPolicy(),
    Event: ArchiveRecordPolicy(),
    Actor: ArchiveRecordPolicy(),
    Act: ActPolicy(),
    Career: CareerPolicy(),
    Involvement: InvolvementPolicy(),
    OcrPage: OcrPagePolicy(),
}
for _model, _policy in _policies_by_model.items():
    register(_model, _policy)

# Controlled vocabularies and places: everyone in the archive reads them; archivists extend them.
_vocabulary = CapabilityPolicy(view="archive.view", export="archive.view", create="archive.manage",
                               change="archive.manage")
for _model in (ActType, SourceType, Place):
    register(_model, _vocabulary)
# Withdrawn records are public knowledge by design (harvesters are told); only the services write them.
register(OaiDeleted, CapabilityPolicy(view="archive.view", export="archive.view"))
