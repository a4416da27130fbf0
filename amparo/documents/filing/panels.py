"""The "Forms and filing packets" panel on a case's page."""

from __future__ import annotations

from amparo.core import panels


def register() -> None:
    """Register the filing policies and the case panel (called from DocumentsConfig.ready)."""
    from . import policies  # noqa: F401  (registers the filing policies with the gate)
    from .views import case_panel_context

    panels.register("case", "documents.filing", order=35, capability="cases.view",
                    template="documents/filing/_case_panel.html", context=case_panel_context)
