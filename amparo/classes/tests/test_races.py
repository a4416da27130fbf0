"""Seats under concurrency: ten desks enrolling into the last seats at once never overfill a
section, and two drops at once promote exactly two people from the waiting list (the section's
row is locked). PostgreSQL only: SQLite serializes writers by itself."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import UserFactory
from amparo.classes import services
from amparo.classes.models import Enrolment, EnrolmentStatus
from amparo.core.testing import require_postgresql

from . import factories as f


def _together(jobs):
    barrier = threading.Barrier(len(jobs), timeout=30)
    errors = []

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


@pytest.mark.django_db(transaction=True)
def test_simultaneous_enrolments_never_overfill_a_section():
    require_postgresql("the concurrent enrolment test")
    by = UserFactory(role=Role.INTAKE)
    section = f.section(by, capacity=3)
    people = [f.person(f"P{i}", "Carrera") for i in range(10)]
    _together([lambda p=p: services.enrol(section=section, person=p, by=by) for p in people])
    statuses = list(Enrolment.objects.filter(section=section).values_list("status", flat=True))
    assert statuses.count(EnrolmentStatus.ENROLLED) == 3 and statuses.count(EnrolmentStatus.WAITING) == 7


@pytest.mark.django_db(transaction=True)
def test_simultaneous_drops_promote_one_person_each():
    require_postgresql("the concurrent promotion test")
    by = UserFactory(role=Role.INTAKE)
    section = f.section(by, capacity=2)
    enrolled = [services.enrol(section=section, person=f.person(f"E{i}", "X"), by=by) for i in range(2)]
    waiting = [services.enrol(section=section, person=f.person(f"W{i}", "X"), by=by) for i in range(3)]
    _together([lambda e=e: services.drop(enrolment=e, by=by, reason="work") for e in enrolled])
    now = {e.pk: Enrolment.objects.get(pk=e.pk).status for e in waiting}
    assert [now[e.pk] for e in waiting] == [EnrolmentStatus.ENROLLED, EnrolmentStatus.ENROLLED,
                                            EnrolmentStatus.WAITING]
