"""The accountability report: which officers were in charge of units when their units'
acts happened. Built from careers and involvements, through the permission gate.

For a unit: the acts attributed to it (or to its sub-units), and for each act the officers
whose tenure in the unit overlaps the act's date, certainly or possibly (partial dates).
For an officer: each post held, and the acts attributed to that unit during the tenure.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from amparo.core.partial_dates import Overlap, overlap

from .models import Act, Actor, Career, Source
from .selectors import victim_label, visible


@dataclass
class Attribution:
    career: Career
    overlap: Overlap


@dataclass
class Row:
    act: Act
    unit: Actor | None
    victim: str
    sources: list[Source]
    officers: list[Attribution] = field(default_factory=list)
    overlap: Overlap | None = None  # for an officer's report: how surely the act fell in the tenure


@dataclass
class Section:
    career: Career
    rows: list[Row]


@dataclass
class Report:
    subject: Actor
    careers: list[Career]
    rows: list[Row]
    sections: list[Section]
    by_type: list[tuple[str, int]]
    by_year: list[tuple[str, int]]
    by_type_year: list[tuple[str, list[int], int]]
    years: list[str]
    uncertain: int


def unit_family(unit: Actor, depth: int = 3) -> list[Actor]:
    family, frontier = [unit], [unit]
    for _ in range(depth):
        frontier = list(Actor.objects.filter(parent__in=frontier))
        family += frontier
    return family


def identity_group(actor: Actor) -> list[Actor]:
    """The records naming the same real person or group (linked with ``same_as``), kept apart."""
    root = actor.same_as or actor
    return list(Actor.objects.filter(Q(pk=root.pk) | Q(same_as=root) | Q(pk=actor.pk)).distinct())


def _acts(user: Any, public: bool, perpetrators: list[Actor]) -> QuerySet[Act]:
    return (visible(Act, user, public=public).filter(involvements__perpetrator__in=perpetrators).distinct()
            .select_related("act_type", "victim", "place__parent", "event", "source")
            .prefetch_related("involvements__perpetrator", "involvements__source", "event__sources")
            .order_by("date_lo", "pk"))


def _sources(act: Act, allowed: set[int]) -> list[Source]:
    found: dict[int, Source] = {}
    candidates = [act.source, *(inv.source for inv in act.involvements.all()), *act.event.sources.all()]
    for source in candidates:
        if source is not None and source.pk in allowed:
            found[source.pk] = source
    return list(found.values())


def _summary(rows: list[Row]) -> dict[str, Any]:
    by_type: Counter[str] = Counter()
    by_year: Counter[str] = Counter()
    grid: dict[str, Counter[str]] = {}
    for row in rows:
        name = row.act.act_type.name
        year = row.act.date[:4] if row.act.date else "?"
        by_type[name] += 1
        by_year[year] += 1
        grid.setdefault(name, Counter())[year] += 1
    years = sorted(by_year)
    return {
        "by_type": by_type.most_common(), "by_year": sorted(by_year.items()),
        "by_type_year": [(t, [grid[t][y] for y in years], sum(grid[t].values())) for t, _n in by_type.most_common()],
        "years": years,
    }


def _allowed_sources(user: Any, public: bool, acts: list[Act]) -> set[int]:
    """Of the sources behind ``acts``, those this reader may see."""
    candidates = {s.pk for act in acts for s in (act.source, *(i.source for i in act.involvements.all()),
                                                  *act.event.sources.all()) if s is not None}
    return set(visible(Source, user, public=public).filter(pk__in=candidates).values_list("pk", flat=True))


def unit_report(user: Any, unit: Actor, *, public: bool = False) -> Report:
    family = unit_family(unit)
    careers = list(visible(Career, user, public=public).filter(unit__in=family)
                   .select_related("person", "unit", "source").order_by("-is_command", "start_lo", "pk"))
    acts = list(_acts(user, public, family))
    allowed = _allowed_sources(user, public, acts)
    rows: list[Row] = []
    for act in acts:
        attributed = next((inv.perpetrator for inv in act.involvements.all() if inv.perpetrator in family), None)
        row = Row(act=act, unit=attributed, victim=victim_label(act, public=public), sources=_sources(act, allowed))
        for career in careers:
            found = overlap(act.date_lo, act.date_hi, career.start_date, career.end_date)
            if found is not Overlap.NONE and (career.unit_id == getattr(attributed, "pk", None)
                                              or career.unit_id == unit.pk):
                row.officers.append(Attribution(career, found))
        rows.append(row)
    uncertain = sum(1 for r in rows for a in r.officers if a.overlap is Overlap.POSSIBLE)
    return Report(subject=unit, careers=careers, rows=rows, sections=[], uncertain=uncertain, **_summary(rows))


def officer_report(user: Any, person: Actor, *, public: bool = False) -> Report:
    group = identity_group(person)
    careers = list(visible(Career, user, public=public).filter(person__in=group)
                   .select_related("person", "unit", "source").order_by("start_lo", "pk"))
    sections: list[Section] = []
    seen: dict[int, Row] = {}
    for career in careers:
        family = unit_family(career.unit)
        section_rows = []
        acts = list(_acts(user, public, family))
        allowed = _allowed_sources(user, public, acts)
        for act in acts:
            found = overlap(act.date_lo, act.date_hi, career.start_date, career.end_date)
            if found is Overlap.NONE:
                continue
            attributed = next((inv.perpetrator for inv in act.involvements.all() if inv.perpetrator in family), None)
            row = Row(act=act, unit=attributed, victim=victim_label(act, public=public),
                      sources=_sources(act, allowed), officers=[Attribution(career, found)], overlap=found)
            section_rows.append(row)
            if act.pk not in seen or found is Overlap.CERTAIN:
                seen[act.pk] = row
        sections.append(Section(career, section_rows))
    direct = [act for act in _acts(user, public, group) if act.pk not in seen]
    allowed = _allowed_sources(user, public, direct)
    for act in direct:
        seen[act.pk] = Row(act=act, unit=None, victim=victim_label(act, public=public),
                           sources=_sources(act, allowed), overlap=Overlap.CERTAIN)
    rows = sorted(seen.values(), key=lambda r: (r.act.date_lo is None, r.act.date_lo, r.act.pk))
    uncertain = sum(1 for r in rows if r.overlap is Overlap.POSSIBLE)
    return Report(subject=person, careers=careers, rows=rows, sections=sections, uncertain=uncertain,
                  **_summary(rows))


def report_for(user: Any, actor: Actor, *, public: bool = False) -> Report:
    if actor.kind == Actor.Kind.PERSON:
        return officer_report(user, actor, public=public)
    return unit_report(user, actor, public=public)
