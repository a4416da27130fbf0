"""What legal shows on pages it does not own (declared as ``panels`` on LegalConfig)."""

from __future__ import annotations

from typing import Any

from amparo.core.permissions import CREATE, can

from .selectors import cases_for_person, due_soon


def due_soon_context(request: Any, obj: Any) -> dict[str, Any]:
    """The dashboard: deadlines and hearings of the next two weeks."""
    return {"due_items": due_soon(request.user, days=14)}


def person_cases_context(request: Any, person: Any) -> dict[str, Any]:
    """A person's page: their cases, and a button to open one for those who may."""
    from .models import Case

    return {"person": person, "cases": cases_for_person(request.user, person)[:50],
            "can_open": can(request.user, CREATE, Case)}
