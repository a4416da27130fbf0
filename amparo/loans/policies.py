"""Who may see and change the loan book and the ledger.

Loans follow their borrower: a restricted person's loans are seen only by those who may see her
(``people.policies.visible_people_q``). The ledger is read by finance; nobody edits it.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from amparo.accounts.roles import has_capability
from amparo.core.permissions import CHANGE, CREATE, EXPORT, VIEW, CapabilityPolicy, Policy, register
from amparo.people.policies import visible_people_q

from .models import (
    Enterprise,
    Installment,
    JournalEntry,
    JournalLine,
    LiteracyCompletion,
    Loan,
    LoanDay,
    LoanGroup,
    LoanProduct,
    LoanTransaction,
    MonthlySales,
    PortfolioDay,
    ReminderSent,
    ScheduleVersion,
    Visit,
)

LOAN_CAPABILITY = {VIEW: "loans.view", CREATE: "loans.prepare", CHANGE: "loans.transact", EXPORT: "loans.view"}


class LoanPolicy(Policy):
    """Loans (and what hangs from one, through ``prefix``) of borrowers the user may see."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix

    def can(self, user: Any, action: str, obj: Any) -> bool:
        capability = LOAN_CAPABILITY.get(action)
        if capability is None or not has_capability(user, capability):
            return False
        if isinstance(obj, type):
            return True
        loan = obj
        for part in self.prefix.split("__")[:-1]:
            loan = getattr(loan, part)
        return not loan.borrower.restricted or Loan.objects.filter(
            visible_people_q(user, "borrower__"), pk=loan.pk).exists()

    def restrict(self, queryset: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
        capability = LOAN_CAPABILITY.get(action)
        if capability is None or not has_capability(user, capability):
            return queryset.none()
        return queryset.filter(visible_people_q(user, f"{self.prefix}borrower__"))


register(Loan, LoanPolicy())
register(LoanTransaction, LoanPolicy("loan__"))
register(ScheduleVersion, LoanPolicy("loan__"))
register(Installment, LoanPolicy("schedule__loan__"))
register(LoanDay, LoanPolicy("loan__"))
register(ReminderSent, LoanPolicy("installment__schedule__loan__"))
register(LoanProduct, CapabilityPolicy(view="loans.view", create="loans.products", change="loans.products",
                                       export="loans.view"))
register(LoanGroup, CapabilityPolicy(view="loans.view", create="loans.prepare", change="loans.prepare"))
register(LiteracyCompletion, CapabilityPolicy(view="loans.view", create="loans.prepare", change="loans.prepare"))
register(PortfolioDay, CapabilityPolicy(view="loans.view"))
register(JournalEntry, CapabilityPolicy(view="ledger.view", export="ledger.export"))
register(JournalLine, CapabilityPolicy(view="ledger.view", export="ledger.export"))


class EnterprisePolicy(CapabilityPolicy):
    """Enterprises whose every owner the user may see (a restricted owner hides the enterprise)."""

    def __init__(self, prefix: str = "") -> None:
        super().__init__(view="loans.view", create="loans.prepare", change="loans.prepare", export="loans.view")
        self.prefix = prefix

    def restrict(self, queryset: models.QuerySet[Any], user: Any, action: str) -> models.QuerySet[Any]:
        from amparo.people.models import Person

        queryset = super().restrict(queryset, user, action)
        hidden = Person.objects.exclude(visible_people_q(user)).values("pk")
        return queryset.exclude(**{f"{self.prefix}owners__in": hidden})

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if not super().can(user, action, obj):
            return False
        if isinstance(obj, type):
            return True
        enterprise = getattr(obj, "enterprise", obj)
        return self.restrict(Enterprise.objects.filter(pk=enterprise.pk), user, "view").exists()


register(Enterprise, EnterprisePolicy())
register(MonthlySales, EnterprisePolicy("enterprise__"))
register(Visit, EnterprisePolicy("enterprise__"))
