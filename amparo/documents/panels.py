"""The Documents panel on a case's page and on a person's page (declared on DocumentsConfig.panels)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from amparo.core.permissions import CHANGE, can

from . import selectors, services
from .forms import ChecklistAddForm, LetterForm, UploadForm
from .letters import center_contact
from .models import ChecklistItem


def case_context(request: Any, case: Any, **bound: Any) -> dict[str, Any]:
    user = request.user
    can_change = can(user, CHANGE, case)
    items = services.ensure_checklist(case=case, by=user)
    open_items = ChecklistItem.objects.filter(case=case, status=ChecklistItem.Status.REQUESTED)
    return {
        "owner": case, "owner_kind": "case", "case": case,
        "upload_url": reverse("documents:case_upload", args=[case.pk]),
        "list_url": reverse("documents:case", args=[case.pk]),
        "documents": selectors.documents_of(user, case),
        "checklist": items, "can_change": can_change,
        "upload_form": bound.get("upload_form") or (UploadForm(checklist=open_items) if can_change else None),
        # An appointment is at the case's office unless said otherwise (its address is on the letterhead).
        "letter_form": bound.get("letter_form") or (LetterForm(initial={
            "appointment_place": center_contact(case.office)["address"]}) if can_change else None),
        "checklist_add_form": bound.get("checklist_add_form") or (ChecklistAddForm() if can_change else None),
        "missing_count": sum(1 for i in items if i.is_missing),
    }


def person_context(request: Any, person: Any, **bound: Any) -> dict[str, Any]:
    user = request.user
    can_change = can(user, CHANGE, person)
    return {
        "owner": person, "owner_kind": "person", "person": person,
        "upload_url": reverse("documents:person_upload", args=[person.pk]),
        "list_url": reverse("documents:person", args=[person.pk]),
        "documents": selectors.documents_of(user, person), "can_change": can_change,
        "upload_form": bound.get("upload_form") or (UploadForm() if can_change else None),
    }

