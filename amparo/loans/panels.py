"""What the loan book shows on a person's page (declared as ``panels`` on LoansConfig)."""

from __future__ import annotations

from typing import Any

from amparo.core.permissions import CREATE, can, restrict


def person_context(request: Any, person: Any) -> dict[str, Any] | None:
    from .models import Enterprise, LiteracyCompletion, Loan

    loans = restrict(Loan.objects.filter(borrower=person).select_related("product"), request.user)[:20]
    return {"person": person, "loans": loans, "can_prepare": can(request.user, CREATE, Loan),
            "literacy": LiteracyCompletion.objects.filter(person=person).first(),
            "enterprises": restrict(Enterprise.objects.filter(owners=person), request.user)[:20]}
