"""Writes of households: create one, add, change and remove members. Each function: keyword-only
arguments, one transaction, one audit entry. Reads for the person page are here too."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from amparo.core.audit import log_action
from amparo.core.permissions import restrict

from .models import Household, HouseholdMember, Person, Relationship

Role = HouseholdMember.Role

# The role a relative takes in the walk-in's household, from how they are related.
ROLE_FOR_RELATIONSHIP = {Relationship.Kind.SPOUSE: Role.SPOUSE, Relationship.Kind.PARTNER: Role.SPOUSE,
                         Relationship.Kind.CHILD: Role.CHILD}


def _check_dates(since: dt.date | None, until: dt.date | None) -> None:
    if since and until and until < since:
        raise ValidationError({"until": _("The end date cannot be before the start date.")})


def _current(queryset: Any) -> Any:
    return queryset.filter(Q(until__isnull=True) | Q(until__gte=timezone.localdate()))


def _check_member(household: Household, person: Person, role: str, *, exclude: int | None = None,
                  until: dt.date | None = None) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role in the household.")})
    if until is not None and until < timezone.localdate():
        return  # a past membership never clashes with the present
    others = _current(household.members.all()).exclude(pk=exclude)
    if others.filter(person=person).exists():
        raise ValidationError(_("This person already lives in this household."))
    if role == Role.HEAD and others.filter(role=Role.HEAD).exists():
        raise ValidationError({"role": _("This household already has a head. Change that member's role first.")})


def _entry(member: HouseholdMember) -> dict[str, Any]:
    return {"household": member.household_id, "role": member.role,
            "since": member.since.isoformat() if member.since else None,
            "until": member.until.isoformat() if member.until else None}


@transaction.atomic
def create_household(*, name: str, person: Person, role: str = Role.HEAD, by: Any,
                     since: dt.date | None = None) -> HouseholdMember:
    """A new household with ``person`` as its first member; returns that membership."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the household a name, such as the family's surnames.")})
    _check_dates(since, None)
    household = Household.objects.create(name=name[:150], created_by=by)
    _check_member(household, person, role)
    member = HouseholdMember.objects.create(household=household, person=person, role=role, since=since)
    log_action(action="person.household.create", actor=by, obj=person,
               extra={"name": household.name, "member": member.pk, **_entry(member)})
    return member


@transaction.atomic
def add_household_member(*, household: Household, person: Person, role: str, by: Any,
                         since: dt.date | None = None, until: dt.date | None = None) -> HouseholdMember:
    _check_dates(since, until)
    Household.objects.select_for_update().get(pk=household.pk)  # one head at a time
    _check_member(household, person, role, until=until)
    member = HouseholdMember.objects.create(household=household, person=person, role=role, since=since, until=until)
    log_action(action="person.household.add", actor=by, obj=person, extra={"member": member.pk, **_entry(member)})
    return member


@transaction.atomic
def change_household_member(*, member: HouseholdMember, by: Any, role: str, since: dt.date | None,
                            until: dt.date | None) -> HouseholdMember:
    """Change a member's role or dates; an end date records that they moved out."""
    _check_dates(since, until)
    Household.objects.select_for_update().get(pk=member.household_id)
    member = HouseholdMember.objects.select_for_update().get(pk=member.pk)
    _check_member(member.household, member.person, role, exclude=member.pk, until=until)
    before = _entry(member)
    member.role, member.since, member.until = role, since, until
    member.save(update_fields=["role", "since", "until"])
    after = _entry(member)
    log_action(action="person.household.change", actor=by, obj=member.person,
               changes={k: [before[k], after[k]] for k in before if before[k] != after[k]},
               extra={"member": member.pk, "household": member.household_id})
    return member


@transaction.atomic
def remove_household_member(*, member: HouseholdMember, by: Any) -> None:
    """Take someone out of a household entered by mistake (to record a move, give an end date
    instead). A household left without members goes too; the audit entry keeps what it was."""
    household = Household.objects.select_for_update().get(pk=member.household_id)
    entry = _entry(member)
    person = member.person
    member.delete()
    emptied = not household.members.exists()
    if emptied:
        household.delete()
    log_action(action="person.household.remove", actor=by, obj=person,
               extra={**entry, "name": household.name, "household_removed": emptied})


def household_for_intake(*, person: Person, by: Any) -> Household:
    """The household a walk-in lives in now, or a new one with them as its head (inside the
    caller's transaction)."""
    current = _current(person.households.select_related("household")).order_by("-id").first()
    if current:
        return current.household
    name = " ".join(p for p in (person.first_surname, person.second_surname) if p) or person.given_names
    return create_household(name=_("%(name)s household") % {"name": name}, person=person, role=Role.HEAD,
                            by=by).household


def add_relatives_to_household(*, person: Person, relatives: list[tuple[Person, str]], by: Any) -> None:
    """Intake: put the relatives who live with the walk-in in the walk-in's household."""
    if not relatives:
        return
    household = household_for_intake(person=person, by=by)
    present = set(_current(household.members.all()).values_list("person_id", flat=True))
    for other, kind in relatives:
        if other.pk in present:
            continue
        add_household_member(household=household, person=other, role=ROLE_FOR_RELATIONSHIP.get(kind, Role.OTHER),
                             by=by)
        present.add(other.pk)


def households_of(person: Person, user: Any) -> list[dict[str, Any]]:
    """The person page's panel: each household the person belongs to (current first) with the
    members ``user`` may see, heads first."""
    own = list(person.households.select_related("household").order_by("until", "-since", "-id"))
    own.sort(key=lambda m: (not m.current, m.household_id))
    ids = [m.household_id for m in own]
    members = restrict(HouseholdMember.objects.filter(household_id__in=ids), user, "view").select_related("person")
    by_household: dict[int, list[HouseholdMember]] = {}
    for member in members:
        if member.person.merged_into_id is None:
            by_household.setdefault(member.household_id, []).append(member)
    out = []
    for mine in own:
        rows = sorted(by_household.get(mine.household_id, []),
                      key=lambda m: (not m.current, HouseholdMember.ROLE_ORDER.get(m.role, 9), m.pk))
        out.append({"household": mine.household, "mine": mine, "members": rows})
    return out
