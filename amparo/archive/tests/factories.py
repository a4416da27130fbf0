from __future__ import annotations

from typing import Any

import factory

from amparo.archive import services
from amparo.archive.models import Act, Actor, ActType, Career, Event, Involvement, Place, Source, SourceType


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    identifier = factory.Sequence(lambda n: f"TEST-{n:05d}")
    source_type = factory.LazyFunction(lambda: SourceType.objects.get(code="clipping"))
    title = factory.Faker("sentence", locale="es_MX")
    date = "1989-11-16"
    language = "en"
    outlet = "Diario Latino"
    text = factory.Faker("paragraph", locale="es_MX")
    access = "public"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Evento {n}")
    date = "1989-11"
    access = "public"


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor

    kind = Actor.Kind.PERSON
    name = factory.Faker("name", locale="es_MX")
    access = "public"


class UnitFactory(ActorFactory):
    kind = Actor.Kind.UNIT
    name = factory.Sequence(lambda n: f"Batallón {n}")


class ActFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Act

    event = factory.SubFactory(EventFactory)
    act_type = factory.LazyFunction(lambda: ActType.objects.get(code="killing"))
    date = "1989-11-16"
    access = "public"


class InvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Involvement

    act = factory.SubFactory(ActFactory)
    perpetrator = factory.SubFactory(UnitFactory)


class CareerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Career

    person = factory.SubFactory(ActorFactory)
    unit = factory.SubFactory(UnitFactory)
    rank = "Coronel"
    position = "Comandante"
    is_command = True
    start = "1989-06"
    end = "1990-03"
    access = "public"


def build_accountability_example() -> dict[str, Any]:
    """A unit with a dated commander (June 1980 to April 1981), a company within it, and three acts:
    one certainly in his tenure (March 1981), one possibly (April 1981), one after (January 1982)."""
    from amparo.archive import seed

    seed.ensure()
    system = None
    unit = services.actor_save(by=system, data={"kind": "unit", "name": "Batallón Atlácatl", "access": "public",
                                                "aliases": "BIRI Atlacatl\nAtlacatl Battalion"})
    company = services.actor_save(by=system, data={"kind": "unit", "name": "Compañía de comandos",
                                                   "parent": unit, "access": "public"})
    colonel = services.actor_save(by=system, data={"kind": "person", "name": "Domingo Monterrosa Barrios",
                                                   "access": "public"})
    services.career_save(by=system, data={"person": colonel, "unit": unit, "rank": "Teniente coronel",
                                          "position": "Comandante", "is_command": True, "start": "1980-06",
                                          "end": "1981-04", "access": "public"})
    source = services.source_save(by=system, data={
        "identifier": "TEST-EM-1981", "source_type": SourceType.objects.get(code="report"),
        "title": "Testimonio sobre El Mozote",
        "date": "1981-12", "language": "es", "text": "Los soldados del batallón mataron a Rufina Amaya.",
        "access": "public"})
    morazan = Place.objects.get(code="SV-MO")
    mozote = Place.objects.get_or_create(name="El Mozote", kind=Place.Kind.VILLAGE, parent=morazan)[0]
    victim = services.actor_save(by=system, data={"kind": "person", "name": "Rufina Amaya", "access": "public"})
    event = services.event_save(by=system, data={"title": "Masacre en Morazán", "date": "1981-03",
                                                 "access": "public"}, sources=[source], places_=[morazan])
    certain = services.act_save(by=system, data={"event": event, "act_type": ActType.objects.get(code="massacre"),
                                                 "date": "1981-03", "victim": victim, "source": source, "place": mozote,
                                                 "access": "public"}, perpetrators=[(unit, "direct")])
    possible = services.act_save(by=system, data={"event": event, "act_type": ActType.objects.get(code="torture"),
                                                  "date": "1981-04", "victim_description": "un catequista",
                                                  "place": morazan, "source": source, "access": "public"},
                                 perpetrators=[(company, "direct")])
    outside = services.act_save(by=system, data={"event": event, "act_type": ActType.objects.get(code="killing"),
                                                 "date": "1982-01-10", "source": source, "access": "public"},
                                perpetrators=[(unit, "direct")])
    return {"unit": unit, "company": company, "colonel": colonel, "source": source, "event": event,
            "certain": certain, "possible": possible, "outside": outside, "victim": victim}

