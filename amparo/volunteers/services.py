"""Writes of the volunteers app: one transaction and one audit entry each. Views, the API and the
demo call these; none writes any other way. Today's date is passed in, never read here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from amparo.core.audit import diff, log_action, snapshot
from amparo.core.exceptions import ConcurrentEdit
from amparo.people.matching import normalize

from .models import Availability, HoursEntry, Shift, Signup, Skill, Volunteer, program_choices

VOLUNTEER_FIELDS = ("name", "person", "user", "phone", "email", "office", "check_status", "check_done_on",
                    "check_expires_on", "emergency_name", "emergency_phone", "emergency_relation", "started_on",
                    "active", "notes")


def search_text(volunteer: Volunteer) -> str:
    digits = "".join(c for c in volunteer.phone if c.isdigit())
    return f"{normalize(volunteer.name)} {volunteer.email.lower()} {digits}".strip()[:300]


def _check(volunteer: Volunteer) -> None:
    errors: dict[str, list[str]] = {}
    if not volunteer.name.strip():
        errors["name"] = [_("Write the volunteer's name.")]
    if volunteer.check_status == Volunteer.Check.CLEARED and not volunteer.check_done_on:
        errors["check_done_on"] = [_("A cleared background check needs the date it was done.")]
    if (volunteer.check_done_on and volunteer.check_expires_on
            and volunteer.check_expires_on < volunteer.check_done_on):
        errors["check_expires_on"] = [_("The background check cannot expire before it was done.")]
    if volunteer.user_id and Volunteer.objects.filter(user_id=volunteer.user_id).exclude(pk=volunteer.pk).exists():
        errors["user"] = [_("That account already belongs to another volunteer.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_volunteer(*, by: Any, skills: Iterable[Skill] = (), **fields: Any) -> Volunteer:
    unknown = set(fields) - set(VOLUNTEER_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    volunteer = Volunteer(created_by=by, **fields)
    if not volunteer.name and volunteer.person_id:
        volunteer.name = volunteer.person.full_name
    if not volunteer.name and volunteer.user_id:
        volunteer.name = volunteer.user.full_name
    _check(volunteer)
    volunteer.search_text = search_text(volunteer)
    volunteer.save()
    volunteer.skills.set(skills)
    log_action(action="volunteers.create", actor=by, obj=volunteer)
    return volunteer


@transaction.atomic
def update_volunteer(*, volunteer: Volunteer, by: Any, version: int, skills: Iterable[Skill] | None = None,
                     **fields: Any) -> Volunteer:
    locked = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if locked.version != version:
        raise ConcurrentEdit
    before = snapshot(locked)
    before_skills = sorted(locked.skills.values_list("code", flat=True))
    for name, value in fields.items():
        if name not in VOLUNTEER_FIELDS:
            raise TypeError(f"unknown field {name!r}")
        setattr(locked, name, value)
    _check(locked)
    locked.search_text = search_text(locked)
    locked.version += 1
    locked.save()
    changes = diff(before, snapshot(locked))
    if skills is not None:
        locked.skills.set(skills)
        after_skills = sorted(locked.skills.values_list("code", flat=True))
        if after_skills != before_skills:
            changes["skills"] = [", ".join(before_skills), ", ".join(after_skills)]
    log_action(action="volunteers.change", actor=by, obj=locked, changes=changes)
    return locked


@transaction.atomic
def set_availability(*, volunteer: Volunteer, by: Any,
                     days: dict[int, tuple[dt.time, dt.time]]) -> list[Availability]:
    """Replace the volunteer's weekly availability: ``{weekday: (from, until)}``."""
    for starts, ends in days.values():
        if ends <= starts:
            raise ValidationError(_("The end of the day's availability must come after its start."))
    Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    before = [str(a) for a in volunteer.availability.all()]
    volunteer.availability.all().delete()
    rows = [Availability.objects.create(volunteer=volunteer, weekday=day, starts=s, ends=e)
            for day, (s, e) in sorted(days.items())]
    log_action(action="volunteers.change", actor=by, obj=volunteer,
               changes={"availability": ["; ".join(before), "; ".join(str(a) for a in rows)]})
    return rows


# --- Shifts ----------------------------------------------------------------------------------------

