"""Reads of the archive used by more than one caller: search through the gate, names for public views."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from amparo.core.permissions import restrict
from amparo.core.search import SearchHit

from . import search
from .models import Act, Actor, Event, Source
from .policies import PUBLIC_ONLY, levels_for, published
from .text import WITHHELD, redact


@dataclass
class FoundRecord:
    hit: search.Hit
    obj: Source | Event
    url: str


def visible(model: type[Any], user: Any, *, public: bool = False) -> QuerySet[Any]:
    """Records of ``model`` this reader may see; ``public`` pages see only published ones."""
    return published(model.objects.all()) if public else restrict(model.objects.all(), user)


def _url(kind: str, pk: int, public: bool) -> str:
    name = {"source": "source", "event": "event"}[kind]
    return reverse(f"archive_public:{name}" if public else f"archive:{name}", args=[pk])


def find(user: Any, query: str, *, filters: search.Filters | None = None, limit: int = 20, offset: int = 0,
         public: bool = False) -> tuple[int, list[FoundRecord], bool]:
    """Search hits the reader may open; each hit is re-checked through the permission gate.

    Answers (total, hits, whether the total is only a lower bound).
    """
    levels = PUBLIC_ONLY if public else levels_for(user)
    results = search.search(query, levels=levels, filters=filters, limit=limit, offset=offset)
    ids: dict[str, list[int]] = {"source": [], "event": []}
    for hit in results.hits:
        ids[hit.kind].append(hit.object_id)
    allowed = {
        "source": visible(Source, user, public=public).select_related("source_type").in_bulk(ids["source"]),
        "event": visible(Event, user, public=public).in_bulk(ids["event"]),
    }
    found = [FoundRecord(hit, allowed[hit.kind][hit.object_id], _url(hit.kind, hit.object_id, public))
             for hit in results.hits if hit.object_id in allowed[hit.kind]]
    return results.total, found, results.total_is_lower_bound


def global_search_hits(user: Any, query: str, limit: int) -> list[SearchHit]:
    """The archive's answer to the search box in the page header."""
    _total, found, _more = find(user, query, limit=limit)
    kinds = {"source": _("Source"), "event": _("Event")}
    return [SearchHit(title=f.hit.title, url=f.url, kind=str(kinds[f.hit.kind]),
                      detail=" · ".join(x for x in (f.hit.identifier, f.hit.date, f.hit.place) if x))
            for f in found]


def victim_names_for(obj: Source | Event) -> list[str]:
    acts = Act.objects.filter(Q(source=obj) | Q(event__sources=obj)) if isinstance(obj, Source) else obj.acts.all()
    names: list[str] = []
    for victim in Actor.objects.filter(suffered__in=acts, kind=Actor.Kind.PERSON).distinct():
        names += [victim.name, *victim.alias_list]
    return names


def public_text(obj: Source | Event, text: str) -> str:
    """Text as the public may read it: victims' names withheld."""
    return redact(text, victim_names_for(obj))


def victim_label(act: Act, *, public: bool) -> str:
    if act.victim_id is None:
        return act.victim_description or _("Unidentified victim")
    if public and act.victim.kind == Actor.Kind.PERSON:
        return act.victim_description or _("Name withheld") + f" {WITHHELD}"
    return act.victim.name
