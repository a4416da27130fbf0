"""Whom the loan fund served in a period (``ServedSource``, read by the reports): a borrower with a
loan disbursed on or before the period's last day and not closed before its first. First served:
their first disbursement, ever."""

from __future__ import annotations

import datetime as dt

from django.db.models import Min

from .models import Loan

Rows = list[tuple[int, int | None, dt.date]]


def people(start: dt.date, end: dt.date) -> Rows:
    disbursed = Loan.objects.filter(disbursed_on__isnull=False)
    ids = set(disbursed.filter(disbursed_on__lte=end).exclude(closed_on__lt=start)
              .values_list("borrower_id", flat=True))
    first = disbursed.filter(borrower_id__in=ids).values("borrower_id").annotate(first=Min("disbursed_on"))
    return [(row["borrower_id"], None, row["first"]) for row in first]