@transaction.atomic
def create_shift(*, by: Any, role: str, starts_at: dt.datetime, ends_at: dt.datetime, slots: int,
                 event: Any = None, drive: Any = None, site: Any = None, skills: Iterable[Skill] = (),
                 program: str = "", office: Any = None, notes: str = "") -> Shift:
    errors: dict[str, list[str]] = {}
    if (event is None) == (drive is None):
        errors["__all__"] = [_("A shift belongs to one event or one registration drive.")]
    if site is not None and (drive is None or site.drive_id != drive.pk):
        errors["site"] = [_("That site is not one of the drive's sites.")]
    if ends_at <= starts_at:
        errors["ends_at"] = [_("The shift must end after it starts.")]
    if not slots or slots < 1:
        errors["slots"] = [_("A shift needs at least one volunteer.")]
    if not role.strip():
        errors["role"] = [_("Say what the volunteers will do.")]
    if program and program not in dict(program_choices()):
        errors["program"] = [_("Choose a program from the list.")]
    if errors:
        raise ValidationError(errors)
    shift = Shift.objects.create(
        event=event, drive=drive, site=site, role=role.strip(), starts_at=starts_at, ends_at=ends_at, slots=slots,
        program=program or ("events" if event is not None else "drives"), office=office, notes=notes, created_by=by)
    shift.skills.set(skills)
    log_action(action="volunteers.shift_create", actor=by, obj=shift)
    return shift


def taken(shift: Shift) -> int:
    return shift.signups.filter(status=Signup.Status.SIGNED_UP).count()


@transaction.atomic
def sign_up(*, shift: Shift, volunteer: Volunteer, by: Any) -> Signup:
    """Put ``volunteer`` on ``shift``. The shift's row is locked first, so two sign-ups for the last
    slot at once give it to one of them and tell the other the shift is full."""
    locked = Shift.objects.select_for_update().get(pk=shift.pk)
    if not Volunteer.objects.filter(pk=volunteer.pk, active=True).exists():
        raise ValidationError(_("This volunteer is inactive; make them active before signing them up."))
    if locked.signups.filter(volunteer=volunteer, status=Signup.Status.SIGNED_UP).exists():
        raise ValidationError(_("%(name)s is already signed up for this shift.") % {"name": volunteer.name})
    if taken(locked) >= locked.slots:
        raise ValidationError(_("This shift is full: all %(slots)s places are taken.") % {"slots": locked.slots})
    signup = Signup.objects.create(shift=locked, volunteer=volunteer, by=by)
    log_action(action="volunteers.signup", actor=by, obj=signup, extra={"shift": locked.pk, "volunteer": volunteer.pk})
    return signup


@transaction.atomic
def cancel_signup(*, signup: Signup, by: Any) -> Signup:
    Shift.objects.select_for_update().get(pk=signup.shift_id)
    signup = Signup.objects.get(pk=signup.pk)
    if signup.status == Signup.Status.CANCELLED:
        return signup
    signup.status, signup.cancelled_at = Signup.Status.CANCELLED, timezone.now()
    signup.save(update_fields=["status", "cancelled_at"])
    log_action(action="volunteers.signup_cancel", actor=by, obj=signup, extra={"shift": signup.shift_id})
    return signup


# --- Hours -----------------------------------------------------------------------------------------

def _hours_value(raw: Any, *, field: str = "hours") -> Decimal:
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: [_("Write the hours as a number, e.g. 2.5.")]}) from None
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        raise ValidationError({field: [_("Hours take at most two decimals, e.g. 2.25.")]})
    return value.quantize(Decimal("0.01"))


