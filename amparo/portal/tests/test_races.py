"""Simultaneous requests cannot beat the limits: on PostgreSQL, the person's portal access row is
locked while a code is counted and sent, and while a code is checked."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.core import mail
from django.db import connections

from amparo.core.testing import require_postgresql
from amparo.portal import signin

from .factories import make_client


def _together(count, work):
    barrier = threading.Barrier(count, timeout=20)
    results, errors = [], []

    def run(i):
        try:
            barrier.wait()
            results.append(work(i))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True)
def test_simultaneous_code_requests_send_no_more_than_the_limit():
    require_postgresql("the simultaneous code requests test")
    make_client()
    reasons = _together(6, lambda i: signin.request_code(address="rosa@example.org", ip=f"10.0.1.{i}").reason)
    assert reasons.count("sent") == settings.AMPARO_PORTAL_CODES_PER_PERSON
    assert len(mail.outbox) == settings.AMPARO_PORTAL_CODES_PER_PERSON


@pytest.mark.django_db(transaction=True)
def test_one_code_checked_twice_at_once_signs_in_once():
    require_postgresql("the simultaneous code checks test")
    person, _case = make_client()
    digits = signin.issue_code_in_person(person=person, by=None)
    reasons = _together(2, lambda i: signin.check_code(person_id=person.pk, digits=digits).reason)
    assert sorted(reasons) == ["ok", "wrong"]
