"""The screenings of a person, on the person's page (declared as ``panels`` on ScreeningConfig)."""

from __future__ import annotations

from typing import Any

from .selectors import screenings_for_person


def person_context(request: Any, person: Any) -> dict[str, Any]:
    return {"person": person, "screenings": screenings_for_person(request.user, person)}
