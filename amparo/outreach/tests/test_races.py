"""Seats under real concurrency: two registrations for an event's last seat at the same moment,
from two connections; exactly one gets the seat and the other is put on the waiting list (the
event's row is locked while the seat is counted). PostgreSQL only: SQLite serializes writers
by itself, so it cannot show the race."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connections

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import UserFactory
from amparo.core.testing import require_postgresql
from amparo.outreach import services
from amparo.outreach.models import Registration

START = dt.datetime(2026, 12, 8, 18, 0, tzinfo=dt.UTC)


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
@pytest.mark.parametrize("round_", range(3))
def test_two_registrations_for_the_last_seat_at_once(round_):
    require_postgresql("the concurrent last-seat registration test")
    by = UserFactory(role=Role.ORGANIZER)
    event = services.create_event(by=by, title="Conozca sus derechos", starts_at=START,
                                  ends_at=START + dt.timedelta(hours=2), capacity=2)
    services.register(event=event, given_names="Rosa", surnames="Cañas", phone="2135550100", notify=False)
    names = [("Wilmer", "Argueta"), ("Reina", "Portillo")]
    _together([lambda g=g, s=s: services.register(event=event, given_names=g, surnames=s, phone="2135550199",
                                                  notify=False) for g, s in names])
    statuses = sorted(Registration.objects.filter(event=event).exclude(given_names="Rosa")
                      .values_list("status", flat=True))
    assert statuses == [Registration.Status.REGISTERED, Registration.Status.WAITING]
    assert services.seats_left(event) == 0
