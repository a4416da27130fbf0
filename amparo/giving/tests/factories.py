"""Giving test data, made through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import count
from typing import Any

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import UserFactory

from .. import services
from ..models import Donor, Fund, Method

serial = count(1)


def staff(role: str = Role.DEVELOPMENT) -> Any:
    return UserFactory(role=role)


def fund(name: str = "", restricted: bool = False) -> Fund:
    return Fund.objects.get_or_create(name=name or "General operating", defaults={"restricted": restricted})[0]


def donor(by: Any = None, name: str = "", **kwargs: Any) -> Donor:
    return services.create_donor(by=by or staff(), name=name or f"Donante {next(serial)}", **kwargs)


def gift(by: Any = None, who: Donor | None = None, amount: str = "100.00", on: dt.date = dt.date(2026, 3, 2),
         method: str = Method.CHECK, **kwargs: Any):  # type: ignore[no-untyped-def]
    by = by or staff()
    kwargs.setdefault("fund", fund())
    return services.record_donation(by=by, donor=who or donor(by), received_on=on, method=method,
                                    amount=Decimal(amount), **kwargs)
