"""The global search box: each module declares a provider that answers through the gate
(``search_sources`` on its AppConfig; ``core.plugins.load`` registers it here).

A provider is ``fn(user, query, limit) -> list[SearchHit]`` and must apply
``core.permissions.restrict`` itself, so a restricted record is never a hit for someone
who may not see it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    kind: str
    detail: str = ""
    reasons: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Provider:
    key: str
    label: str | Promise
    search: Callable[[Any, str, int], list[SearchHit]]


_providers: dict[str, Provider] = {}


def register(key: str, label: str | Promise) -> Callable[[Callable[..., list[SearchHit]]], Any]:
    def attach(fn: Callable[[Any, str, int], list[SearchHit]]) -> Callable[..., list[SearchHit]]:
        _providers[key] = Provider(key, label, fn)
        return fn

    return attach


def providers() -> list[Provider]:
    return list(_providers.values())


def search(user: Any, query: str, limit: int = 20) -> list[tuple[Provider, list[SearchHit]]]:
    query = query.strip()
    if not query:
        return []
    return [(p, hits) for p in providers() if (hits := p.search(user, query, limit))]
