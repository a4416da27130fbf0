"""Whom the loan fund served in a period (``ServedSource``, read by the reports): a borrower with a
loan disbursed on or before the period's last day and not closed before its first. First served:
their first disbursement, ever."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, IntegerField, Min, QuerySet, Value
from django.db.models.functions import Cast

from amparo.core.plugins import served_rows

from .models import Loan

Rows = list[tuple[int, int | None, dt.date]]


def queryset(start: dt.date, end: dt.date) -> QuerySet:
    disbursed = Loan.objects.filter(disbursed_on__isnull=False).order_by()
    ids = disbursed.filter(disbursed_on__lte=end).exclude(closed_on__lt=start).values("borrower_id")
    return (disbursed.filter(borrower_id__in=ids).values(served_person=F("borrower_id"))
            .annotate(served_office=Cast(Value(None), IntegerField()), first_served=Min("disbursed_on")))


def people(start: dt.date, end: dt.date) -> Rows:
    return served_rows(queryset(start, end))
