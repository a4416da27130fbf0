"""Who may see and change the programs' records.

* Clinic set-up (services, providers, rooms, hours) and appointments: ``clinic.view`` to see,
  ``clinic.book`` to book and change, ``clinic.manage`` to set up.
* Clinical records (visit notes, assessments, alerts): ``clinic.notes`` AND being a provider of
  the record's program. Legal staff hold none of these; clinicians hold no legal capability.
* Referrals: ``referrals.view`` / ``referrals.change``.
* Housing: ``housing.view`` / ``housing.change`` / ``housing.export``.
* Basic needs, assistance and disaster registrations: ``needs.view`` / ``needs.change``;
  disaster registration also ``disaster.register``.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from amparo.accounts.roles import has_capability
from amparo.core.permissions import CHANGE, CREATE, EXPORT, VIEW, CapabilityPolicy, Policy, register

from .models import (
    Appointment,
    AppointmentSeries,
    Assessment,
    Assistance,
    Availability,
    AvailabilityException,
    Bed,
    ClinicalAlert,
    DisasterEvent,
    DisasterRegistration,
    HousingRoom,
    NeedsAssessment,
    NightCount,
    Provider,
    Referral,
    Room,
    Service,
    Site,
    Stay,
    VisitNote,
    WaitlistEntry,
)


def clinician_programs(user: Any) -> list[str]:
    """The programs whose clinical records ``user`` may read (none without ``clinic.notes``)."""
    if not has_capability(user, "clinic.notes"):
        return []
    cache = getattr(user, "_programs_clinical", None)
    if cache is None:
        provider = Provider.objects.filter(user=user.pk, active=True).values_list("programs", flat=True).first()
        cache = list(provider or [])
        user._programs_clinical = cache
    return cache


class ClinicalPolicy(Policy):
    """Notes, assessments and alerts: clinicians of the record's program only."""

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if action not in (VIEW, CREATE, EXPORT):
            return False
        programs = clinician_programs(user)
        if isinstance(obj, type):
            return bool(programs)
        return obj.program in programs

    def restrict(self, queryset: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
        if action not in (VIEW, EXPORT):
            return queryset.none()
        programs = clinician_programs(user)
        return queryset.filter(program__in=programs) if programs else queryset.none()

    def is_restricted(self, obj: Any) -> bool:
        return True


for _model in (VisitNote, Assessment):
    register(_model, ClinicalPolicy())


@register(ClinicalAlert)
class AlertPolicy(ClinicalPolicy):
    def can(self, user: Any, action: str, obj: Any) -> bool:
        if action == CHANGE and not isinstance(obj, type):
            return obj.program in clinician_programs(user)
        return super().can(user, action, obj)

    def restrict(self, queryset: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
        return super().restrict(queryset, user, VIEW if action == CHANGE else action)

    def is_restricted(self, obj: Any) -> bool:
        return False


APPOINTMENTS = CapabilityPolicy(view="clinic.view", create="clinic.book", change="clinic.book", export="clinic.view")
for _model in (Appointment, AppointmentSeries):
    register(_model, APPOINTMENTS)

SETUP = CapabilityPolicy(view="clinic.view", create="clinic.manage", change="clinic.manage",
                         delete="clinic.manage")
for _model in (Service, Provider, Room, Availability, AvailabilityException):
    register(_model, SETUP)

register(Referral, CapabilityPolicy(view="referrals.view", create="referrals.change", change="referrals.change",
                                    export="referrals.view"))

HOUSING = CapabilityPolicy(view="housing.view", create="housing.change", change="housing.change",
                           export="housing.export")
for _model in (Site, HousingRoom, Bed, Stay, NightCount, WaitlistEntry):
    register(_model, HOUSING)

NEEDS = CapabilityPolicy(view="needs.view", create="needs.change", change="needs.change", export="needs.view")
for _model in (NeedsAssessment, Assistance, DisasterEvent):
    register(_model, NEEDS)

register(DisasterRegistration, CapabilityPolicy(view="needs.view", create="disaster.register",
                                                change="needs.change", export="needs.view"))
