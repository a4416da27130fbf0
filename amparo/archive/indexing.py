"""Keeping the search index (``SearchDocument``) in step with sources and events.

Called by the services inside their transactions; never by views.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from .models import Access, Act, Actor, Event, Place, SearchDocument, Source
from .text import redact, terms_text


def act_tag(code: str) -> str:
    """An act type as a search token: letters and digits only ("arbitrary-detention" -> "aarbitrarydetention")."""
    return "a" + "".join(ch for ch in code if ch.isalnum())


def place_tags(places: Iterable[Place | None]) -> set[str]:
    tags: set[str] = set()
    for place in places:
        depth = 0
        while place is not None and depth < 6:
            tags.add(f"p{place.pk}")
            place = place.parent
            depth += 1
    return tags


def unit_tags(actors: Iterable[Actor]) -> set[str]:
    tags: set[str] = set()
    for actor in actors:
        depth = 0
        while actor is not None and depth < 6:
            if actor.kind != Actor.Kind.PERSON:
                tags.add(f"u{actor.pk}")
            actor = actor.parent
            depth += 1
    return tags


def act_tags(acts: Iterable[Act]) -> set[str]:
    tags: set[str] = set()
    for act in acts:
        tags.add(act_tag(act.act_type.code))
        tags |= place_tags([act.place])
        tags |= unit_tags(inv.perpetrator for inv in act.involvements.all())
        tags |= unit_tags(c.unit for inv in act.involvements.all() for c in inv.perpetrator.careers.all())
    return tags


def victim_names(acts: Iterable[Act]) -> list[str]:
    names: list[str] = []
    for act in acts:
        if act.victim_id and act.victim.kind == Actor.Kind.PERSON:
            names.append(act.victim.name)
            names += act.victim.alias_list
    return names


def _acts_for_source(source: Source) -> list[Act]:
    return list(
        Act.objects.filter(source=source).select_related("act_type", "victim", "place", "event")
        .prefetch_related("involvements__perpetrator__careers__unit")
    ) + list(
        Act.objects.filter(event__sources=source).exclude(source=source).select_related("act_type", "victim", "place",
                                                                                     "event")
        .prefetch_related("involvements__perpetrator__careers__unit")
    )


RANK = {Access.PUBLIC: 0, Access.STAFF: 1, Access.RESTRICTED: 2}


def _no_wider(acts: list[Act], access: str) -> list[Act]:
    """Acts a reader of a document at ``access`` may know about: facets never reveal more."""
    return [a for a in acts if RANK[a.access] <= RANK[access] and RANK[a.event.access] <= RANK[access]]


def year_tags(lo: object, hi: object) -> set[str]:
    """``y1989``... for every year a record's dates may fall in (so year ranges need no join)."""
    if lo is None or hi is None:
        return set()
    first, last = lo.year, hi.year  # type: ignore[attr-defined]
    return {f"y{year}" for year in range(first, min(last, first + 60) + 1)}


def _tag_text(tags: set[str]) -> str:
    return f" {' '.join(sorted(tags))} " if tags else ""


def index_source(source: Source) -> SearchDocument:
    acts = _acts_for_source(source)
    tags = place_tags([source.place]) | act_tags(_no_wider(acts, source.access))
    tags |= year_tags(source.date_lo, source.date_hi)
    for event in source.events.all():
        tags |= place_tags(event.places.all())
    body = source.text or source.description
    title = source.title
    if source.access == Access.PUBLIC:  # public records never carry victims' names, even in search
        names = victim_names(acts)
        body, title = redact(body, names), redact(title, names)
    doc, _ = SearchDocument.objects.update_or_create(
        kind="source", object_id=source.pk,
        defaults={
            "access": source.access, "title": title[:500], "body": body, "identifier": source.identifier,
            "terms": terms_text(title, title, source.outlet, source.coverage, body, source.subject),
            "tags": _tag_text(tags), "date": source.date, "date_lo": source.date_lo, "date_hi": source.date_hi,
            "language": source.language, "source_type": source.source_type.code,
            "place": str(source.place) if source.place_id else source.coverage,
        },
    )
    return doc


def index_event(event: Event) -> SearchDocument:
    acts = list(event.acts.select_related("act_type", "victim", "place", "event")
                .prefetch_related("involvements__perpetrator__careers__unit"))
    places = list(event.places.all())
    tags = place_tags(places) | act_tags(_no_wider(acts, event.access)) | year_tags(event.date_lo, event.date_hi)
    body, title = event.description, event.title
    if event.access == Access.PUBLIC:
        names = victim_names(acts)
        body, title = redact(body, names), redact(title, names)
    doc, _ = SearchDocument.objects.update_or_create(
        kind="event", object_id=event.pk,
        defaults={
            "access": event.access, "title": title[:500], "body": body, "identifier": f"event-{event.pk}",
            "terms": terms_text(title, title, body, " ".join(a.act_type.name_en + " " + a.act_type.name_es
                                                             for a in acts)),
            "tags": _tag_text(tags), "date": event.date, "date_lo": event.date_lo, "date_hi": event.date_hi,
            "language": "", "source_type": "", "place": ", ".join(str(p) for p in places[:3]),
        },
    )
    return doc


def index_event_and_sources(event: Event) -> None:
    index_event(event)
    for source in event.sources.all():
        index_source(source)


def unindex(kind: str, object_id: int) -> None:
    SearchDocument.objects.filter(kind=kind, object_id=object_id).delete()


KINDS = ("source", "event")


def _records(kind: str) -> Any:
    if kind == "source":
        return Source.objects.select_related("source_type", "place__parent")
    return Event.objects.all()


def count_records(kind: str, *, after: int = 0) -> int:
    return _records(kind).filter(pk__gt=after).count()


def reindex_batch(kind: str, *, after: int, size: int) -> tuple[int, int] | None:
    """Index the next ``size`` sources or events (``kind``) whose key is above ``after``, in one
    transaction: (the last key indexed, how many), or None when none is left."""
    index = index_source if kind == "source" else index_event
    with transaction.atomic():
        records = list(_records(kind).filter(pk__gt=after).order_by("pk")[:size])
        for record in records:
            index(record)
    return (records[-1].pk, len(records)) if records else None


def remove_orphans() -> int:
    """Drop the search documents of records that no longer exist; how many were dropped."""
    removed = 0
    for kind in KINDS:
        model = Source if kind == "source" else Event
        removed += SearchDocument.objects.filter(kind=kind).exclude(
            object_id__in=model.objects.values("pk")).delete()[0]
    return removed
