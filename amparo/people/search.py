"""The people provider of the global search box (through the permission gate): the front desk
finds a person whose file it may not open by her card (docs/people.md), never a hidden one."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from amparo.core.search import SearchHit, register

from .reasons import describe
from .selectors import search_people


@register("people", _("People"))
def people_provider(user: Any, query: str, limit: int) -> list[SearchHit]:
    hits = []
    for found in search_people(user, query, limit=limit, cards=True):
        person = found.person
        reasons = tuple(describe(found.match.reasons))
        birth = str(person.birth) if person.birth and not found.card_only else ""
        detail = " · ".join(filter(None, [birth, ", ".join(reasons)]))
        hits.append(SearchHit(title=person.full_name, url=person.get_absolute_url(), kind="person",
                              detail=detail, reasons=reasons))
    return hits
