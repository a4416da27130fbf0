"""The demo archive's index: units, officers, their careers, events and acts, each drawn from a
MUC-3 report the demo imports (``../shared/data/muc3``), so the accountability report, the
chronology and its chart have something to show.

Every fact here is what the cited report says (names as the report spells them, with accents
restored); "alleged" where the report only accuses. Everything goes through the archive's
services (audited, indexed) and is published, as an archivist would. Running it again creates
nothing twice: records are found by name (actors, events) or by their place in an event (acts).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from amparo.archive import services as archive
from amparo.archive.models import Access, Act, Actor, ActType, Career, Event, Involvement, Place, Source

# The reports these records cite; the demo imports them beside its sample.
REPORTS = ("DEV-MUC3-0411", "DEV-MUC3-0475", "DEV-MUC3-0601", "DEV-MUC3-0701", "DEV-MUC3-0760",
           "DEV-MUC3-1060", "DEV-MUC3-1103")

# (name, kind, part of, other names, named in)
ACTORS = [
    ("Armed Forces of El Salvador", Actor.Kind.UNIT, None, "Fuerza Armada de El Salvador\nFAES", "DEV-MUC3-1060"),
    ("Atlacatl Battalion", Actor.Kind.UNIT, "Armed Forces of El Salvador",
     "Batallón Atlacatl\nBIRI Atlacatl", "DEV-MUC3-1060"),
    ("Military School", Actor.Kind.UNIT, "Armed Forces of El Salvador", "Escuela Militar", "DEV-MUC3-1060"),
    ("3rd Infantry Brigade", Actor.Kind.UNIT, "Armed Forces of El Salvador",
     "Tercera Brigada de Infantería\n3D Brigade", "DEV-MUC3-0475"),
    ("Arce Battalion", Actor.Kind.UNIT, "3rd Infantry Brigade", "Batallón Arce", "DEV-MUC3-0475"),
    ("Salvadoran Air Force", Actor.Kind.UNIT, "Armed Forces of El Salvador",
     "Fuerza Aérea Salvadoreña\nFAS", "DEV-MUC3-1103"),
    ("Guillermo Benavides", Actor.Kind.PERSON, None, "Col. Benavides", "DEV-MUC3-1060"),
    ("Yussay René Mendoza Vallecillos", Actor.Kind.PERSON, None, "Lieutenant Mendoza", "DEV-MUC3-1060"),
    ("Lieutenant Espinoza", Actor.Kind.PERSON, None, "", "DEV-MUC3-1060"),
    ("Guevara Cerritos", Actor.Kind.PERSON, None, "Second Lieutenant Guevara Cerritos", "DEV-MUC3-1060"),
    ("Mauricio Ernesto Vargas", Actor.Kind.PERSON, None, "Col. Mauricio Vargas", "DEV-MUC3-0601"),
    ("Juan Rafael Bustillo", Actor.Kind.PERSON, None, "Gen. Bustillo", "DEV-MUC3-0701"),
    ("Rafael Villamariona", Actor.Kind.PERSON, None, "Gen. Villamariona", "DEV-MUC3-1103"),
]

# (person, unit, rank, position, in command, from, to, source)
CAREERS = [
    ("Guillermo Benavides", "Military School", "Colonel", "Director", True, "1989-11", "1989-11", "DEV-MUC3-1060"),
    ("Yussay René Mendoza Vallecillos", "Atlacatl Battalion", "Lieutenant", "", False, "1989-11", "1989-11",
     "DEV-MUC3-1060"),
    ("Lieutenant Espinoza", "Atlacatl Battalion", "Lieutenant", "", False, "1989-11", "1989-11", "DEV-MUC3-1060"),
    ("Guevara Cerritos", "Atlacatl Battalion", "Second lieutenant", "", False, "1989-11", "1989-11",
     "DEV-MUC3-1060"),
    ("Mauricio Ernesto Vargas", "3rd Infantry Brigade", "Colonel", "Commander", True, "1989-09", "1989-10",
     "DEV-MUC3-0475"),
    ("Juan Rafael Bustillo", "Salvadoran Air Force", "General", "Commander", True, "1989-11", "1989-11",
     "DEV-MUC3-0701"),
    ("Rafael Villamariona", "Salvadoran Air Force", "General", "Commander", True, "1990-02", "1990-02",
     "DEV-MUC3-1103"),
]


@dataclass(frozen=True)
class DemoEvent:
    title: str
    date: str
    department: str
    sources: tuple[str, ...]
    description: str
    act_type: str
    victims: tuple[str, ...]  # one act each, the victim as the report describes them
    perpetrators: tuple[tuple[str, str], ...]  # (actor, degree)


EVENTS = [
    DemoEvent("Killing of six Jesuit priests and two women at the UCA", "1989-11-16", "San Salvador",
              ("DEV-MUC3-0760", "DEV-MUC3-1060"),
              "During the curfew, five days into the FMLN offensive, six Jesuit priests, their cook and her "
              "daughter were killed at the Central American University. A report of January 1990 says Colonel "
              "Benavides gave the order to officers of the Atlacatl Battalion sent to the Military School.",
              "killing",
              ("Ignacio Ellacuría, rector of the UCA", "Ignacio Martín Baró", "Juan Ramón Moreno",
               "Joaquín López y López", "Segundo Montes", "Amando López", "Elba Julia Ramos, the cook",
               "Celina Maricet Ramos, her daughter"),
              (("Atlacatl Battalion", Involvement.Degree.DIRECT), ("Guillermo Benavides", Involvement.Degree.ORDERED),
               ("Yussay René Mendoza Vallecillos", Involvement.Degree.DIRECT),
               ("Lieutenant Espinoza", Involvement.Degree.DIRECT), ("Guevara Cerritos", Involvement.Degree.DIRECT))),
    DemoEvent("Killing of a Ricaldone Institute student", "1989-08-22", "San Salvador", ("DEV-MUC3-0411",),
              "A student was shot in the back near his home in western San Salvador; the institute's director "
              "accused soldiers of the Atlacatl Battalion.",
              "killing", ("a mechanics student of the Ricaldone Institute",),
              (("Atlacatl Battalion", Involvement.Degree.ALLEGED),)),
    DemoEvent("Bombing and strafing near Perquín, northern Morazán", "1989-09-13", "Morazán", ("DEV-MUC3-0475",),
              "After an incursion of the Arce Battalion ordered by the 3rd Brigade's commander, the air force "
              "bombed and strafed a populated area near Perquín, according to the FMLN's radio.",
              "killing", ("an elderly man, Julio Rodríguez",),
              (("Salvadoran Air Force", Involvement.Degree.ALLEGED), ("Arce Battalion", Involvement.Degree.ALLEGED),
               ("Mauricio Ernesto Vargas", Involvement.Degree.COMMAND))),
    DemoEvent("Strafing of the Guancorita refugee camp, Chalatenango", "1990-02-11", "Chalatenango",
              ("DEV-MUC3-1103",),
              "Residents said air force helicopters strafed a camp of returned refugees; the government "
              "regretted the deaths and ordered an investigation; the air force's commander denied it.",
              "killing", ("several children and civilians of the camp",),
              (("Salvadoran Air Force", Involvement.Degree.ALLEGED),)),
]


def _department(name: str) -> Place | None:
    return Place.objects.filter(kind="department", name=name).first()


def load_archive_index(by: Any) -> int:
    """Create what is missing; return how many acts the demo index has. Needs the reports in
    ``REPORTS`` imported (records citing a missing report are left out)."""
    sources = {s.identifier: s for s in Source.objects.filter(identifier__in=REPORTS)}
    if not sources:
        return 0
    public = {"access": Access.PUBLIC}
    actors: dict[str, Actor] = {a.name: a for a in Actor.objects.filter(name__in=[row[0] for row in ACTORS])}
    for name, kind, parent, aliases, source in ACTORS:
        if name not in actors:
            actors[name] = archive.actor_save(by=by, data={
                **public, "name": name, "kind": kind, "parent": actors.get(parent) if parent else None,
                "aliases": aliases, "source": sources.get(source)})
    for person, unit, rank, position, command, start, end, source in CAREERS:
        if not Career.objects.filter(person=actors[person], unit=actors[unit], start=start).exists():
            archive.career_save(by=by, data={
                **public, "person": actors[person], "unit": actors[unit], "rank": rank, "position": position,
                "is_command": command, "start": start, "end": end, "source": sources.get(source)})
    types = {t.code: t for t in ActType.objects.all()}
    for spec in EVENTS:
        cited = [sources[s] for s in spec.sources if s in sources]
        if not cited:
            continue
        place = _department(spec.department)
        event = Event.objects.filter(title=spec.title).first()
        if event is None:
            event = archive.event_save(by=by, data={**public, "title": spec.title, "date": spec.date,
                                                    "category": Event.Category.ABUSE,
                                                    "description": spec.description},
                                       places_=[place] if place else [], sources=cited)
        for victim in spec.victims:
            if Act.objects.filter(event=event, victim_description=victim).exists():
                continue
            archive.act_save(by=by, data={
                **public, "event": event, "act_type": types[spec.act_type], "date": spec.date,
                "victim_description": victim, "place": place, "source": cited[-1]},
                perpetrators=[(actors[name], degree) for name, degree in spec.perpetrators])
    return Act.objects.filter(event__title__in=[e.title for e in EVENTS]).count()
