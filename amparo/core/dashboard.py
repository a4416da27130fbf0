"""Dashboard panels contributed by modules (deadlines, hearings, ...).

A module registers a panel in its AppConfig.ready():

    dashboard.register("legal.due", order=10, capability="cases.view",
                       template="legal/dashboard_due.html", context=lambda request: {...})

The context function reads through the permission gate, like any view; returning None hides
the panel for that request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from amparo.accounts.roles import has_capability


@dataclass(frozen=True)
class Panel:
    key: str
    order: int
    template: str
    context: Callable[[Any], dict[str, Any] | None]
    capability: str | None = None


_panels: dict[str, Panel] = {}


def register(key: str, *, template: str, context: Callable[[Any], dict[str, Any] | None], order: int = 50,
             capability: str | None = None) -> None:
    _panels[key] = Panel(key, order, template, context, capability)


def panels_for(request: Any) -> list[str]:
    """The panels this request may see, rendered (each template gets its context and the request)."""
    shown = []
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.key)):
        if panel.capability is not None and not has_capability(request.user, panel.capability):
            continue
        context = panel.context(request)
        if context is not None:
            shown.append(render_to_string(panel.template, context, request=request))
    return shown
