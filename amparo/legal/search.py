"""The cases provider of the global search box (LegalConfig.search_sources): case number, receipt number or client name,
through the permission gate (a restricted case is never a hit for someone who may not see it)."""

from __future__ import annotations

from typing import Any

from amparo.core.permissions import VIEW, can
from amparo.core.search import SearchHit

from .models import Case
from .selectors import cases


def cases_provider(user: Any, query: str, limit: int) -> list[SearchHit]:
    if not can(user, VIEW, Case):
        return []
    hits = []
    for case in cases(user, {"q": query}).distinct()[:limit]:
        hits.append(SearchHit(
            title=f"{case.number} · {case.get_kind_display()} · {case.client.full_name}",
            url=case.get_absolute_url(), kind="case",
            detail=f"{case.get_status_display()} · {case.office}"))
    return hits
