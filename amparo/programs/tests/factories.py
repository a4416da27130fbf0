"""Small builders for the programs' tests (explicit dates, no clock)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import UserFactory
from amparo.people.tests.factories import PersonFactory
from amparo.programs.models import Bed, HousingRoom, Program, Provider, Room, Service, Site

DAY = dt.date(2026, 3, 2)  # a Monday


def at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def clinician(programs: tuple[str, ...] = (Program.MENTAL_HEALTH, Program.CLINIC), **kwargs: Any) -> Any:
    user = UserFactory(role=Role.CLINICIAN, **kwargs)
    Provider.objects.create(user=user, licence="LCSW 1234", languages="es, en", programs=list(programs))
    return user


def service(code: str = "counselling", program: str = Program.MENTAL_HEALTH) -> Service:
    return Service.objects.get_or_create(code=code, defaults={"name": code.title(), "program": program})[0]


def room(name: str = "Sala 1") -> Room:
    return Room.objects.get_or_create(name=name)[0]


def person(**kwargs: Any) -> Any:
    return PersonFactory(**kwargs)


def bed(label: str = "A", *, site: str = "El Refugio", room_name: str = "1", **kwargs: Any) -> Bed:
    s = Site.objects.get_or_create(name=site)[0]
    r = HousingRoom.objects.get_or_create(site=s, name=room_name)[0]
    return Bed.objects.create(room=r, label=label, available_from=dt.date(2025, 1, 1), **kwargs)
