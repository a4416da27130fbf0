"""Donors in the global search box: the donor's own name and contacts, linked to the donor page
(never to the person's file, even when the donor is also a client)."""

from __future__ import annotations

from typing import Any

from amparo.core.permissions import VIEW, can
from amparo.core.search import SearchHit

from .models import Donor
from .selectors import donors


def donors_provider(user: Any, query: str, limit: int) -> list[SearchHit]:
    if not can(user, VIEW, Donor):
        return []
    return [SearchHit(title=d.name, url=d.get_absolute_url(), kind="donor", detail=d.get_kind_display())
            for d in donors(user, query)[:limit]]
