"""The archive's API (/api/v1/archive/): the same search and records as the pages, through the gate."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from amparo.core.permissions import get_visible_or_404

from .models import Event, Source
from .selectors import find, visible

router = Router(tags=["archive"])


class SourceOut(Schema):
    id: int
    identifier: str
    title: str
    date: str
    language: str
    outlet: str
    source_type: str
    access: str

    @staticmethod
    def resolve_source_type(obj: Source) -> str:
        return obj.source_type.code


class SourceDetail(SourceOut):
    text: str
    coverage: str


class EventOut(Schema):
    id: int
    title: str
    date: str
    end_date: str
    category: str
    access: str
    description: str


class HitOut(Schema):
    kind: str
    id: int
    identifier: str
    title: str
    date: str
    score: float
    snippet: str


@router.get("/sources", response=list[SourceOut])
def list_sources(request: HttpRequest, limit: int = 50, offset: int = 0) -> list[Source]:
    limit = max(1, min(limit, 500))
    return list(visible(Source, request.user).select_related("source_type").order_by("pk")[offset:offset + limit])


@router.get("/sources/{pk}", response=SourceDetail)
def get_source(request: HttpRequest, pk: int) -> Source:
    return get_visible_or_404(request.user, Source.objects.select_related("source_type"), pk=pk)


@router.get("/events", response=list[EventOut])
def list_events(request: HttpRequest, limit: int = 50, offset: int = 0) -> list[Event]:
    limit = max(1, min(limit, 500))
    return list(visible(Event, request.user).order_by("pk")[offset:offset + limit])


@router.get("/events/{pk}", response=EventOut)
def get_event(request: HttpRequest, pk: int) -> Event:
    return get_visible_or_404(request.user, Event.objects.all(), pk=pk)


@router.get("/search", response=list[HitOut])
def search(request: HttpRequest, q: str, limit: int = 20) -> list[dict[str, object]]:
    _total, found, _more = find(request.user, q, limit=max(1, min(limit, 100)))
    return [{"kind": f.hit.kind, "id": f.hit.object_id, "identifier": f.hit.identifier, "title": f.hit.title,
             "date": f.hit.date, "score": f.hit.score, "snippet": str(f.hit.snippet)} for f in found]
