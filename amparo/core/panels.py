"""Panels that modules add to pages they do not own: the dashboard, a person's page, a case's page.

An app declares its panels on its AppConfig (``core.plugins``)::

    panels = [Panel("person", "legal.cases", order=20, capability="cases.view",
                    template="legal/_person_cases.html", context="amparo.legal.panels.person_cases_context")]

and ``core.plugins.load`` registers them here. Places: the dashboard, a person, a case, an
outreach event and a registration drive. The context function reads through the
permission gate like any view, and returns None to hide the panel. Pages show them with
``{% panels "person" person %}`` (core's ``amparo`` template tags); each panel template gets
its context and the request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from amparo.accounts.roles import has_capability

PLACES = ("dashboard", "person", "case", "event", "drive")


@dataclass(frozen=True)
class Panel:
    place: str
    key: str
    order: int
    template: str
    context: Callable[[Any, Any], dict[str, Any] | None]
    capability: str | None = None


_panels: dict[tuple[str, str], Panel] = {}


def register(place: str, key: str, *, template: str, context: Callable[[Any, Any], dict[str, Any] | None],
             order: int = 50, capability: str | None = None) -> None:
    if place not in PLACES:
        raise ValueError(f"Unknown place {place!r}; known: {PLACES}")
    _panels[(place, key)] = Panel(place, key, order, template, context, capability)


def render(place: str, request: Any, obj: Any = None) -> list[str]:
    """The panels of ``place`` this request may see, rendered."""
    shown = []
    for panel in sorted((p for p in _panels.values() if p.place == place), key=lambda p: (p.order, p.key)):
        if panel.capability is not None and not has_capability(request.user, panel.capability):
            continue
        context = panel.context(request, obj)
        if context is not None:
            shown.append(render_to_string(panel.template, context, request=request))
    return shown
