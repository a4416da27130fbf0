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
