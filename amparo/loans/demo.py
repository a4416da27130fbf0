"""Demo loan book: three products, a few loans in every state, one group loan (through the services)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from amparo.accounts.demo import DEMO_DOMAIN
from amparo.accounts.models import User
from amparo.people.models import Person

from . import services
from .models import LoanProduct

PRODUCTS = [
    {"name": "Emprende", "min_amount": Decimal("300"), "max_amount": Decimal("5000"), "annual_rate": Decimal("12"),
         "method": "declining", "frequency": "monthly", "term": 12, "fee_amount": Decimal("2"), "fee_kind": "percent",
         "fee_timing": "disbursement", "penalty_after_days": 5, "penalty_flat": Decimal("5.00"),
         "requires_literacy_course": True},
    {"name": "Semilla solidaria", "min_amount": Decimal("100"), "max_amount": Decimal("1500"),
         "annual_rate": Decimal("10"),
         "method": "flat", "frequency": "biweekly", "term": 12, "fee_amount": Decimal("1.00"), "fee_kind": "flat",
         "fee_timing": "installment", "penalty_after_days": 7, "penalty_flat": Decimal("2.00")},
    {"name": "Emergencia sin intereses", "min_amount": Decimal("50"), "max_amount": Decimal("800"),
         "annual_rate": Decimal("0"), "method": "declining", "frequency": "weekly", "term": 8, "grace_principal": 1},
]


def load() -> str:
    if LoanProduct.objects.filter(name="Emprende").exists():
        return "loans: already loaded"
    officer = User.objects.filter(email=f"prestamos@{DEMO_DOMAIN}").first()
    checker = User.objects.filter(email=f"finance@{DEMO_DOMAIN}").first()
    if officer is None or checker is None:
        return "loans: no demo staff"
    products = [services.save_product(by=checker, fields=fields) for fields in PRODUCTS]
    people = list(Person.objects.filter(restricted=False, merged_into__isnull=True).order_by("pk")[:8])
    if len(people) < 6:
        return "loans: products only (no demo people)"
    today = timezone.localdate()
    start = today - dt.timedelta(days=100)
    for person in people[:3]:
        services.record_literacy(person=person, completed_on=start - dt.timedelta(days=30), by=officer)
    loans = []
    for person, amount in zip(people[:3], ("1200.00", "2500.00", "800.00"), strict=True):
        loan = services.prepare_loan(borrower=person, product=products[0], amount=amount, by=officer,
                                     purpose="Puesto de pupusas")
        services.approve_loan(loan=loan, by=checker)
        services.disburse(loan=loan, on=start, by=checker)
        loans.append(loan)
    first = loans[0].schedules.get().installments.all()
    for row in first:
        if row.due <= today:
            services.repay(loan=loans[0], amount=row.total, on=row.due, by=officer)
    services.repay(loan=loans[1], amount="150.00", on=start + dt.timedelta(days=31), by=officer)
    group = services.prepare_group_loan(name="Grupo Mujeres Unidas", product=products[1], by=officer,
                                        members=[(people[3], "300.00"), (people[4], "650.00"), (people[5], "420.00")])
    for loan in group.loans.all():
        services.approve_loan(loan=loan, by=checker)
        services.disburse(loan=loan, on=start + dt.timedelta(days=20), by=checker)
    services.prepare_loan(borrower=people[6 % len(people)], product=products[2], amount="400.00", by=officer,
                          purpose="Renta atrasada")
    from .cob import close_day

    close_day(day=today, send_reminders=False)
    return "loans: 3 products, 7 loans (one group of 3), close of business run"
