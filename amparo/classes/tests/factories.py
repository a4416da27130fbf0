"""Classes made through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from amparo.classes import services
from amparo.people.models import ContactPoint, Person


def person(given: str = "María", surname: str = "López", *, email: str = "", language: str = "es") -> Person:
    p = Person.objects.create(given_names=given, first_surname=surname, preferred_language=language)
    if email:
        ContactPoint.objects.create(person=p, kind=ContactPoint.Kind.EMAIL, value=email, normalized=email,
                                    is_primary=True)
    return p


def section(by: Any, *, capacity: int = 2, teachers: Any = (), funder: str = "Fundación Sol",
            min_attendance: int = 80, requires_final: bool = True, name: str = "A") -> Any:
    course = services.create_course(by=by, fields={
        "name": f"Ciudadanía {name}", "kind": "citizenship", "funder": funder,
        "min_attendance_percent": min_attendance, "requires_final_assessment": requires_final,
        "passing_score": 70})
    term = services.create_term(by=by, name="Invierno 2026", starts_on=dt.date(2026, 1, 13),
                                ends_on=dt.date(2026, 3, 26))
    return services.create_section(by=by, course=course, term=term, name=name, room="Salón 2",
                                   capacity=capacity, teachers=teachers)


def questions(version: str = "2025", count: int = 20, *, special: int = 0) -> None:
    rows = [(i + 2, {"version": version, "number": str(i + 1), "text_en": f"SAMPLE question {i + 1}",
                     "text_es": f"Pregunta de MUESTRA {i + 1}", "answers_en": "SAMPLE",
                     "sixty_five_twenty": "yes" if i < special else "no", "sample": "yes"})
            for i in range(count)]
    services.import_questions(rows=rows, by=None)
