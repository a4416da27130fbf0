"""The portal panel on a case's page (declared on PortalConfig.panels): sharing switches, the client's
portal access and contact limits, document requests, messages and the client's portal activity."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from amparo.core.models import AuditEntry
from amparo.core.permissions import CHANGE, can, restrict
from amparo.documents.models import ChecklistItem

from .forms import AccessForm, RequestForm, ShareForm, StaffMessageForm
from .models import ContactBy, DocumentRequest, PortalAccess, PortalMessage, PortalShare


def activity(case: Any, *, limit: int = 15) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(
        Q(object_type="legal.case", object_id=str(case.pk)) | Q(object_type="people.person",
                                                                object_id=str(case.client_id)),
        action__startswith="portal.").order_by("-at", "-id")[:limit])


def case_context(request: Any, case: Any) -> dict[str, Any] | None:
    user = request.user
    share = PortalShare.objects.filter(case=case).first()
    if share is not None and not can(user, "view", share):
        return None
    access = PortalAccess.objects.filter(person_id=case.client_id).first()
    can_change = can(user, CHANGE, case)
    items = ChecklistItem.objects.filter(case=case, status=ChecklistItem.Status.REQUESTED)
    return {
        "case": case, "share": share, "access": access, "can_change": can_change,
        "visible": bool(share and share.enabled and (not case.restricted or share.restricted_ok)
                        and (access is None or access.active)),
        "share_form": ShareForm(instance=share or PortalShare(case=case)) if can_change else None,
        "access_form": AccessForm(initial={"active": access.active if access else True,
                                           "contact_by": access.contact_by if access else ContactBy.ANY})
        if can_change else None,
        "request_form": RequestForm(items=items) if can_change else None,
        "message_form": StaffMessageForm() if can_change else None,
        "requests": list(restrict(DocumentRequest.objects.filter(case=case), user).select_related("document")
                         .order_by("-requested_at", "-id")[:20]),
        "messages": list(restrict(PortalMessage.objects.filter(case=case), user).select_related("author")
                         .order_by("-created_at", "-id")[:20])[::-1],
        "activity": activity(case),
    }
