"""CSV and JSON exports (through the gate) and the CSV import of events, acts, actors and careers.

The CSV columns below are the import format too, so an export can be edited and imported
back. Imports check every row and report each rejected one with its reason; good rows are kept.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amparo.core.exports import Column, Exporter, csv_lines, get, register, restore

from .models import Access, Act, Actor, ActType, Career, Event, Involvement, Source
from .places import find as find_place

CSV_COLUMNS: dict[str, list[str]] = {
    "actors": ["key", "kind", "name", "aliases", "part_of", "same_as", "source", "access", "notes"],
    "events": ["key", "title", "category", "date", "end_date", "places", "description", "sources", "access"],
    "acts": ["key", "event", "act_type", "date", "place", "victim", "victim_description", "perpetrators",
             "source", "access", "notes"],
    "careers": ["person", "unit", "rank", "position", "in_command", "from", "to", "source", "access"],
}
EXPORTS = ("sources", "events", "acts", "actors", "careers")


def _all(model: Any, *related: str, prefetch: tuple[str, ...] = ()) -> Any:
    def source(user: Any, params: dict[str, Any]) -> Any:
        return model.objects.select_related(*related).prefetch_related(*prefetch).order_by("pk")
    return source


def _name(obj: Any) -> str:
    return obj.name if obj else ""


def _ident(obj: Any) -> str:
    return obj.identifier if obj else ""


# Headed by column keys: an export is also the import format (so it can be edited and imported back).
_SOURCES = register(Exporter(
    name="archive.sources", title=gettext_lazy("Sources"), source=_all(Source, "source_type", "place"),
    action="view",
    headers="keys", chunk=2000, columns=[
        Column("identifier", "identifier"), Column("type", "type", lambda s: s.source_type.code),
        Column("title", "title"), Column("date", "date"), Column("language", "language"), Column("outlet", "outlet"),
        Column("place", "place", lambda s: str(s.place or "")), Column("coverage", "coverage"),
        Column("creator", "creator"), Column("publisher", "publisher"), Column("rights", "rights"),
        Column("access", "access"), Column("text", "text"),
    ]))
_EVENTS = register(Exporter(
    name="archive.events", title=gettext_lazy("Events"), source=_all(Event, prefetch=("places", "sources")),
    action="view",
    headers="keys", chunk=2000, columns=[
        Column("key", "key", lambda e: f"event-{e.pk}"), Column("title", "title"), Column("category", "category"),
        Column("date", "date"), Column("end_date", "end_date"),
        Column("places", "places", lambda e: "; ".join(p.code or p.name for p in e.places.all())),
        Column("description", "description"),
        Column("sources", "sources", lambda e: "; ".join(s.identifier for s in e.sources.all())),
        Column("access", "access"),
    ]))
_ACTS = register(Exporter(
    name="archive.acts", title=gettext_lazy("Acts"), source=_all(Act, "act_type", "place", "victim", "source",
                                                      prefetch=("involvements__perpetrator",)),
    action="view", headers="keys", chunk=2000, columns=[
        Column("key", "key", lambda a: f"act-{a.pk}"), Column("event", "event", lambda a: f"event-{a.event_id}"),
        Column("act_type", "act_type", lambda a: a.act_type.code), Column("date", "date"),
        Column("place", "place", lambda a: (a.place.code or a.place.name) if a.place else ""),
        Column("victim", "victim", lambda a: _name(a.victim)), Column("victim_description", "victim_description"),
        Column("perpetrators", "perpetrators",
               lambda a: "; ".join(f"{i.perpetrator.name}|{i.degree}" for i in a.involvements.all())),
        Column("source", "source", lambda a: _ident(a.source)), Column("access", "access"), Column("notes", "notes"),
    ]))
_ACTORS = register(Exporter(
    name="archive.actors", title=gettext_lazy("Actors"), source=_all(Actor, "parent", "same_as", "source"),
    action="view",
    headers="keys", chunk=2000, columns=[
        Column("key", "key", lambda a: f"actor-{a.pk}"), Column("kind", "kind"), Column("name", "name"),
        Column("aliases", "aliases", lambda a: "; ".join(a.alias_list)),
        Column("part_of", "part_of", lambda a: _name(a.parent)),
        Column("same_as", "same_as", lambda a: f"actor-{a.same_as_id}" if a.same_as_id else ""),
        Column("source", "source", lambda a: _ident(a.source)), Column("access", "access"), Column("notes", "notes"),
    ]))
_CAREERS = register(Exporter(
    name="archive.careers", title=gettext_lazy("Careers"), source=_all(Career, "person", "unit", "source"),
    action="view",
    headers="keys", chunk=2000, columns=[
        Column("person", "person", lambda c: c.person.name), Column("unit", "unit", lambda c: c.unit.name),
        Column("rank", "rank"), Column("position", "position"),
        Column("in_command", "in_command", lambda c: "yes" if c.is_command else "no"),
        Column("from", "from", lambda c: c.start), Column("to", "to", lambda c: c.end),
        Column("source", "source", lambda c: _ident(c.source)), Column("access", "access"),
    ]))


def export_csv(user: Any, kind: str) -> Iterator[str]:
    return get(f"archive.{kind}").stream_csv(user)


def export_json(user: Any, kind: str) -> Iterator[str]:
    yield "["
    for number, row in enumerate(get(f"archive.{kind}").records(user)):
        yield ("," if number else "") + json.dumps(row, ensure_ascii=False)
    yield "]"


def report_csv(report: Any) -> Iterator[str]:
    header = [_("Date"), _("Date precision"), _("Act type"), _("Victim"), _("Place"), _("Unit"),
              _("Officers in post"), _("Overlap"), _("Event"), _("Sources")]

    def rows() -> Iterator[list[Any]]:
        for row in report.rows:
            act = row.act
            value = act.partial_date
            yield [
                act.date, value.precision.value if value else "", act.act_type.name, row.victim,
                str(act.place or ""), row.unit.name if row.unit else "",
                "; ".join(f"{a.career.rank} {a.career.person.name}".strip() for a in row.officers),
                "; ".join(a.overlap.value for a in row.officers) or (row.overlap.value if row.overlap else ""),
                act.event.title, "; ".join(s.identifier for s in row.sources),
            ]

    return csv_lines(header, rows())


# --- Import ----------------------------------------------------------------------------------

@dataclass
class RowError:
    line: int
    reason: str
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class CsvReport:
    kind: str
    saved: int = 0
    errors: list[RowError] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "saved": self.saved,
                "errors": [{"line": e.line, "reason": e.reason} for e in self.errors]}


def _actor(name: str, *, kind: str | None = None) -> Actor:
    from .text import fold

    if name.startswith("actor-") and name[6:].isdigit():
        found = Actor.objects.filter(pk=int(name[6:])).first()
    else:
        qs = Actor.objects.filter(search_name=fold(name.strip()))
        found = (qs.filter(kind=kind) if kind else qs).first()
    if found is None:
        raise ValidationError(_("no actor named “%(name)s”") % {"name": name})
    return found


def _source(identifier: str) -> Source | None:
    identifier = identifier.strip()
    if not identifier:
        return None
    found = Source.objects.filter(identifier=identifier).first()
    if found is None:
        raise ValidationError(_("no source “%(id)s”") % {"id": identifier})
    return found


def _event(key: str) -> Event:
    key = key.strip()
    found = Event.objects.filter(pk=int(key[6:])).first() if key.startswith("event-") and key[6:].isdigit() else (
        Event.objects.filter(title=key).first())
    if found is None:
        raise ValidationError(_("no event “%(key)s”") % {"key": key})
    return found


def _access(value: str) -> str:
    value = (value or Access.STAFF).strip().lower()
    if value not in Access.values:
        raise ValidationError(_("access must be public, staff or restricted"))
    return value


def import_row(kind: str, row: dict[str, str], by: Any) -> None:
    """Save one CSV row (inside the caller's savepoint); raises ValidationError with the reason."""
    from . import services

    get = lambda name: restore((row.get(name) or "").strip())  # noqa: E731 (an export imported back)
    if kind == "actors":
        data = {"kind": get("kind") or Actor.Kind.PERSON, "name": get("name"),
                "aliases": "\n".join(x.strip() for x in get("aliases").split(";") if x.strip()),
                "parent": _actor(get("part_of")) if get("part_of") else None,
                "same_as": _actor(get("same_as")) if get("same_as") else None,
                "source": _source(get("source")), "access": _access(get("access")), "notes": get("notes")}
        services.actor_save(by=by, data=data)
    elif kind == "events":
        places = []
        for name in filter(None, (x.strip() for x in get("places").split(";"))):
            place = find_place(name)
            if place is None:
                raise ValidationError(_("unknown place “%(name)s”") % {"name": name})
            places.append(place)
        sources = [s for s in (_source(x) for x in get("sources").split(";") if x.strip()) if s]
        services.event_save(by=by, data={"title": get("title"), "category": get("category") or "abuse",
                                         "date": get("date"), "end_date": get("end_date"),
                                         "description": get("description"), "access": _access(get("access"))},
                            places_=places, sources=sources)
    elif kind == "acts":
        act_type = ActType.objects.filter(code=get("act_type")).first()
        if act_type is None:
            raise ValidationError(_("unknown act type “%(code)s”") % {"code": get("act_type")})
        place = find_place(get("place")) if get("place") else None
        if get("place") and place is None:
            raise ValidationError(_("unknown place “%(name)s”") % {"name": get("place")})
        perpetrators = []
        for item in filter(None, (x.strip() for x in get("perpetrators").split(";"))):
            name, _sep, degree = item.partition("|")
            degree = degree.strip() or Involvement.Degree.DIRECT
            if degree not in Involvement.Degree.values:
                raise ValidationError(_("unknown degree “%(degree)s”") % {"degree": degree})
            perpetrators.append((_actor(name), degree))
        services.act_save(by=by, data={
            "event": _event(get("event")), "act_type": act_type, "date": get("date"), "place": place,
            "victim": _actor(get("victim"), kind=Actor.Kind.PERSON) if get("victim") else None,
            "victim_description": get("victim_description"), "source": _source(get("source")),
            "access": _access(get("access")), "notes": get("notes")}, perpetrators=perpetrators)
    elif kind == "careers":
        services.career_save(by=by, data={
            "person": _actor(get("person"), kind=Actor.Kind.PERSON), "unit": _actor(get("unit")),
            "rank": get("rank"), "position": get("position"),
            "is_command": get("in_command").lower() in {"yes", "sí", "si", "true", "1", "x"},
            "start": get("from"), "end": get("to"), "source": _source(get("source")),
            "access": _access(get("access"))})
    else:
        raise ValueError(kind)


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "message_dict"):
            return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        return " ".join(exc.messages)
    return str(exc)


__all__ = ["CSV_COLUMNS", "CsvReport", "RowError", "_error_text", "export_csv", "export_json", "import_row",
           "report_csv"]
