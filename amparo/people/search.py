"""The people provider of the global search box (through the permission gate). It lists the
people whose file the user may open; the front-desk card of a restricted person is found on the
People page and at intake (docs/people.md), so this box, which also lists cases, never puts a
restricted client's name next to anything of a case."""

from __future__ import annotations

from typing import Any

from amparo.core.search import SearchHit

from .reasons import describe
from .selectors import search_people


def people_provider(user: Any, query: str, limit: int) -> list[SearchHit]:
    hits = []
    for found in search_people(user, query, limit=limit):
        person = found.person
        reasons = tuple(describe(found.match.reasons))
        detail = " · ".join(filter(None, [str(person.birth) if person.birth else "", ", ".join(reasons)]))
        hits.append(SearchHit(title=person.full_name, url=person.get_absolute_url(), kind="person",
                              detail=detail, reasons=reasons))
    return hits
