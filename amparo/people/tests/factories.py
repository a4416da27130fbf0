"""Factories of people: Central American names, compound surnames, accents."""

from __future__ import annotations

import random

import factory
from faker import Faker

from amparo.people.models import Person
from amparo.people.services import refresh_keys

GIVEN_F = ["María José", "Ana Gabriela", "Rosa Elena", "Xiomara", "Yesenia", "Guadalupe", "Dolores",
           "Marta Alicia", "Karla Patricia", "Reina Isabel", "Sonia Maribel", "Blanca Estela", "Lucía"]
GIVEN_M = ["José Antonio", "Juan Carlos", "Francisco Javier", "Óscar Armando", "Wilmer", "Mario Ernesto",
           "Luis Alonso", "Jesús", "Santos", "Carlos Humberto", "Nelson Rigoberto", "Ángel", "Edwin Josué"]
SURNAMES = ["Hernández", "López", "Martínez", "García", "Rodríguez", "Pérez", "Ramírez", "Flores", "Cruz",
            "Gómez", "Morales", "Reyes", "Vásquez", "Castillo", "Rivera", "Mejía", "Aguilar", "Chávez",
            "Orellana", "Quintanilla", "Argueta", "Alvarado", "Ventura", "de la Cruz", "del Cid", "Zelaya",
            "Ayala", "Portillo", "Cañas", "Menjívar", "Benítez", "Umaña", "Peña", "Núñez"]
COUNTRIES = ["El Salvador", "Guatemala", "Honduras", "Nicaragua", "México"]
fake = Faker(["es_MX", "en_US"])


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    given_names = factory.LazyFunction(lambda: random.choice(GIVEN_F + GIVEN_M))
    first_surname = factory.LazyFunction(lambda: random.choice(SURNAMES))
    second_surname = factory.LazyFunction(lambda: random.choice(SURNAMES))
    birth_date = factory.LazyFunction(lambda: fake.date_of_birth(minimum_age=1, maximum_age=80))
    country_of_birth = factory.LazyFunction(lambda: random.choice(COUNTRIES))
    preferred_language = "es"

    @factory.post_generation
    def offices(self, create: bool, extracted: list | None, **kwargs: object) -> None:  # type: ignore[type-arg]
        if create and extracted:  # restricted by hand: hidden, unless offices__file_only=True
            self.restricted = True
            self.hidden = not kwargs.get("file_only", False)
            self.save(update_fields=["restricted", "hidden"])
            self.allowed_offices.set(extracted)

    @classmethod
    def _after_postgeneration(cls, instance: Person, create: bool, results: object = None) -> None:
        if create:
            refresh_keys(instance)
