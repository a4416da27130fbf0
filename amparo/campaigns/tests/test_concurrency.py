"""The same person pressing "Sign" twice at once (two requests, two connections) on PostgreSQL is
one signature, signed twice: the petition's unique keys decide, not the timing."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from amparo.accounts.roles import Role
from amparo.campaigns import services
from amparo.campaigns.models import Signature
from amparo.core.testing import require_postgresql

from .factories import petition

THREADS = 8


def _at_once(work, count: int = THREADS) -> list[BaseException]:
    barrier = threading.Barrier(count, timeout=60)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            work(i)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("how", ["email", "phone", "name and postcode"])
def test_a_double_submit_at_the_same_moment_is_one_signature(make_user, how):
    require_postgresql("signatures submitted at the same moment")
    p = petition(make_user(Role.ORGANIZER))
    contact = {"email": {"email": "ana@example.org"}, "phone": {"phone": "213 555 0101"},
               "name and postcode": {"postcode": "90015"}}[how]
    errors = _at_once(lambda i: services.sign(petition=p, name="Ana Gladys Rivas", **contact))
    assert errors == []
    assert Signature.objects.filter(petition=p).count() == 1
    assert Signature.objects.get(petition=p).times_signed == THREADS
