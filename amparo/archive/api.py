"""The archive's API (/api/v1/archive/): the same search and records as the pages, through the gate."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from amparo.core.api_errors import one_of, responses
from amparo.core.paging import Limit, Offset
from amparo.core.permissions import get_visible_or_404

from .models import Access, Event, Source
from .selectors import find, visible

router = Router(tags=["archive"])
ListLimit = Limit(50, 500)
SearchLimit = Limit(20, 100)


class SourceOut(Schema):
    id: int
    identifier: str
    title: str
    date: str
    language: str
    outlet: str
    source_type: str
    access: one_of(Access)  # type: ignore[valid-type]

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
    access: one_of(Access)  # type: ignore[valid-type]
    description: str


class HitOut(Schema):
    kind: one_of(["source", "event"])  # type: ignore[valid-type]
    id: int
    identifier: str
    title: str
    date: str
    score: float
    snippet: str


@router.get("/sources", response=responses({200: list[SourceOut]}, 422))
def list_sources(request: HttpRequest, limit: ListLimit = 50, offset: Offset = 0) -> list[Source]:
    return list(visible(Source, request.user).select_related("source_type").order_by("pk")[offset:offset + limit])


@router.get("/sources/{pk}", response=responses({200: SourceDetail}, 404, 422))
def get_source(request: HttpRequest, pk: int) -> Source:
    return get_visible_or_404(request.user, Source.objects.select_related("source_type"), pk=pk)


@router.get("/events", response=responses({200: list[EventOut]}, 422))
def list_events(request: HttpRequest, limit: ListLimit = 50, offset: Offset = 0) -> list[Event]:
    return list(visible(Event, request.user).order_by("pk")[offset:offset + limit])


@router.get("/events/{pk}", response=responses({200: EventOut}, 404, 422))
def get_event(request: HttpRequest, pk: int) -> Event:
    return get_visible_or_404(request.user, Event.objects.all(), pk=pk)


@router.get("/search", response=responses({200: list[HitOut]}, 422))
def search(request: HttpRequest, q: str, limit: SearchLimit = 20) -> list[dict[str, object]]:
    _total, found, _more = find(request.user, q, limit=limit)
    return [{"kind": f.hit.kind, "id": f.hit.object_id, "identifier": f.hit.identifier, "title": f.hit.title,
             "date": f.hit.date, "score": f.hit.score, "snippet": str(f.hit.snippet)} for f in found]
