"""The person page shows program involvement only to those allowed; the demo loads once."""

from __future__ import annotations

import pytest
from django.test import Client

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import UserFactory
from amparo.core.testing import sign_in
from amparo.programs import services

from .factories import DAY, at, bed, clinician, person, service

pytestmark = pytest.mark.django_db


def test_the_person_page_shows_programs_only_to_those_allowed():
    maria = person()
    ana = clinician()
    services.book(person=maria, provider=ana, service=service(), starts_at=at(10, day=DAY.replace(year=2099)),
                  ends_at=at(10, 50, day=DAY.replace(year=2099)), by=ana)
    services.admit(person=maria, bed=bed("A"), entry_date=DAY, by=UserFactory(role=Role.HOUSING))
    front_desk = sign_in(Client(), UserFactory(role=Role.INTAKE)).get(f"/people/{maria.pk}/").content.decode()
    assert "Next appointments" in front_desk and "2099" in front_desk
    assert "El Refugio" not in front_desk  # intake holds no housing capability
    attorney = sign_in(Client(), UserFactory(role=Role.ATTORNEY)).get(f"/people/{maria.pk}/").content.decode()
    assert "programs-h" not in attorney and "2099" not in attorney


def test_the_demo_loads_once():
    from amparo.accounts.demo import load_demo_accounts
    from amparo.programs.demo import load
    from amparo.programs.models import Bed

    load_demo_accounts()
    first = load()
    assert first.startswith("programs:") and Bed.objects.count() == 10
    assert load() == "programs: already loaded"
