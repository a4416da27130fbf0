"""Hours: logged, approved by a coordinator (audited), never changed once approved (corrected by
a new entry), and valued at the center's rate in force on the day they were given."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from amparo.core.models import AuditEntry
from amparo.volunteers import hours, services
from amparo.volunteers.models import HoursEntry, Rate

from . import factories as f

pytestmark = pytest.mark.django_db
TODAY = f.TODAY


def _log(volunteer, by, *, hours="2.5", day=TODAY, **kwargs):
    kwargs.setdefault("activity", "interpreting")
    kwargs.setdefault("program", "legal")
    return services.log_hours(volunteer=volunteer, by=by, date=day, hours=hours, today=TODAY, **kwargs)


def test_hours_wait_for_approval_and_the_approval_is_audited():
    by, boss = f.coordinator(), f.coordinator(full_name="Beatriz Villalta")
    rosa = f.volunteer(by)
    entry = _log(rosa, by, hours="2,5")  # a Spanish decimal comma is read too
    assert entry.hours == Decimal("2.50") and entry.status == HoursEntry.Status.PENDING
    services.decide(entry=entry, by=boss, approve=True)
    entry.refresh_from_db()
    assert entry.status == HoursEntry.Status.APPROVED and entry.decided_by == boss
    audit = AuditEntry.objects.get(action="volunteers.hours_approve")
    assert audit.actor == boss and audit.changes["status"] == ["pending", "approved"]
    with pytest.raises(ValidationError, match="already decided"):
        services.decide(entry=entry, by=boss, approve=False, note="x")


def test_refusing_needs_a_reason_and_nobody_approves_their_own_hours(make_user):
    from amparo.accounts.roles import Role

    by = f.coordinator()
    own = make_user(Role.ORGANIZER)
    me = f.volunteer(by, "Beatriz", user=own)
    entry = _log(me, by)
    with pytest.raises(ValidationError, match="Another coordinator must approve your own hours"):
        services.decide(entry=entry, by=own, approve=True)
    with pytest.raises(ValidationError) as refused:
        services.decide(entry=entry, by=by, approve=False)
    assert refused.value.message_dict == {"note": ["Say why the hours are not approved."]}
    services.decide(entry=entry, by=by, approve=False, note="Not at the clinic that day")
    assert HoursEntry.objects.get(pk=entry.pk).status == HoursEntry.Status.REJECTED


@pytest.mark.parametrize(("value", "field", "message"), [
    ("0", "hours", "more than 0 and at most 24"), ("25", "hours", "more than 0 and at most 24"),
    ("dos", "hours", "as a number"), ("1.255", "hours", "two decimals"),
])
def test_impossible_hours_are_refused_with_the_reason(value, field, message):
    by = f.coordinator()
    with pytest.raises(ValidationError) as refused:
        _log(f.volunteer(by), by, hours=value)
    assert message in " ".join(refused.value.message_dict[field])


def test_hours_for_a_day_to_come_or_an_unknown_program_are_refused():
    by = f.coordinator()
    rosa = f.volunteer(by)
    with pytest.raises(ValidationError) as refused:
        _log(rosa, by, day=TODAY + dt.timedelta(days=1), program="astrology")
    assert set(refused.value.message_dict) == {"date", "program"}


def test_approved_hours_never_change_and_a_correction_counts_once_approved():
    by, boss = f.coordinator(), f.coordinator()
    rosa = f.volunteer(by)
    entry = services.decide(entry=_log(rosa, by, hours="3"), by=boss, approve=True)
    with pytest.raises(ValidationError, match="Approved hours cannot be changed"):
        services.update_hours(entry=entry, by=by, today=TODAY, hours="2")
    entry.hours = Decimal("2")
    with pytest.raises(ValidationError, match="Approved hours cannot be changed"):
        entry.save()  # even past the services
    entry.refresh_from_db()
    assert entry.hours == Decimal("3.00")

    correction = services.correct_hours(entry=entry, by=by, hours="2", note="Left at 8, not 9")
    assert correction.hours == Decimal("-1.00") and correction.corrects == entry
    assert hours.by_program(TODAY, TODAY).hours == Decimal("3.00")  # not yet approved
    services.decide(entry=correction, by=boss, approve=True)
    assert hours.by_program(TODAY, TODAY).hours == Decimal("2.00")
    assert services.counted_hours(entry) == Decimal("2.00")
    with pytest.raises(ValidationError, match="already the number of hours counted"):
        services.correct_hours(entry=entry, by=by, hours="2", note="again")


def test_pending_hours_may_still_be_changed():
    by = f.coordinator()
    entry = _log(f.volunteer(by), by, hours="3")
    changed = services.update_hours(entry=entry, by=by, today=TODAY, hours="4", activity="driving")
    assert (changed.hours, changed.activity) == (Decimal("4.00"), "driving")


def test_hours_at_a_shift_need_the_volunteer_on_it_and_take_its_program():
    by = f.coordinator()
    drive = f.drive(by)
    shift = f.shift(by, drive=drive)
    rosa, beto = f.volunteer(by), f.volunteer(by, "Beto")
    services.sign_up(shift=shift, volunteer=rosa, by=by)
    entry = services.log_hours(volunteer=rosa, by=by, date=TODAY, hours=shift.duration_hours, activity="registration",
                               shift=shift, today=TODAY)
    assert entry.program == "drives" and entry.hours == Decimal("3.00")
    with pytest.raises(ValidationError, match="Beto is not signed up for that shift"):
        services.log_hours(volunteer=beto, by=by, date=TODAY, hours="1", activity="registration", shift=shift,
                           today=TODAY)


def test_the_value_follows_the_rate_in_force_on_each_day():
    by, boss = f.coordinator(), f.coordinator()
    rosa = f.volunteer(by)
    Rate.objects.create(effective_from=dt.date(2026, 1, 1), hourly=Decimal("30.00"))
    Rate.objects.create(effective_from=dt.date(2026, 3, 1), hourly=Decimal("33.50"))
    for day, value in ((dt.date(2025, 12, 20), "1"), (dt.date(2026, 2, 27), "2"), (dt.date(2026, 3, 2), "4")):
        services.decide(entry=_log(rosa, by, day=day, hours=value), by=boss, approve=True)
    assert hours.rate_on(dt.date(2026, 2, 28)) == Decimal("30.00")
    assert hours.rate_on(dt.date(2026, 3, 1)) == Decimal("33.50")
    assert hours.rate_on(dt.date(2025, 12, 31)) is None
    year = hours.by_program(dt.date(2025, 12, 1), dt.date(2026, 3, 31))
    # 2 h at $30 + 4 h at $33.50; the December hour came before any rate: counted, not valued.
    assert (year.hours, year.value, year.unvalued) == (Decimal("7.00"), Decimal("194.00"), Decimal("1.00"))
    march = hours.by_program(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert (march.hours, march.value) == (Decimal("4.00"), Decimal("134.00"))
