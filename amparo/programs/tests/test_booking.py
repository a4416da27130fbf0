"""Appointments are never double-booked: not the provider, not the room, not the client."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from amparo.core.testing import require_postgresql
from amparo.programs import services
from amparo.programs.models import Appointment, Availability, AvailabilityException

from .factories import DAY, at, clinician, person, room, service

pytestmark = pytest.mark.django_db


def _book(**kwargs):
    kwargs.setdefault("service", service())
    kwargs.setdefault("starts_at", at(10))
    kwargs.setdefault("ends_at", at(10, 50))
    kwargs.setdefault("by", kwargs["provider"])
    return services.book(**kwargs)


def test_a_second_booking_of_the_provider_names_the_provider():
    ana = clinician(full_name="Ana Ruiz")
    _book(person=person(), provider=ana)
    with pytest.raises(services.ConflictError) as caught:
        _book(person=person(), provider=ana, starts_at=at(10, 30), ends_at=at(11, 20))
    assert caught.value.what == "provider" and "Ana Ruiz" in caught.value.message
    assert Appointment.objects.count() == 1


def test_the_room_and_the_client_cannot_be_double_booked_either():
    sala, client = room("Sala 2"), person()
    _book(person=client, provider=clinician(), room=sala)
    with pytest.raises(services.ConflictError) as caught:
        _book(person=person(), provider=clinician(), room=sala, starts_at=at(10, 40), ends_at=at(11, 30))
    assert caught.value.what == "room" and "Sala 2" in caught.value.message
    with pytest.raises(services.ConflictError) as caught:
        _book(person=client, provider=clinician(), starts_at=at(9, 30), ends_at=at(10, 5))
    assert caught.value.what == "client"


def test_back_to_back_and_cancelled_slots_are_free():
    ana, client = clinician(), person()
    first = _book(person=client, provider=ana)
    _book(person=client, provider=ana, starts_at=at(10, 50), ends_at=at(11, 40))
    services.set_status(appointment=first, status=Appointment.Status.CANCELLED_CLIENT, by=ana)
    _book(person=person(), provider=ana)
    assert Appointment.objects.filter(status__in=Appointment.ACTIVE).count() == 2
    first.refresh_from_db()
    assert first.cancelled_at is not None


def test_weekly_hours_and_time_off_are_respected_but_walk_ins_are_not_held_to_hours():
    ana = clinician()
    Availability.objects.create(provider=ana.provider, weekday=0, starts=dt.time(9), ends=dt.time(13))
    with pytest.raises(ValidationError):
        _book(person=person(), provider=ana, starts_at=at(14), ends_at=at(14, 50))
    _book(person=person(), provider=ana)
    walk = _book(person=person(), provider=ana, starts_at=at(15), ends_at=at(15, 30), walk_in=True)
    assert walk.status == Appointment.Status.ARRIVED
    AvailabilityException.objects.create(provider=ana.provider, starts_on=DAY + dt.timedelta(days=7),
                                         ends_on=DAY + dt.timedelta(days=7), reason="Holiday")
    with pytest.raises(ValidationError):
        _book(person=person(), provider=ana, starts_at=at(10, day=DAY + dt.timedelta(days=7)),
              ends_at=at(10, 50, day=DAY + dt.timedelta(days=7)))


def test_a_weekly_series_is_all_booked_or_not_at_all():
    ana, client = clinician(), person()
    booked = services.book_series(person=client, provider=ana, service=service(), starts_at=at(10),
                                  ends_at=at(10, 50), weeks=12, by=ana)
    assert len(booked) == 12 and booked[-1].starts_at.date() == DAY + dt.timedelta(weeks=11)
    assert len({a.series_id for a in booked}) == 1
    other = person()
    with pytest.raises(services.ConflictError):
        services.book_series(person=other, provider=ana, service=service(), starts_at=at(10, day=DAY - dt.timedelta(
            weeks=1)), ends_at=at(10, 50, day=DAY - dt.timedelta(weeks=1)), weeks=3, by=ana)
    assert not Appointment.objects.filter(person=other).exists()


def test_a_provider_only_gives_the_services_of_their_programs():
    from amparo.programs.models import Program

    with pytest.raises(ValidationError):
        _book(person=person(), provider=clinician(programs=(Program.CLINIC,)))


def _race(book_one, n=20):
    barrier = threading.Barrier(n, timeout=30)
    results, errors = [], []

    def run(i):
        try:
            barrier.wait()
            results.append(book_one(i))
        except services.ConflictError as exc:
            errors.append(exc.what)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(90)
    return results, errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("what", ["provider", "room", "client"])
def test_twenty_simultaneous_bookings_of_one_slot_on_postgresql_give_one_appointment(what):
    require_postgresql("twenty concurrent bookings of the same slot")
    sala, client, ana = room("Sala race"), person(), clinician()
    providers = [ana if what == "provider" else clinician() for _ in range(20)]
    clients = [client if what == "client" else person() for _ in range(20)]
    svc = service()

    def book_one(i):
        return services.book(person=clients[i], provider=providers[i], service=svc, starts_at=at(10),
                             ends_at=at(10, 50), by=providers[i], room=sala if what == "room" else None)

    results, errors = _race(book_one)
    assert len(results) == 1, errors
    assert errors == [what] * 19
    assert Appointment.objects.count() == 1
