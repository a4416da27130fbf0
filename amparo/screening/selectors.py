from typing import Any

from django.db.models import QuerySet

from amparo.core.permissions import restrict

from .models import Screening


def screenings_for_person(user: Any, person: Any, limit: int = 5) -> QuerySet[Screening]:
    """The person's latest screenings that ``user`` may see."""
    return restrict(Screening.objects.filter(person=person), user, "view").select_related("created_by")[:limit]
