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


@pytest.mark.django_db(transaction=True)
def test_statements_issued_in_chunks_while_receipts_are_issued_share_one_gapless_sequence():
    require_postgresql("statements in chunks numbered alongside concurrent receipts")
    by = staff()
    donors = [donor(by) for _ in range(40)]
    # Receipts of the very gifts the statements list, and of others, issued while the statements run.
    gifts = [gift(by, who, "10.00", on=dt.date(2025, 6, 1)) for who in donors]
    gifts += [gift(by, donors[0], "25.00") for _ in range(60)]
    barrier = threading.Barrier(5, timeout=60)
    errors: list[BaseException] = []

    def statements(ids):
        try:
            barrier.wait()
            for start in range(0, len(ids), 5):  # chunks of five, two runs over the same donors
                services.issue_statements(by=by, year=2025, donor_ids=ids[start:start + 5], on=dt.date(2026, 1, 15))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    def receipts(share):
        try:
            barrier.wait()
            for donation in share:
                services.issue_receipt(by=by, donation=donation, on=dt.date(2026, 1, 15))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    ids = [d.pk for d in donors]
    threads = [threading.Thread(target=statements, args=(ids,)), threading.Thread(target=statements, args=(ids[::-1],))]
    threads += [threading.Thread(target=receipts, args=(gifts[i::3],)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    numbers = sorted(Receipt.objects.filter(year=2026).values_list("number", flat=True))
    assert numbers == list(range(1, 40 + 100 + 1))
    assert Receipt.objects.filter(kind=Receipt.Kind.STATEMENT, period=2025).values("donor").distinct().count() == 40
