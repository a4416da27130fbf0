"""Reading documents through the gate (used by the pages, the panels, the API and search)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from amparo.core.permissions import restrict
from amparo.legal.models import Case

from .models import Document, DocumentVersion


def documents_of(user: Any, owner: Any, *, withdrawn: bool = False) -> QuerySet[Document]:
    """The documents of a case or a person that ``user`` may see, newest first, versions prefetched."""
    field = "case" if isinstance(owner, Case) else "person"
    qs = Document.objects.filter(**{field: owner})
    qs = qs.filter(deleted_at__isnull=False) if withdrawn else qs.current()
    versions = Prefetch("versions", queryset=DocumentVersion.objects.select_related("uploaded_by").order_by("-number"))
    return restrict(qs, user).prefetch_related(versions).order_by("-created_at", "-id")


def search_documents(user: Any, query: str, limit: int = 20) -> QuerySet[Document]:
    """Current documents whose title or original file name contains ``query``, through the gate."""
    from django.db.models import Q

    qs = Document.objects.current().filter(Q(title__icontains=query) | Q(versions__original_name__icontains=query))
    return restrict(qs, user).select_related("case", "person").distinct().order_by("-created_at")[:limit]
