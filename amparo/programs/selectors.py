"""What the programs' pages and API read, always through the permission gate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from amparo.core.permissions import can, restrict
from amparo.people.models import Person

from .models import Appointment, Bed, ClinicalAlert, NightCount, Referral, Stay, WaitlistEntry

PROGRAM_CAPABILITIES = ("clinic.view", "clinic.notes", "housing.view", "referrals.view", "needs.view",
                        "clinic.shared_notes")


def may_serve_clients(user: Any) -> bool:
    return any(can(user, cap) for cap in PROGRAM_CAPABILITIES)


def clients(user: Any) -> QuerySet[Person]:
    """People program staff may pick as clients: everyone in People but those hidden from all but
    their team (a hidden person is served through the people gate only)."""
    if not may_serve_clients(user):
        return Person.objects.none()
    return Person.objects.current().filter(Q(hidden=False))


def client_or_404(user: Any, pk: Any) -> Person:
    person = clients(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if person is None:
        raise Http404
    return person


def find_clients(user: Any, query: str, limit: int = 10) -> list[Person]:
    words = [w for w in query.split() if w][:4]
    if not words:
        return []
    qs = clients(user)
    for word in words:
        qs = qs.filter(Q(given_names__icontains=word) | Q(first_surname__icontains=word) |
                       Q(second_surname__icontains=word))
    return list(qs.order_by("first_surname", "given_names", "pk")[:limit])


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def appointments(user: Any) -> QuerySet[Appointment]:
    return restrict(Appointment.objects.select_related("person", "provider", "room", "service"), user)


def day_view(user: Any, day: dt.date, *, provider: int | None = None, room: int | None = None) -> list[Appointment]:
    start, end = day_bounds(day)
    qs = appointments(user).filter(starts_at__gte=start, starts_at__lt=end)
    if provider:
        qs = qs.filter(provider=provider)
    if room:
        qs = qs.filter(room=room)
    return list(qs.order_by("starts_at", "pk")[:300])


def open_alerts(user: Any) -> QuerySet[ClinicalAlert]:
    return restrict(ClinicalAlert.objects.select_related("person", "assessment"), user).filter(
        acknowledged_at__isnull=True, clinician=user.pk)


# --- Referrals ------------------------------------------------------------------------------------

def referrals(user: Any, *, state: str = "", today: dt.date | None = None) -> QuerySet[Referral]:
    """Referrals; "open" (not closed), "overdue" (not closed and past the day an answer was due), "closed"."""
    qs = restrict(Referral.objects.select_related("person"), user)
    today = today or timezone.localdate()
    if state == "open":
        qs = qs.exclude(status=Referral.Status.CLOSED)
    elif state == "overdue":
        qs = qs.exclude(status=Referral.Status.CLOSED).filter(due_by__lt=today)
    elif state == "closed":
        qs = qs.filter(status=Referral.Status.CLOSED)
    return qs


# --- Housing --------------------------------------------------------------------------------------

def occupied_on(night: dt.date) -> Q:
    """Stays that hold their bed on the night beginning ``night``."""
    return Q(entry_date__lte=night) & (Q(exit_date__isnull=True) | Q(exit_date__gt=night))


def beds_in_use(night: dt.date) -> QuerySet[Bed]:
    return Bed.objects.filter(Q(available_from__lte=night) & (Q(available_until__isnull=True) |
                                                               Q(available_until__gt=night)))


@dataclass
class BedRow:
    bed_id: int
    site: str
    room: str
    label: str
    accessible: bool
    crib: bool
    family_room: bool
    person_id: int | None = None
    person_name: str = ""


@dataclass
class Board:
    night: dt.date
    rows: list[BedRow]
    free: int
    taken: int
    leaving: list[dict[str, Any]]
    nights: list[tuple[dt.date, int, int]]  # (night, occupied, beds)


def _name(given: str, first: str, second: str) -> str:
    return " ".join(p for p in (given, first, second) if p)


def bed_board(user: Any, night: dt.date, *, days: int = 30) -> Board:
    """Tonight's beds (free or whose), who leaves within seven days, and occupancy by night.

    Read as plain values (a board of a few hundred beds renders without building models)."""
    beds = list(restrict(beds_in_use(night), user).order_by("room__site__name", "room__name", "label").values_list(
        "pk", "room__site__name", "room__name", "label", "accessible", "crib", "family_room")[:1000])
    taken = {bed: (person, _name(g, f, s)) for bed, person, g, f, s in restrict(
        Stay.objects.filter(occupied_on(night), bed__in=[b[0] for b in beds]), user).values_list(
        "bed_id", "person_id", "person__given_names", "person__first_surname", "person__second_surname")}
    rows = [BedRow(*b, *taken.get(b[0], (None, ""))) for b in beds]
    week = night + dt.timedelta(days=7)
    leaving = [{"expected_exit": e, "person_id": p, "person_name": _name(g, f, s), "room": r, "label": lb}
               for e, p, g, f, s, r, lb in restrict(
                   Stay.objects.filter(occupied_on(night), expected_exit__gte=night, expected_exit__lte=week), user)
               .order_by("expected_exit").values_list("expected_exit", "person_id", "person__given_names",
                                                      "person__first_surname", "person__second_surname",
                                                      "bed__room__name", "bed__label")[:100]]
    free = sum(1 for r in rows if r.person_id is None)
    return Board(night, rows, free, len(rows) - free, leaving, occupancy(user, night - dt.timedelta(days=days - 1),
                                                                          night))


def occupancy(user: Any, first: dt.date, last: dt.date) -> list[tuple[dt.date, int, int]]:
    """Occupancy per night: the recorded counts, and tonight's (and any missing night's) computed live."""
    if not can(user, "housing.view"):
        return []
    recorded = {n.night: n for n in NightCount.objects.filter(night__gte=first, night__lte=last)}
    missing = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)
               if first + dt.timedelta(days=i) not in recorded]
    live: dict[dt.date, tuple[int, int]] = {}
    if missing:
        lo, hi = min(missing), max(missing)
        spans = list(Stay.objects.filter(entry_date__lte=hi).filter(Q(exit_date__isnull=True) | Q(exit_date__gt=lo))
                     .values_list("entry_date", "exit_date"))
        bed_spans = list(Bed.objects.filter(available_from__lte=hi).filter(
            Q(available_until__isnull=True) | Q(available_until__gt=lo)).values_list("available_from",
                                                                                       "available_until"))
        for night in missing:
            occ = sum(1 for a, b in spans if a <= night and (b is None or b > night))
            cap = sum(1 for a, b in bed_spans if a <= night and (b is None or b > night))
            live[night] = (occ, cap)
    out = []
    for i in range((last - first).days + 1):
        night = first + dt.timedelta(days=i)
        if night in recorded:
            out.append((night, recorded[night].occupied, recorded[night].beds))
        else:
            out.append((night, *live[night]))
    return out


def waitlist(user: Any) -> QuerySet[WaitlistEntry]:
    """The waiting list in its stated order: families with children first, then medical need, then
    whoever has waited longest (and, for the same day, whoever was added first)."""
    return restrict(WaitlistEntry.objects.select_related("person"), user).filter(
        status=WaitlistEntry.Status.WAITING).order_by("-children", "-medical_need", "added_on", "pk")


def housing_staff() -> QuerySet[Any]:
    """Active users who may record shelter incidents (the staff an incident can name)."""
    from django.contrib.auth import get_user_model

    from amparo.accounts.roles import CAPABILITIES

    return get_user_model().objects.filter(is_active=True, role__in=list(CAPABILITIES["housing.incidents"])
                                           ).order_by("full_name")
