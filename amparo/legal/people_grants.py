"""What legal cases open in People: the attorney (or accredited representative) and the
paralegal of a case, wherever they sit, and whoever holds an unexpired emergency grant for it,
may open the person pages of the case's client and other non-adverse parties — for as long as
they stay on the case or the grant lasts. Declared as ``person_grants`` on
LegalConfig (core.plugins registers them with ``people.policies``) (People never imports Legal).

Adverse parties are not granted: a case gives no reason to open the other side's file.

The front-desk card of a person (``people.cards``) shows when the center expects her: her
upcoming hearings' dates and times, without kind, court or case.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from amparo.accounts.roles import has_capability
from amparo.people.cards import register_dates

from .kinds import ADVERSE_ROLES
from .models import BreakGlassGrant, Case, CaseParty, Hearing


def _staffed_cases_q(user: Any, prefix: str = "") -> Q:
    """Cases the user is on, or holds an unexpired emergency grant for. The grants are read first
    (a handful of ids, checked against the clock now) so that the whole condition is an OR of
    index reads (responsible, paralegal, primary key)."""
    grants = list(BreakGlassGrant.objects.filter(user=user.pk, expires_at__gt=timezone.now())
                  .values_list("case_id", flat=True))
    q = Q(**{f"{prefix}responsible": user.pk}) | Q(**{f"{prefix}paralegal": user.pk})
    if grants:
        q |= Q(**{f"{prefix}pk__in": grants})
    return q


def person_ids(user: Any) -> models.QuerySet[Any] | None:
    """People ``user`` may open because of cases (a subquery of person ids)."""
    if not getattr(user, "is_authenticated", False) or not has_capability(user, "cases.view"):
        return None
    cases = Case.objects.filter(_staffed_cases_q(user)).values("pk")
    return CaseParty.objects.filter(case_id__in=cases).exclude(role__in=ADVERSE_ROLES).values("person_id")


def allows(user: Any, person: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or not has_capability(user, "cases.view"):
        return False
    return CaseParty.objects.filter(_staffed_cases_q(user, "case__"), person=person.pk).exclude(
        role__in=ADVERSE_ROLES).exists()


def expected_dates(person: Any) -> list[Any]:
    """For the front-desk card: when the center expects ``person`` (upcoming hearings of the cases
    she is a non-adverse party to) — the date and time only, never the kind, court or case."""
    cases = CaseParty.objects.filter(person=person.pk).exclude(role__in=ADVERSE_ROLES).values("case_id")
    return list(Hearing.objects.filter(case_id__in=cases, starts_at__gte=timezone.now(), cancelled=False)
                .order_by("starts_at").values_list("starts_at", flat=True)[:10])


# Imported by LegalConfig.ready: the card's dates come from here (people never imports legal).
register_dates("legal.hearings", expected_dates)
