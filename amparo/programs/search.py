"""Global search over visit notes: only the clinicians of a note's program find it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from amparo.core.permissions import restrict
from amparo.core.search import SearchHit

from .models import VisitNote
from .services import record_shared_reads


def notes_provider(user: Any, query: str, limit: int) -> list[Any]:
    query = query.strip()
    if len(query) < 3:
        return []
    notes = list(restrict(VisitNote.objects.select_related("person"), user).filter(text__icontains=query)[:limit])
    record_shared_reads(user=user, notes=notes, channel="search")
    return [SearchHit(title=n.person.full_name, url=reverse("programs:client", args=[n.person_id]),
                      kind=str(_("Visit note")), detail=n.text[:120]) for n in notes]
