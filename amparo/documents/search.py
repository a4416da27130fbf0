"""Documents in the global search (DocumentsConfig.search_sources): by title or file name, only
those the user may see."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from amparo.core.search import SearchHit

from .selectors import search_documents


def search(user: Any, query: str, limit: int) -> list[SearchHit]:
    if len(query) < 2:
        return []
    return [SearchHit(title=doc.title, url=doc.get_absolute_url(), kind=str(_("Document")),
                      detail=str(doc.get_category_display()))
            for doc in search_documents(user, query, limit)]
