"""Reads of legal cases, all through the permission gate.

``due_soon(user, days=14)`` is the dashboard's entry point: open deadlines of cases the user
is on (responsible, paralegal) or tasks assigned to them, due within ``days`` or overdue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypedDict

from django.db.models import Q, QuerySet
from django.utils import timezone

from amparo.core import paging
from amparo.core.models import AuditEntry
from amparo.core.permissions import restrict

from .kinds import RESTRICTED_KINDS
from .models import Case, Deadline, Hearing, Task
from .policies import visible_restricted_q


class CaseFilters(TypedDict, total=False):
    kind: str
    status: str  # a status, or "open" / "closed"
    staff: int | None
    office: int | None
    window: str  # "overdue", or a number of days
    q: str


def cases(user: Any, filters: CaseFilters | None = None, *, action: str = "view") -> QuerySet[Case]:
    """Cases ``user`` may see (or export), filtered, newest first, with their next deadline."""
    filters = filters or {}
    qs = restrict(Case.objects.all(), user, action)
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
        if filters["kind"] in RESTRICTED_KINDS:
            # Every case of these kinds is restricted, so only the restricted arms of the gate can
            # let one through: said again on its own, the database reads the user's cases through
            # the staff, unit and key indexes instead of testing every case of the kind (the gate
            # above still applies; this can only narrow).
            qs = qs.filter(visible_restricted_q(user))
    status = filters.get("status") or ""
    if status == "open":
        qs = qs.filter(closed_at__isnull=True)
    elif status == "closed":
        qs = qs.filter(closed_at__isnull=False)
    elif status:
        qs = qs.filter(status=status)
    if filters.get("staff"):
        qs = qs.filter(Q(responsible=filters["staff"]) | Q(paralegal=filters["staff"]))
    if filters.get("office"):
        qs = qs.filter(Q(office=filters["office"]) | Q(team=filters["office"]))
    window = filters.get("window") or ""
    if window:
        # next_due is the earliest open deadline: overdue cases have it in the past; a case with
        # a deadline in the next N days (and none overdue) has it within the window.
        today = timezone.localdate()
        if window == "overdue":
            qs = qs.filter(closed_at__isnull=True, next_due__lt=today)
        elif (ahead := paging.days(window)) is not None:  # bounded: never a date past year 9999
            qs = qs.filter(closed_at__isnull=True, next_due__gte=today,
                           next_due__lte=today + dt.timedelta(days=ahead))
    text = (filters.get("q") or "").strip()
    if text:
        qs = qs.filter(_text_q(text))
    return qs.select_related("client", "office", "team", "responsible", "paralegal")


class StaffCases:
    """The cases of one member of staff — as attorney or as paralegal — newest first, for a
    paginator: two walks down the ``(responsible, -opened_at)`` and ``(paralegal, -opened_at)``
    indexes, each stopping at the end of the page, merged here; instead of one OR the database
    must read whole (thousands of cases) and sort. ``cases`` is the gated, filtered queryset
    without the staff filter; every row comes from it."""

    ordered = True

    def __init__(self, cases: QuerySet[Case], staff: int) -> None:
        self.cases, self.staff = cases, staff

    def _branches(self) -> tuple[QuerySet[Case], QuerySet[Case]]:
        return (self.cases.filter(responsible=self.staff),
                self.cases.filter(paralegal=self.staff).exclude(responsible=self.staff))

    def capped_count(self, limit: int) -> int:
        """Exact up to ``limit``; above it, some number greater than ``limit``."""
        return sum(b.order_by().values("pk")[:limit + 1].count() for b in self._branches())

    def __getitem__(self, window: slice) -> list[Case]:
        start, stop = window.start or 0, window.stop
        heads: list[tuple[Any, int]] = []
        for branch in self._branches():
            heads += [(opened, pk) for pk, opened in
                      branch.order_by("-opened_at", "-id").values_list("pk", "opened_at")[:stop]]
        chosen = [pk for _opened, pk in sorted(heads, reverse=True)[start:stop]]
        rows = {case.pk: case for case in self.cases.filter(pk__in=chosen)}
        return [rows[pk] for pk in chosen if pk in rows]


def _text_q(text: str) -> Q:
    from .models import normalize_receipt

    cleaned = text.lstrip("#").strip()
    if cleaned.isdigit():
        return Q(pk=int(cleaned))
    receipt = normalize_receipt(text)
    if len(receipt) == 13 and receipt[:3].isalpha() and receipt[3:].isdigit():
        return Q(receipts__number=receipt)
    return Q(client_id__in=client_ids_matching(text))


def client_ids_matching(text: str, *, limit: int = 80) -> list[int]:
    """People whose names (any order, accents ignored, nicknames understood), birth date, phone
    or A-number match ``text``, from People's blocking-key index — not yet through any gate: the
    caller filters *cases* through the case gate, so only cases the user may see come back."""
    from amparo.core.encryption import lookup_hash
    from amparo.people import matching
    from amparo.people.models import Person
    from amparo.people.selectors import SHOW_THRESHOLD, candidate_ids

    query = matching.parse_query(text[:200])
    if query.empty:
        return []
    hashes = [lookup_hash(a) for a in query.a_numbers]
    ids = candidate_ids(matching.query_keys(query))
    if len(ids) < 5 and query.tokens:
        ids = list(dict.fromkeys(ids + candidate_ids(matching.query_keys(query, with_single=True))))
    rows = Person.objects.filter(pk__in=ids).values_list("pk", "match_data")
    if hashes:
        rows = rows.union(Person.objects.filter(a_number_hash__in=hashes).values_list("pk", "match_data"))
    scored = []
    for pk, data in rows:
        match = matching.score_query(query, matching.Record.from_data(pk, data), identifier_hashes=hashes)
        if match.score >= SHOW_THRESHOLD:
            scored.append((match.score, pk))
    return [pk for _score, pk in sorted(scored, reverse=True)[:limit]]


@dataclass(frozen=True)
class DueItem:
    kind: str  # "deadline" or "task"
    obj: Any
    case: Case
    due: dt.date
    overdue: bool


def deadlines_due(user: Any, *, days: int = 14, scope: str = "mine", staff: int | None = None,
                  office: int | None = None, include_overdue: bool = True, limit: int = 200) -> QuerySet[Deadline]:
    """Open deadlines due within ``days`` (and overdue ones), of the cases ``user`` may see.

    ``scope``: "mine" (cases where the user is responsible or paralegal), "staff" (the same for
    ``staff``), "office" (cases of ``office`` or team), "all" (every case the user may see).
    """
    today = timezone.localdate()
    until = today + dt.timedelta(days=days)
    # Cases first, through their next_due index (the earliest open deadline), then their deadlines.
    candidates = restrict(Case.objects.all(), user, "view").filter(
        closed_at__isnull=True, next_due__isnull=False, next_due__lte=until)
    if scope == "mine":
        candidates = candidates.filter(Q(responsible=user.pk) | Q(paralegal=user.pk))
    elif scope == "staff" and staff:
        candidates = candidates.filter(Q(responsible=staff) | Q(paralegal=staff))
    elif scope == "office" and office:
        candidates = candidates.filter(Q(office=office) | Q(team=office))
    case_ids = list(candidates.order_by("next_due").values_list("pk", flat=True)[:limit])
    qs = Deadline.objects.filter(case_id__in=case_ids, state=Deadline.State.OPEN, due__isnull=False, due__lte=until)
    if not include_overdue:
        qs = qs.filter(due__gte=today)
    # Only the columns the due-soon pages show: a page of 200 rows otherwise reads (and builds)
    # whole people and users, encrypted identifiers and matching data included.
    return qs.select_related("case", "case__client", "case__responsible").only(*DUE_COLUMNS).order_by("due", "id")


DUE_COLUMNS = ("id", "case_id", "event_id", "kind", "title", "due", "opens", "rolled_from", "rule_en", "rule_es",
               "rule_id", "source", "verified", "warnings", "state",
               "case__id", "case__kind", "case__status", "case__restricted", "case__client_id",
               "case__responsible_id", "case__paralegal_id", "case__office_id", "case__team_id", "case__closed_at",
               "case__next_due", "case__client__id", "case__client__given_names", "case__client__first_surname",
               "case__client__second_surname", "case__client__restricted", "case__responsible__id",
               "case__responsible__full_name", "case__responsible__email")


def due_soon(user: Any, days: int = 14) -> list[DueItem]:
    """For the dashboard: the user's open deadlines and tasks due within ``days`` or overdue,
    soonest first. Every item passed the gate; titles shown should be ``item.obj.label``
    (deadlines) or ``item.obj.title`` (tasks) with ``item.case.number``."""
    today = timezone.localdate()
    items = [DueItem("deadline", d, d.case, d.due, d.due < today) for d in deadlines_due(user, days=days)[:50]]
    tasks = restrict(Task.objects.all(), user, "view").filter(
        assignee=user.pk, done_at__isnull=True, due__isnull=False, due__lte=today + dt.timedelta(days=days),
        case__closed_at__isnull=True).select_related("case")[:50]
    items += [DueItem("task", t, t.case, t.due, t.due < today) for t in tasks]
    return sorted(items, key=lambda i: (i.due, i.kind, i.obj.pk))


def hearings_ahead(user: Any, *, days: int = 60) -> QuerySet[Hearing]:
    now = timezone.now()
    return restrict(Hearing.objects.all(), user, "view").filter(
        cancelled=False, starts_at__gte=now - dt.timedelta(days=1), starts_at__lte=now + dt.timedelta(days=days)
    ).select_related("case")


TIMELINE_HIDDEN = {"restricted.view"}


def timeline(case: Case, *, limit: int = 200) -> QuerySet[AuditEntry]:
    """Everything that happened on the case, newest first: its own audit trail."""
    return AuditEntry.objects.filter(object_type="legal.case", object_id=str(case.pk)).exclude(
        action__in=TIMELINE_HIDDEN).select_related(None)[:limit]


def restricted_views(case: Case, *, limit: int = 20) -> QuerySet[AuditEntry]:
    """Who opened this restricted case lately (shown to its team)."""
    return AuditEntry.objects.filter(object_type="legal.case", object_id=str(case.pk), action="restricted.view")[
        :limit]


def feed_items(user: Any, *, past_days: int = 30, ahead_days: int = 400) -> tuple[list[Deadline], list[Hearing],
                                                                                   list[Task]]:
    """What goes in a user's calendar: deadlines and hearings of open cases they are on
    (responsible or paralegal), and their own tasks — only cases they may still see."""
    today = timezone.localdate()
    start, end = today - dt.timedelta(days=past_days), today + dt.timedelta(days=ahead_days)
    mine = Q(case__responsible=user.pk) | Q(case__paralegal=user.pk)
    deadlines = list(restrict(Deadline.objects.all(), user).filter(
        mine, state=Deadline.State.OPEN, due__gte=start, due__lte=end, case__closed_at__isnull=True
    ).select_related("case")[:2000])
    hearings = list(restrict(Hearing.objects.all(), user).filter(
        mine, cancelled=False, starts_at__date__gte=start, starts_at__date__lte=end, case__closed_at__isnull=True
    ).select_related("case")[:2000])
    tasks = list(restrict(Task.objects.all(), user).filter(
        assignee=user.pk, done_at__isnull=True, due__gte=start, due__lte=end, case__closed_at__isnull=True
    ).select_related("case")[:2000])
    return deadlines, hearings, tasks


def cases_for_person(user: Any, person: Any) -> QuerySet[Case]:
    """The cases a person is party to that ``user`` may see (for the person's page in People)."""
    return restrict(Case.objects.all(), user).filter(parties__person=person).distinct().select_related(
        "office", "responsible")
