"""Shift sign-ups never exceed the slots: one at a time, and two at once for the last slot
(PostgreSQL, with real threads); a volunteer signs up once; an inactive one not at all."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from amparo.core.models import AuditEntry
from amparo.core.testing import require_postgresql
from amparo.volunteers import services
from amparo.volunteers.models import Signup

from . import factories as f

pytestmark = pytest.mark.django_db


def test_a_shift_takes_as_many_volunteers_as_it_has_slots_and_says_when_it_is_full():
    by = f.coordinator()
    shift = f.shift(by, slots=2)
    first, second, third = (f.volunteer(by, name) for name in ("Ana", "Beto", "Carla"))
    services.sign_up(shift=shift, volunteer=first, by=by)
    services.sign_up(shift=shift, volunteer=second, by=by)
    with pytest.raises(ValidationError, match="This shift is full: all 2 places are taken."):
        services.sign_up(shift=shift, volunteer=third, by=by)
    assert services.taken(shift) == 2
    assert AuditEntry.objects.filter(action="volunteers.signup").count() == 2


def test_a_cancelled_sign_up_frees_its_place_and_the_same_volunteer_cannot_take_two():
    by = f.coordinator()
    shift = f.shift(by, slots=1)
    ana, beto = f.volunteer(by, "Ana"), f.volunteer(by, "Beto")
    signup = services.sign_up(shift=shift, volunteer=ana, by=by)
    with pytest.raises(ValidationError, match="Ana is already signed up"):
        services.sign_up(shift=shift, volunteer=ana, by=by)
    services.cancel_signup(signup=signup, by=by)
    services.sign_up(shift=shift, volunteer=beto, by=by)
    assert list(Signup.objects.filter(shift=shift, status="signed_up").values_list("volunteer__name", flat=True)) \
        == ["Beto"]


def test_an_inactive_volunteer_is_not_signed_up():
    by = f.coordinator()
    gone = f.volunteer(by, "Ana", active=False)
    with pytest.raises(ValidationError, match="inactive"):
        services.sign_up(shift=f.shift(by), volunteer=gone, by=by)


def test_a_shift_belongs_to_an_event_or_a_drive_site_of_that_drive():
    by = f.coordinator()
    drive = f.drive(by)
    with pytest.raises(ValidationError) as refused:
        f.shift(by, event=f.event(by), drive=drive)
    assert "one event or one registration drive" in str(refused.value)
    shift = f.shift(by, drive=drive, site=drive.sites.get())
    assert shift.program == "drives" and shift.where == "TPS El Salvador 2026 · Iglesia San Juan"


def _together(jobs):
    barrier = threading.Barrier(len(jobs), timeout=30)
    outcomes: list[object] = []

    def run(job):
        try:
            barrier.wait()
            outcomes.append(job())
        except Exception as exc:  # noqa: BLE001 - counted below
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_sign_ups_at_once_for_the_last_slot_give_it_to_one():
    require_postgresql("the concurrent shift sign-up test")
    by = f.coordinator()
    shift = f.shift(by, slots=2)
    services.sign_up(shift=shift, volunteer=f.volunteer(by, "Primera"), by=by)
    late = [f.volunteer(by, "Ana"), f.volunteer(by, "Beto")]
    outcomes = _together([lambda v=v: services.sign_up(shift=shift, volunteer=v, by=by) for v in late])
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(refused) == 1 and "This shift is full" in refused[0].messages[0]
    assert len([o for o in outcomes if isinstance(o, Signup)]) == 1
    assert Signup.objects.filter(shift=shift, status="signed_up").count() == 2
