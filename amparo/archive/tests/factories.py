from __future__ import annotations

import factory

from amparo.archive.models import Act, Actor, ActType, Career, Event, Involvement, Source, SourceType


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
