"""Test helpers: a product, a borrower, a disbursed loan (through the services)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from amparo.accounts.models import User
from amparo.accounts.roles import Role
from amparo.people.models import Person

from .. import services
from ..models import Loan, LoanProduct

START = dt.date(2026, 1, 15)


def staff(email: str, role: str = Role.LOAN_OFFICER) -> Any:
    return User.objects.create_user(email=email, password="x-Long-passw0rd!", role=role)


_names = iter(range(1, 10**9))


def product(**overrides: Any) -> LoanProduct:
    fields = {"name": f"Emprende {next(_names)}", "min_amount": Decimal("100"), "max_amount": Decimal("5000"),
              "annual_rate": Decimal("18"), "method": "declining", "frequency": "monthly", "term": 6,
              "fee_amount": Decimal("2"), "fee_kind": "percent", "fee_timing": "disbursement",
              "penalty_after_days": 5, "penalty_flat": Decimal("5.00")}
    fields.update(overrides)
    return LoanProduct.objects.create(**fields)


def borrower(given: str = "María", surname: str = "López", language: str = "es") -> Person:
    return Person.objects.create(given_names=given, first_surname=surname, preferred_language=language)


def active_loan(*, officer: Any, checker: Any, amount: str = "1000.00", on: dt.date = START,
                prod: LoanProduct | None = None, person: Person | None = None) -> Loan:
    loan = services.prepare_loan(borrower=person or borrower(), product=prod or product(), amount=amount, by=officer)
    services.approve_loan(loan=loan, by=checker)
    services.disburse(loan=loan, on=on, by=checker)
    loan.refresh_from_db()
    return loan
