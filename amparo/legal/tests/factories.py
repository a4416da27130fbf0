"""Factories of cases. Cases are opened through the service, as the application does."""

from __future__ import annotations

import datetime as dt
from typing import Any

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import OfficeFactory, UserFactory
from amparo.legal import services
from amparo.legal.models import Case
from amparo.people.tests.factories import PersonFactory


def make_case(*, kind: str = "removal_defense", client: Any = None, office: Any = None, team: Any = None,
              responsible: Any = None, paralegal: Any = None, by: Any = None, **kwargs: Any) -> Case:
    office = office or OfficeFactory(name="Oficina de Los Ángeles")
    by = by or UserFactory(role=Role.ATTORNEY, offices=[office])
    client = client or PersonFactory(birth_date=dt.date(1984, 7, 9))  # an adult: a minor's case is restricted
    return services.open_case(by=by, client=client, kind=kind, office=office, team=team, responsible=responsible,
                              paralegal=paralegal, **kwargs)
