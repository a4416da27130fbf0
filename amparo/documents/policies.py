"""Who may see and change documents: exactly who may see and change their owner.

A case's document is as visible as the case (``legal.policies``: a restricted case's documents
reach only its team, supervisors and emergency grants), with the case capabilities; a person's
document is as visible as the person (``people.policies``), with the people capabilities.
Versions and generated letters follow their document; checklist items follow their case.
Reference data (checklists, letter templates) is changed by administrators.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from amparo.accounts.roles import has_capability
from amparo.core.permissions import CHANGE, CREATE, DELETE, EXPORT, VIEW, CapabilityPolicy, Policy, register
from amparo.legal.policies import CaseAttachedPolicy, can_see_case, visible_cases_q
from amparo.people.policies import can_see_person, visible_people_q

from .models import (
    ChecklistItem,
    ChecklistTemplateItem,
    Document,
    DocumentVersion,
    GeneratedLetter,
    LetterTemplate,
    LetterTemplateVersion,
)

CASE_CAPABILITY = {VIEW: "cases.view", CREATE: "cases.change", CHANGE: "cases.change", DELETE: "cases.change",
                   EXPORT: "cases.export"}
PERSON_CAPABILITY = {VIEW: "people.view", CREATE: "people.change", CHANGE: "people.change",
                     DELETE: "people.change", EXPORT: "people.export"}


def visible_documents_q(user: Any, action: str = VIEW, prefix: str = "") -> Q:
    """Documents ``user`` may ``action`` (``prefix`` for lookups from a related model)."""
    q = Q(pk__in=[])
    case_cap, person_cap = CASE_CAPABILITY.get(action), PERSON_CAPABILITY.get(action)
    if case_cap and has_capability(user, case_cap) and has_capability(user, "cases.view"):
        q |= Q(**{f"{prefix}case__isnull": False}) & visible_cases_q(user, f"{prefix}case__")
    if person_cap and has_capability(user, person_cap) and has_capability(user, "people.view"):
        q |= Q(**{f"{prefix}person__isnull": False}) & visible_people_q(user, f"{prefix}person__")
    return q


def can_on_owner(user: Any, action: str, owner: Any) -> bool:
    """May ``user`` do ``action`` to documents of ``owner`` (a Case or a Person)?"""
    from amparo.legal.models import Case

    if isinstance(owner, Case):
        capability = CASE_CAPABILITY.get(action)
        return bool(capability) and has_capability(user, capability) and can_see_case(user, owner)
    capability = PERSON_CAPABILITY.get(action)
    return bool(capability) and has_capability(user, capability) and can_see_person(user, owner)


@register(Document)
class DocumentPolicy(Policy):
    def can(self, user: Any, action: str, obj: Any) -> bool:
        if isinstance(obj, type):
            return action in CASE_CAPABILITY and (has_capability(user, CASE_CAPABILITY[action])
                                                  or has_capability(user, PERSON_CAPABILITY[action]))
        return can_on_owner(user, action, obj.owner)

    def restrict(self, queryset: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
        return queryset.filter(visible_documents_q(user, action))

    def is_restricted(self, obj: Any) -> bool:
        return bool(obj.owner.restricted)


class DocumentAttachedPolicy(Policy):
    """Records of one document (its versions, its letter record): as the document."""

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if isinstance(obj, type):
            return DocumentPolicy().can(user, action, Document)
        return can_on_owner(user, action, obj.document.owner)

    def restrict(self, queryset: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
        return queryset.filter(visible_documents_q(user, action, "document__"))

    def is_restricted(self, obj: Any) -> bool:
        return bool(obj.document.owner.restricted)


register(DocumentVersion, DocumentAttachedPolicy())
register(GeneratedLetter, DocumentAttachedPolicy())
register(ChecklistItem, CaseAttachedPolicy())
for _model in (ChecklistTemplateItem, LetterTemplate, LetterTemplateVersion):
    register(_model, CapabilityPolicy(view="admin.site", create="admin.site", change="admin.site"))
