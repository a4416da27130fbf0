"""Receipts issued at the same moment on PostgreSQL carry consecutive numbers: no gap, no repeat."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connections

from amparo.core.testing import require_postgresql
from amparo.giving import services
from amparo.giving.models import Receipt

from .factories import donor, gift, staff

RECEIPTS = 200
THREADS = 20  # each with its own connection, all issuing at once (PostgreSQL's connection limit)


@pytest.mark.django_db(transaction=True)
def test_200_receipts_issued_at_once_are_numbered_1_to_200():
    require_postgresql("200 receipts numbered concurrently")
    by = staff()
    who = donor(by)
    gifts = [gift(by, who, "25.00") for _ in range(RECEIPTS)]
    barrier = threading.Barrier(THREADS, timeout=60)
    errors: list[BaseException] = []

    def issue(share):
        try:
            barrier.wait()
            for donation in share:
                services.issue_receipt(by=by, donation=donation, on=dt.date(2026, 5, 1))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(gifts[i::THREADS],)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    numbers = sorted(Receipt.objects.filter(year=2026).values_list("number", flat=True))
    assert numbers == list(range(1, RECEIPTS + 1))
    assert Receipt.objects.values("donation").distinct().count() == RECEIPTS
