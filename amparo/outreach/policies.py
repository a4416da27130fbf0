"""Who sees and changes outreach records.

Events and their registrations are the organizers' (``outreach.view`` to read,
``outreach.manage`` to create and change); volunteers at the door check people in
(``outreach.checkin``). A drive's registrants carry what people told the drive (birth, entry
date, screening): ``drives.view``; imports and changes ``drives.manage``.
"""

from typing import Any

from django.db.models import QuerySet

from amparo.accounts.roles import has_capability
from amparo.core.permissions import CapabilityPolicy, Policy, register

from .models import CheckIn, Drive, DriveImport, DriveSite, Event, EventSeries, Registrant, Registration


class _EventPolicy(Policy):
    def can(self, user: Any, action: str, obj: Any) -> bool:
        if action in {"view", "export"}:
            return has_capability(user, "outreach.view")
        return has_capability(user, "outreach.manage")

    def restrict(self, queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
        return queryset if self.can(user, action, None) else queryset.none()


for _model in (Event, EventSeries, Registration, CheckIn):
    register(_model, _EventPolicy())

for _model in (Drive, DriveSite, DriveImport, Registrant):
    register(_model, CapabilityPolicy(view="drives.view", export="drives.view", create="drives.manage",
                                      change="drives.manage", delete="drives.manage"))
