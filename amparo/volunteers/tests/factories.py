"""Volunteers, shifts and hours for tests, made through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import UserFactory
from amparo.volunteers import services
from amparo.volunteers.models import Skill, Volunteer

TODAY = dt.date(2026, 3, 16)  # a Monday


def coordinator(**kwargs: Any) -> Any:
    return UserFactory(role=Role.ORGANIZER, **kwargs)


SKILLS = {"es": ("language", "Spanish", "Español"), "en": ("language", "English", "Inglés"),
          "quc": ("language", "K'iche'", "K'iche'"), "interpreter": ("skill", "Interpreter", "Intérprete"),
          "driver": ("skill", "Driver", "Conductor/a")}


def skill(code: str) -> Skill:
    """The skill from the seeded list (made again when a transactional test emptied the tables)."""
    kind, en, es = SKILLS[code]
    return Skill.objects.get_or_create(code=code, defaults={"kind": kind, "label_en": en, "label_es": es})[0]


def volunteer(by: Any, name: str = "Rosa Elena Guardado", *, skills: tuple[str, ...] = (), **fields: Any) -> Volunteer:
    fields.setdefault("started_on", dt.date(2025, 1, 6))
    return services.create_volunteer(by=by, name=name, skills=[skill(code) for code in skills], **fields)


def at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def event(by: Any, day: dt.date = TODAY, title: str = "Conozca sus derechos") -> Any:
    from amparo.outreach import services as outreach

    return outreach.create_event(by=by, title=title, starts_at=at(day, 18), ends_at=at(day, 20), place="Salón")


def drive(by: Any) -> Any:
    from amparo.outreach.models import Drive, DriveSite

    drive = Drive.objects.create(name="TPS El Salvador 2026", slug="tps-sv-2026", created_by=by)
    DriveSite.objects.create(drive=drive, name="Iglesia San Juan")
    return drive


def shift(by: Any, *, slots: int = 2, day: dt.date = TODAY, **kwargs: Any) -> Any:
    if "event" not in kwargs and "drive" not in kwargs:
        kwargs["event"] = event(by, day)
    return services.create_shift(by=by, role=kwargs.pop("role", "Registro en la puerta"), starts_at=at(day, 17),
                                 ends_at=at(day, 20), slots=slots, **kwargs)
