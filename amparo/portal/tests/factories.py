"""Portal clients for tests: a person with an email (and a phone that agreed to texts), one shared case."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from amparo.legal.tests.factories import make_case
from amparo.people.matching import normalize_phone
from amparo.people.models import ContactPoint
from amparo.people.tests.factories import PersonFactory
from amparo.portal import services, signin
from amparo.portal.session import PENDING


def make_client(*, email: str = "rosa@example.org", phone: str = "", texts_ok: bool = True,
                kind: str = "removal_defense", share: bool = True, **case_kwargs: Any) -> tuple[Any, Any]:
    """(person, case): a client with contacts and one case shared with them in the portal."""
    person = PersonFactory(given_names="Rosa", preferred_language="es", birth_date=dt.date(1985, 3, 1))
    if email:
        ContactPoint.objects.create(person=person, kind="email", value=email, normalized=email.lower(), is_primary=True)
    if phone:
        ContactPoint.objects.create(person=person, kind="phone", value=phone, normalized=normalize_phone(phone),
                                    texts_ok=texts_ok)
    case = make_case(client=person, kind=kind, **case_kwargs)
    if share:
        services.set_share(case=case, by=case.opened_by, fields={"enabled": True})
    return person, case


def portal_client(person: Any) -> Client:
    """A browser signed in to the portal as ``person`` (through a code given at the desk)."""
    browser = Client()
    digits = signin.issue_code_in_person(person=person, by=None)
    session = browser.session
    session[PENDING] = person.pk
    session.save()
    response = browser.post("/portal/code/", {"code": digits})
    assert response.status_code == 302 and response["Location"] == "/portal/", response
    return browser


def photo(name: str = "page.jpg", color: str = "white", fmt: str = "JPEG", size: tuple[int, int] = (600, 800)) -> Any:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def upcoming_event(by: Any, *, title: str = "Conozca sus derechos", days: int = 6, public: bool = True,
                   capacity: int | None = None) -> Any:
    """An outreach event ``days`` from now (18:00 local), two hours long."""
    from django.utils import timezone

    from amparo.outreach import services as outreach

    starts = timezone.localtime().replace(hour=18, minute=0, second=0, microsecond=0) + dt.timedelta(days=days)
    return outreach.create_event(by=by, title=title, starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
                                 place="Salón comunitario, 120 Main St", public=public, capacity=capacity)


def class_section(by: Any, *, course: str = "Inglés para principiantes", first: dt.date, last: dt.date,
                  room: str = "Sala 3", capacity: int = 20) -> Any:
    """A section meeting on Tuesdays and Thursdays 18:00-20:00 between ``first`` and ``last``."""
    from amparo.classes import services as classes

    course_row = classes.create_course(by=by, fields={"name": course, "kind": "esl"})
    term = classes.create_term(by=by, name="Otoño", starts_on=first, ends_on=last)
    section = classes.create_section(by=by, course=course_row, term=term, name="Martes y jueves", room=room,
                                     capacity=capacity)
    classes.generate_sessions(section=section, by=by, weekdays=[1, 3], starts_at=dt.time(18), ends_at=dt.time(20),
                              first=first, last=last, skip_holidays=False)
    return section


def receipted_gift(by: Any, person: Any, *, amount: str = "150.00", on: dt.date = dt.date(2026, 3, 2)) -> Any:
    """A receipt of a gift by the donor linked to ``person`` (the donor is made on first use)."""
    from decimal import Decimal

    from amparo.giving import services as giving
    from amparo.giving.models import Donor, Fund

    donor = Donor.objects.filter(person=person).first() or giving.create_donor(
        by=by, name=person.full_name, person=person, address="120 Main St\nLos Angeles, CA")
    fund = Fund.objects.get_or_create(name="General operating")[0]
    gift = giving.record_donation(by=by, donor=donor, received_on=on, method="check", amount=Decimal(amount),
                                  fund=fund)
    return giving.issue_receipt(by=by, donation=gift, on=on)