def _check_entry(*, hours: Decimal, date: dt.date, activity: str, program: str, today: dt.date) -> None:
    errors: dict[str, list[str]] = {}
    if hours <= 0 or hours > 24:
        errors["hours"] = [_("Hours must be more than 0 and at most 24 in one day.")]
    if date > today:
        errors["date"] = [_("Hours cannot be logged for a day that has not come yet.")]
    if activity not in HoursEntry.Activity.values:
        errors["activity"] = [_("Choose an activity from the list.")]
    if program not in dict(program_choices()):
        errors["program"] = [_("Choose a program from the list.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def log_hours(*, volunteer: Volunteer, by: Any, date: dt.date, hours: Any, activity: str, program: str = "",
              today: dt.date, shift: Shift | None = None, grant: Any = None, office: Any = None,
              note: str = "") -> HoursEntry:
    """Hours given on ``date``, waiting for a coordinator's approval."""
    value = _hours_value(hours)
    program = program or (shift.program if shift is not None else "general")
    _check_entry(hours=value, date=date, activity=activity, program=program, today=today)
    if shift is not None and not shift.signups.filter(volunteer=volunteer, status=Signup.Status.SIGNED_UP).exists():
        raise ValidationError({"shift": [_("%(name)s is not signed up for that shift.") % {"name": volunteer.name}]})
    entry = HoursEntry.objects.create(
        volunteer=volunteer, shift=shift, date=date, hours=value, activity=activity, program=program, grant=grant,
        office=office or (shift.office if shift is not None else None) or volunteer.office, note=note.strip(),
        logged_by=by)
    log_action(action="volunteers.hours_log", actor=by, obj=entry,
               extra={"volunteer": volunteer.pk, "hours": str(value), "date": date.isoformat()})
    return entry


@transaction.atomic
def update_hours(*, entry: HoursEntry, by: Any, today: dt.date, **fields: Any) -> HoursEntry:
    """Change hours still waiting for approval; approved or refused hours are final."""
    locked = HoursEntry.objects.select_for_update().get(pk=entry.pk)
    if locked.status != HoursEntry.Status.PENDING:
        raise ValidationError(_("Approved hours cannot be changed; record a correction instead.")
                              if locked.status == HoursEntry.Status.APPROVED
                              else _("These hours were not approved; log them again if they were given."))
    before = snapshot(locked)
    for name in ("date", "activity", "program", "grant", "office", "note"):
        if name in fields:
            setattr(locked, name, fields[name])
    if "hours" in fields:
        locked.hours = _hours_value(fields["hours"])
    if locked.corrects_id is None:
        _check_entry(hours=locked.hours, date=locked.date, activity=locked.activity, program=locked.program,
                     today=today)
    locked.save()
    log_action(action="volunteers.hours_log", actor=by, obj=locked, changes=diff(before, snapshot(locked)))
    return locked


def counted_hours(entry: HoursEntry) -> Decimal:
    """An approved entry's hours with its approved corrections."""
    extra = entry.corrections.filter(status=HoursEntry.Status.APPROVED).aggregate(s=Sum("hours"))["s"]
    return entry.hours + (extra or Decimal(0))


@transaction.atomic
def correct_hours(*, entry: HoursEntry, by: Any, hours: Any, note: str) -> HoursEntry:
    """Record that approved ``entry`` should count ``hours`` in all: a new entry with the difference,
    waiting for approval like any other. The approved entry itself never changes."""
    original = HoursEntry.objects.select_for_update().get(pk=entry.pk)
    if original.status != HoursEntry.Status.APPROVED or original.corrects_id is not None:
        raise ValidationError(_("Only approved hours are corrected; hours waiting for approval can be changed."))
    right = _hours_value(hours)
    if right < 0 or right > 24:
        raise ValidationError({"hours": [_("Hours must be from 0 to 24 in one day.")]})
    if not note.strip():
        raise ValidationError({"note": [_("Say why the hours are corrected.")]})
    if original.corrections.filter(status=HoursEntry.Status.PENDING).exists():
        raise ValidationError(_("A correction of these hours is already waiting for approval."))
    difference = right - counted_hours(original)
    if difference == 0:
        raise ValidationError({"hours": [_("That is already the number of hours counted.")]})
    correction = HoursEntry.objects.create(
        volunteer=original.volunteer, shift=original.shift, date=original.date, hours=difference,
        activity=original.activity, program=original.program, grant=original.grant, office=original.office,
        note=note.strip(), corrects=original, logged_by=by)
    log_action(action="volunteers.hours_correct", actor=by, obj=correction,
               extra={"corrects": original.pk, "difference": str(difference)})
    return correction


@transaction.atomic
def decide(*, entry: HoursEntry, by: Any, approve: bool, note: str = "") -> HoursEntry:
    """A coordinator approves hours, or refuses them with a reason. Nobody approves their own."""
    locked = HoursEntry.objects.select_for_update().select_related("volunteer").get(pk=entry.pk)
    if locked.status != HoursEntry.Status.PENDING:
        raise ValidationError(_("These hours were already decided."))
    if locked.volunteer.user_id is not None and locked.volunteer.user_id == getattr(by, "pk", None):
        raise ValidationError(_("Another coordinator must approve your own hours."))
    if not approve and not note.strip():
        raise ValidationError({"note": [_("Say why the hours are not approved.")]})
    before = snapshot(locked)
    locked.status = HoursEntry.Status.APPROVED if approve else HoursEntry.Status.REJECTED
    locked.decided_by, locked.decided_at, locked.decision_note = by, timezone.now(), note.strip()
    locked.save()
    log_action(action="volunteers.hours_approve" if approve else "volunteers.hours_reject", actor=by, obj=locked,
               changes=diff(before, snapshot(locked)),
               extra={"volunteer": locked.volunteer_id, "hours": str(locked.hours)})
    return locked
