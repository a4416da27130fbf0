"""Who may see and change the programs' records.

* Clinic set-up (services, providers, rooms, hours) and appointments: ``clinic.view`` to see,
  ``clinic.book`` to book and change, ``clinic.manage`` to set up.
* Clinical records (visit notes, assessments, alerts): ``clinic.notes`` AND being a provider of
  the record's program. Legal staff hold none of these; clinicians hold no legal capability.
* Visit notes shared with the client's consent (``SharingConsent``): legal staff holding
  ``clinic.shared_notes`` read (never write) the notes in the consent's scope of a client whose
  open case they work on, while the consent is in force. Revoked or ended: nothing.
* Consents: clinicians (``clinic.notes``) see and record them.
* House rules: ``housing.*``; incidents: ``housing.incidents`` only (housing staff).
* Referrals: ``referrals.view`` / ``referrals.change``.
* Housing: ``housing.view`` / ``housing.change`` / ``housing.export``.
* Basic needs, assistance and disaster registrations: ``needs.view`` / ``needs.change``;
  disaster registration also ``disaster.register``.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

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
    HouseRules,
    HousingRoom,
    Incident,
    NeedsAssessment,
    NightCount,
    Provider,
    Referral,
    Room,
    RulesAcknowledgement,
    Service,
    SharingConsent,
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


register(Assessment, ClinicalPolicy())


def shared_notes_q(user: Any, today: Any = None) -> Q | None:
    """The visit notes shared with ``user`` by a consent in force today, as a condition on
    ``VisitNote`` (None: nothing is shared with them).

    A consent to the "legal team" reaches the responsible attorney or representative, the paralegal
    and the members of the team of any open case of the client that the user may see; a consent to
    the "attorney" only the responsible attorney or representative."""
    if not has_capability(user, "clinic.shared_notes"):
        return None
    if today is None and hasattr(user, "_programs_shared_q"):
        return user._programs_shared_q  # read once per request (the user object lives as long)
    q = _shared_notes_q(user, today)
    if today is None:
        user._programs_shared_q = q
    return q


def _shared_notes_q(user: Any, today: Any) -> Q | None:
    from amparo.legal.models import Case
    from amparo.legal.policies import office_ids, visible_cases_q

    today = today or timezone.localdate()
    open_cases = Case.objects.filter(closed_at__isnull=True).filter(visible_cases_q(user))
    team = open_cases.filter(Q(responsible=user.pk) | Q(paralegal=user.pk) | Q(team__in=office_ids(user)))
    rows = SharingConsent.objects.filter(revoked_at__isnull=True, starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)).filter(
        Q(audience=SharingConsent.Audience.LEGAL_TEAM, person__in=team.values("client_id"))
        | Q(audience=SharingConsent.Audience.ATTORNEY, person__in=open_cases.filter(responsible=user.pk)
            .values("client_id"))).values_list("person_id", "scope")
    by_scope: dict[str, set[int]] = {}
    for person, scope in rows:
        by_scope.setdefault(scope, set()).add(person)
    if not by_scope:
        return None
    q = Q(pk__in=[])
    for scope, people in by_scope.items():
        q |= Q(person__in=sorted(people)) if scope == SharingConsent.Scope.ALL else Q(person__in=sorted(people),
                                                                                      program=scope)
    return q


@register(VisitNote)
class NotePolicy(ClinicalPolicy):
    """Visit notes: the clinicians of the note's program; and, read-only, legal staff the client
    has consented to share them with (``shared_notes_q``)."""

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if super().can(user, action, obj):
            return True
        if action not in (VIEW, EXPORT):
            return False
        shared = shared_notes_q(user)
        if isinstance(obj, type):
            # the notes pages exist for legal staff only while some client shares notes with them
            return shared is not None
        return shared is not None and VisitNote.objects.filter(shared, pk=obj.pk).exists()

    def restrict(self, queryset: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
        if action not in (VIEW, EXPORT):
            return queryset.none()
        programs = clinician_programs(user)
        shared = shared_notes_q(user)
        if programs and shared is not None:
            return queryset.filter(Q(program__in=programs) | shared)
        if programs:
            return queryset.filter(program__in=programs)
        return queryset.filter(shared) if shared is not None else queryset.none()


@register(SharingConsent)
class ConsentPolicy(Policy):
    """Consents to share notes: seen, recorded and revoked by clinicians."""

    def can(self, user: Any, action: str, obj: Any) -> bool:
        return action in (VIEW, CREATE, CHANGE) and bool(clinician_programs(user))

    def restrict(self, queryset: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
        return queryset if action in (VIEW, CHANGE) and clinician_programs(user) else queryset.none()


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
for _model in (Site, HousingRoom, Bed, Stay, NightCount, WaitlistEntry, HouseRules, RulesAcknowledgement):
    register(_model, HOUSING)


class IncidentPolicy(CapabilityPolicy):
    """Incidents: housing staff only (``housing.incidents``); every opening of one is audited."""

    def is_restricted(self, obj: Any) -> bool:
        return True


register(Incident, IncidentPolicy(view="housing.incidents", create="housing.incidents",
                                  change="housing.incidents", export="housing.incidents"))

NEEDS = CapabilityPolicy(view="needs.view", create="needs.change", change="needs.change", export="needs.view")
for _model in (NeedsAssessment, Assistance, DisasterEvent):
    register(_model, NEEDS)

register(DisasterRegistration, CapabilityPolicy(view="needs.view", create="disaster.register",
                                                change="needs.change", export="needs.view"))
