"""Who on the staff may see and change the portal's records (clients never go through the gate: the
portal's own pages scope every query to the signed-in person, ``selectors.py``).

A share, a message or a document request follows its case (``legal.policies``) and needs
``portal.manage``; a person's portal access follows the person. Codes and code requests are seen by
no one.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from amparo.accounts.roles import has_capability
from amparo.core.permissions import CHANGE, CREATE, VIEW, Policy, can, register
from amparo.legal.policies import can_see_case, visible_cases_q
from amparo.people.policies import visible_people_q

from .models import DocumentRequest, PortalAccess, PortalMessage, PortalShare, SignInCode, SignInRequest

CASE_ACTIONS = {VIEW: "cases.view", CREATE: "cases.change", CHANGE: "cases.change"}


class PortalCasePolicy(Policy):
    def can(self, user: Any, action: str, obj: Any) -> bool:
        capability = CASE_ACTIONS.get(action)
        if capability is None or not has_capability(user, "portal.manage") or not has_capability(user, capability):
            return False
        return True if isinstance(obj, type) else can_see_case(user, obj.case)

    def restrict(self, queryset: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
        capability = CASE_ACTIONS.get(action)
        if capability is None or not has_capability(user, "portal.manage") or not has_capability(user, capability):
            return queryset.none()
        return queryset.filter(visible_cases_q(user, "case__"))

    def is_restricted(self, obj: Any) -> bool:
        return bool(obj.case.restricted)


for _model in (PortalShare, PortalMessage, DocumentRequest):
    register(_model, PortalCasePolicy())


@register(PortalAccess)
class PortalAccessPolicy(Policy):
    def can(self, user: Any, action: str, obj: Any) -> bool:
        if action not in (VIEW, CHANGE) or not has_capability(user, "portal.manage"):
            return False
        return True if isinstance(obj, type) else can(user, action, obj.person)

    def restrict(self, queryset: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
        if action not in (VIEW, CHANGE) or not has_capability(user, "portal.manage"):
            return queryset.none()
        return queryset.filter(visible_people_q(user, "person__"))


register(SignInCode, Policy())
register(SignInRequest, Policy())
