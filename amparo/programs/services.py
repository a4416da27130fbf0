"""What changes the programs' records: every change is checked here, in one transaction, and audited.

Booking never double-books a provider, a room or a client. Inside one transaction the provider's,
the room's and the client's rows are locked (``select_for_update``: PostgreSQL row locks, always in
that order so two bookings cannot deadlock; SQLite takes the one write lock when the transaction
begins, IMMEDIATE mode), then overlapping appointments are looked for. Whoever comes second waits
for the first to commit, then finds its appointment and gets a ``ConflictError`` naming it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from amparo.core.audit import log_action
from amparo.people.models import Person

from . import scoring
from .models import (
    NEEDS,
    Appointment,
    AppointmentSeries,
    Assessment,
    Assistance,
    Bed,
    ClinicalAlert,
    DisasterEvent,
    DisasterRegistration,
    HouseRules,
    Incident,
    NeedsAssessment,
    NightCount,
    Provider,
    Referral,
    Room,
    RulesAcknowledgement,
    Service,
    SharingConsent,
    Site,
    Stay,
    VisitNote,
    WaitlistEntry,
)


class ConflictError(Exception):
    """The slot is taken: ``what`` is "provider", "room" or "client"; ``message`` says by what."""

    def __init__(self, what: str, message: str, appointment: Appointment | None = None) -> None:
        super().__init__(message)
        self.what = what
        self.message = message
        self.appointment = appointment


def _span(appointment: Appointment) -> str:
    start = timezone.localtime(appointment.starts_at)
    end = timezone.localtime(appointment.ends_at)
    return f"{formats.date_format(start, 'SHORT_DATE_FORMAT')} {start:%H:%M}–{end:%H:%M}"


def _overlapping(starts_at: dt.datetime, ends_at: dt.datetime) -> Any:
    return Appointment.objects.filter(status__in=Appointment.ACTIVE, starts_at__lt=ends_at, ends_at__gt=starts_at)


def check_hours(provider: Provider, starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    """The slot lies within the provider's weekly hours (if any are set) and not on time off."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if provider.exceptions.filter(starts_on__lte=start.date(), ends_on__gte=start.date()).exists():
        raise ValidationError({"starts_at": _("The provider is away that day.")})
    hours = list(provider.hours.all())
    if not hours:
        return
    if start.date() != end.date() or not any(
            h.weekday == start.weekday() and h.starts <= start.time() and end.time() <= h.ends for h in hours):
        raise ValidationError({"starts_at": _("The provider does not work at that time.")})


def book(*, person: Person, provider: Any, service: Service, starts_at: dt.datetime, ends_at: dt.datetime,
         by: Any, room: Room | None = None, walk_in: bool = False, series: AppointmentSeries | None = None,
         check_availability: bool = True) -> Appointment:
    """Book one appointment, or raise ``ConflictError`` (taken) or ``ValidationError`` (not possible)."""
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The end must come after the start.")})
    if not service.active:
        raise ValidationError({"service": _("This service is not offered any more.")})
    with transaction.atomic():
        # Lock in a fixed order: provider, room, client.
        profile = Provider.objects.select_for_update().filter(user=provider.pk, active=True).first()
        if profile is None:
            raise ValidationError({"provider": _("This person is not an active provider.")})
        if service.program not in profile.programs:
            raise ValidationError({"provider": _("This provider does not give that service.")})
        if room is not None:
            room = Room.objects.select_for_update().filter(pk=room.pk, active=True).first()
            if room is None:
                raise ValidationError({"room": _("This room cannot be booked.")})
        Person.objects.select_for_update().filter(pk=person.pk).values_list("pk", flat=True).first()
        if check_availability and not walk_in:
            check_hours(profile, starts_at, ends_at)
        taken = _overlapping(starts_at, ends_at)
        clash = taken.filter(provider=provider.pk).first()
        if clash:
            raise ConflictError("provider", _("%(provider)s already has an appointment at %(when)s.") % {
                "provider": provider.full_name, "when": _span(clash)}, clash)
        if room is not None:
            clash = taken.filter(room=room.pk).first()
            if clash:
                raise ConflictError("room", _("Room %(room)s is already booked at %(when)s.") % {
                    "room": room.name, "when": _span(clash)}, clash)
        clash = taken.filter(person=person.pk).first()
        if clash:
            raise ConflictError("client", _("This client already has an appointment at %(when)s.") % {
                "when": _span(clash)}, clash)
        appointment = Appointment.objects.create(
            person=person, provider=provider, room=room, service=service, starts_at=starts_at, ends_at=ends_at,
            walk_in=walk_in, series=series, booked_by=by,
            status=Appointment.Status.ARRIVED if walk_in else Appointment.Status.BOOKED,
            arrived_at=starts_at if walk_in else None)
        log_action(action="appointment.book", actor=by, obj=appointment,
                   extra={"provider": provider.pk, "room": room.pk if room else None, "walk_in": walk_in})
    return appointment


def book_series(*, person: Person, provider: Any, service: Service, starts_at: dt.datetime, ends_at: dt.datetime,
                weeks: int, by: Any, room: Room | None = None) -> list[Appointment]:
    """A weekly series (e.g. counselling for 12 weeks): all booked, or none (the first conflict is raised)."""
    if not 1 <= weeks <= 52:
        raise ValidationError({"weeks": _("A series is from 1 to 52 weeks.")})
    with transaction.atomic():
        series = AppointmentSeries.objects.create(weeks=weeks, created_by=by)
        booked = []
        for week in range(weeks):
            shift = dt.timedelta(weeks=week)
            start = timezone.localtime(starts_at) + shift
            # the same local time each week, across daylight-saving changes
            start = timezone.make_aware(start.replace(tzinfo=None))
            end = start + (ends_at - starts_at)
            booked.append(book(person=person, provider=provider, service=service, starts_at=start, ends_at=end,
                               by=by, room=room, series=series))
        log_action(action="appointment.series", actor=by, obj=series, extra={"weeks": weeks})
    return booked


STATUS_TIMES = {
    Appointment.Status.CONFIRMED: "confirmed_at",
    Appointment.Status.ARRIVED: "arrived_at",
    Appointment.Status.SEEN: "seen_at",
    Appointment.Status.CANCELLED_CLIENT: "cancelled_at",
    Appointment.Status.CANCELLED_CENTER: "cancelled_at",
}


def set_status(*, appointment: Appointment, status: str, by: Any, at: dt.datetime | None = None) -> Appointment:
    if status not in Appointment.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if appointment.status not in Appointment.ACTIVE and status in Appointment.ACTIVE:
        raise ValidationError({"status": _("A cancelled or missed appointment cannot be reopened: book it again.")})
    before = appointment.status
    appointment.status = status
    field = STATUS_TIMES.get(status)
    if field:
        setattr(appointment, field, at or timezone.now())
    appointment.save()
    log_action(action="appointment.status", actor=by, obj=appointment, changes={"status": [before, status]})
    return appointment


# --- Clinical records ---------------------------------------------------------------------------

def add_note(*, person: Person, program: str, text: str, by: Any, appointment: Appointment | None = None) -> VisitNote:
    if not text.strip():
        raise ValidationError({"text": _("Write the note.")})
    note = VisitNote.objects.create(person=person, program=program, text=text.strip(), author=by,
                                    appointment=appointment)
    log_action(action="visit_note.create", actor=by, obj=note)
    return note


def record_assessment(*, person: Person, program: str, instrument: str, answers: list[int], taken_on: dt.date,
                      by: Any, appointment: Appointment | None = None) -> Assessment:
    """Score and keep an assessment; a PHQ-9 item 9 above 0 raises an alert for the clinician."""
    try:
        result = scoring.score(instrument, answers)
    except ValueError as exc:
        raise ValidationError({"answers": _("Answer every question.")}) from exc
    with transaction.atomic():
        assessment = Assessment.objects.create(
            person=person, program=program, instrument=instrument, answers=answers, score=result.score,
            band=result.band, self_harm=result.self_harm, taken_on=taken_on, recorded_by=by, appointment=appointment)
        log_action(action="assessment.create", actor=by, obj=assessment)
        if result.self_harm:
            clinician = appointment.provider if appointment else by
            alert = ClinicalAlert.objects.create(assessment=assessment, person=person, program=program,
                                                 clinician=clinician)
            log_action(action="clinical_alert.raise", actor=by, obj=alert)
    return assessment


def acknowledge_alert(*, alert: ClinicalAlert, by: Any) -> None:
    if alert.acknowledged_at is None:
        alert.acknowledged_at = timezone.now()
        alert.save(update_fields=["acknowledged_at"])
        log_action(action="clinical_alert.acknowledge", actor=by, obj=alert)


def record_consent(*, person: Person, audience: str, scope: str, starts_on: dt.date, by: Any,
                   ends_on: dt.date | None = None, note: str = "") -> SharingConsent:
    """The client's consent to let legal staff read visit notes, recorded by a clinician of every
    program in its scope."""
    from .policies import clinician_programs

    if audience not in SharingConsent.Audience.values:
        raise ValidationError({"audience": _("Choose who may read the notes.")})
    if scope not in SharingConsent.Scope.values:
        raise ValidationError({"scope": _("Choose which notes may be read.")})
    programs = [p for p in ("clinic", "mental_health") if scope in (p, SharingConsent.Scope.ALL)]
    if not set(programs) <= set(clinician_programs(by)):
        raise ValidationError({"scope": _("Only a clinician of these notes' program may record this consent.")})
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end cannot come before the start.")})
    consent = SharingConsent.objects.create(person=person, audience=audience, scope=scope, starts_on=starts_on,
                                            ends_on=ends_on, note=note.strip(), recorded_by=by)
    log_action(action="sharing_consent.record", actor=by, obj=consent,
               extra={"audience": audience, "scope": scope, "starts_on": str(starts_on),
                      "ends_on": str(ends_on) if ends_on else None})
    return consent


def revoke_consent(*, consent: SharingConsent, by: Any, at: dt.datetime | None = None) -> SharingConsent:
    """The client withdraws consent: from now on nothing is shared under it."""
    if consent.revoked_at is None:
        consent.revoked_at = at or timezone.now()
        consent.revoked_by = by
        consent.save(update_fields=["revoked_at", "revoked_by"])
        log_action(action="sharing_consent.revoke", actor=by, obj=consent)
    return consent


def record_shared_reads(*, user: Any, notes: Iterable[VisitNote], channel: str) -> None:
    """Audit each visit note a user reads under a client's consent (not as a clinician of its
    program): one entry per note and channel (page, list, search, export, API)."""
    from .policies import clinician_programs

    mine = set(clinician_programs(user))
    for note in notes:
        if note.program not in mine:
            log_action(action="visit_note.shared_read", actor=user, obj=note, extra={"channel": channel})


# --- Referrals ----------------------------------------------------------------------------------

def refer(*, person: Person, from_program: str, to_program: str, by: Any, sent_on: dt.date, reason: str = "",
          partner: str = "", due_days: int = 14, direction: str = Referral.Direction.OUT) -> Referral:
    if from_program == to_program:
        raise ValidationError({"to_program": _("Refer to another program.")})
    referral = Referral.objects.create(person=person, from_program=from_program, to_program=to_program,
                                       partner=partner, reason=reason, sent_on=sent_on,
                                       due_by=sent_on + dt.timedelta(days=due_days), created_by=by,
                                       direction=direction)
    log_action(action="referral.create", actor=by, obj=referral)
    return referral


def confirm_referral(*, referral: Referral, by: Any, seen: bool | None, at: dt.datetime | None = None) -> Referral:
    """The receiver confirms it arrived; once it says whether the client was seen, the loop closes."""
    now = at or timezone.now()
    before = referral.status
    referral.received_at = referral.received_at or now
    referral.seen = seen
    referral.status = Referral.Status.RECEIVED if seen is None else Referral.Status.CLOSED
    referral.closed_at = now if seen is not None else None
    referral.save()
    log_action(action="referral.confirm", actor=by, obj=referral,
               changes={"status": [before, referral.status], "seen": [None, seen]})
    return referral


# --- Housing ------------------------------------------------------------------------------------

def rules_in_force(site: Any, on: dt.date) -> HouseRules | None:
    """The version of a site's house rules in force on a day (the latest that began by then)."""
    site_id = site if isinstance(site, int) else site.pk
    return HouseRules.objects.filter(site=site_id, effective_from__lte=on).order_by("-effective_from").first()


def admit(*, person: Person, bed: Bed, entry_date: dt.date, by: Any, household: Any = None,
          relationship: str = Stay.Relationship.HEAD, expected_exit: dt.date | None = None,
          move_in_date: dt.date | None = None, rules_acknowledged: bool = False,
          rules_language: str = "") -> Stay:
    """Admit someone to a bed: the bed must be in the inventory and free that night, and when the
    site has house rules in force the resident's acknowledgement is recorded with the stay."""
    with transaction.atomic():
        bed = Bed.objects.select_for_update().select_related("room").get(pk=bed.pk)
        rules = rules_in_force(bed.room.site_id, entry_date)
        if rules is not None and not rules_acknowledged:
            raise ValidationError({"rules_acknowledged": _(
                "The resident must acknowledge the house rules before admission.")})
        if bed.available_from > entry_date or (bed.available_until and bed.available_until <= entry_date):
            raise ValidationError({"bed": _("This bed is not in use on that date.")})
        if Stay.objects.filter(bed=bed, entry_date__lte=entry_date).exclude(exit_date__lte=entry_date).exists():
            raise ValidationError({"bed": _("This bed is taken that night.")})
        if Stay.objects.filter(person=person, exit_date__isnull=True).exists():
            raise ValidationError({"person": _("This client is already staying with us.")})
        stay = Stay.objects.create(person=person, bed=bed, entry_date=entry_date,
                                   move_in_date=move_in_date or entry_date, household=household,
                                   relationship=relationship, expected_exit=expected_exit,
                                   created_by=by)
        WaitlistEntry.objects.filter(person=person, status=WaitlistEntry.Status.WAITING).update(
            status=WaitlistEntry.Status.ADMITTED)
        log_action(action="stay.admit", actor=by, obj=stay, extra={"bed": bed.pk})
        if rules is not None:
            acknowledge_rules(stay=stay, rules=rules, on=entry_date, by=by,
                              language=rules_language or person.preferred_language or "es")
    return stay


def publish_rules(*, site: Site, effective_from: dt.date, text_en: str, text_es: str, by: Any) -> HouseRules:
    """A new version of a site's house rules, in force from a date (earlier versions are kept)."""
    errors = {}
    if not text_en.strip():
        errors["text_en"] = _("Write the rules in English.")
    if not text_es.strip():
        errors["text_es"] = _("Write the rules in Spanish.")
    if HouseRules.objects.filter(site=site, effective_from=effective_from).exists():
        errors["effective_from"] = _("A version of the rules already comes into force on that date.")
    if errors:
        raise ValidationError(errors)
    rules = HouseRules.objects.create(site=site, effective_from=effective_from, text_en=text_en.strip(),
                                      text_es=text_es.strip(), created_by=by)
    log_action(action="house_rules.publish", actor=by, obj=rules, extra={"site": site.pk,
                                                                       "effective_from": str(effective_from)})
    return rules


def acknowledge_rules(*, stay: Stay, rules: HouseRules, on: dt.date, by: Any, language: str = "es"
                      ) -> RulesAcknowledgement:
    """Record that a resident acknowledged a version of the house rules (once per version)."""
    if rules.site_id != stay.bed.room.site_id:
        raise ValidationError({"rules": _("These are the rules of another site.")})
    existing = RulesAcknowledgement.objects.filter(stay=stay, rules=rules).first()
    if existing:
        return existing
    record = RulesAcknowledgement.objects.create(stay=stay, rules=rules, acknowledged_on=on,
                                                 language="es" if language.startswith("es") else "en",
                                                 recorded_by=by)
    log_action(action="house_rules.acknowledge", actor=by, obj=record, extra={"stay": stay.pk, "rules": rules.pk})
    return record


def record_incident(*, site: Site, occurred_at: dt.datetime, kind: str, description: str, staff: Any, by: Any,
                    stays: Iterable[Stay] = (), action_taken: str = "", follow_up: str = "",
                    follow_up_by: dt.date | None = None) -> Incident:
    """An incident at a site, with the stays of the residents involved (all at that site)."""
    if kind not in Incident.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of incident.")})
    if not description.strip():
        raise ValidationError({"description": _("Say what happened.")})
    stays = list(stays)
    if any(s.bed.room.site_id != site.pk for s in stays):
        raise ValidationError({"stays": _("Every resident involved must be staying at this site.")})
    if follow_up_by and not follow_up.strip():
        raise ValidationError({"follow_up": _("Say what follow-up is needed.")})
    with transaction.atomic():
        incident = Incident.objects.create(site=site, occurred_at=occurred_at, kind=kind,
                                           description=description.strip(), action_taken=action_taken.strip(),
                                           staff=staff, follow_up=follow_up.strip(), follow_up_by=follow_up_by,
                                           created_by=by)
        incident.stays.set(stays)
        log_action(action="incident.record", actor=by, obj=incident,
                   extra={"site": site.pk, "kind": kind, "stays": [s.pk for s in stays]})
    return incident


def follow_up_done(*, incident: Incident, by: Any, at: dt.datetime | None = None) -> Incident:
    if incident.followed_up_at is None:
        incident.followed_up_at = at or timezone.now()
        incident.save(update_fields=["followed_up_at"])
        log_action(action="incident.follow_up", actor=by, obj=incident)
    return incident


def discharge(*, stay: Stay, exit_date: dt.date, destination: str, by: Any) -> Stay:
    if stay.exit_date is not None:
        raise ValidationError({"exit_date": _("This stay has already ended.")})
    if exit_date < stay.entry_date:
        raise ValidationError({"exit_date": _("The exit cannot come before the entry.")})
    if destination not in Stay.ExitDestination.values:
        raise ValidationError({"destination": _("Choose where the client went.")})
    stay.exit_date, stay.destination = exit_date, destination
    stay.save(update_fields=["exit_date", "destination"])
    log_action(action="stay.exit", actor=by, obj=stay, changes={"exit_date": [None, str(exit_date)]})
    return stay


def add_to_waitlist(*, person: Person, by: Any, added_on: dt.date, household_size: int = 1, children: bool = False,
                    medical_need: bool = False, note: str = "") -> WaitlistEntry:
    if WaitlistEntry.objects.filter(person=person, status=WaitlistEntry.Status.WAITING).exists():
        raise ValidationError({"person": _("This client is already on the waiting list.")})
    entry = WaitlistEntry.objects.create(person=person, household_size=household_size, children=children,
                                         medical_need=medical_need, added_on=added_on, note=note, created_by=by)
    log_action(action="waitlist.add", actor=by, obj=entry)
    return entry


def count_night(night: dt.date) -> NightCount:
    """Write (or rewrite) the occupancy record of one night."""
    beds = Bed.objects.filter(available_from__lte=night).exclude(available_until__lte=night).count()
    occupied = Stay.objects.filter(entry_date__lte=night).exclude(exit_date__lte=night).count()
    record, _created = NightCount.objects.update_or_create(night=night, defaults={"beds": beds, "occupied": occupied})
    return record


# --- Basic needs, assistance, disasters ------------------------------------------------------------

def assess_needs(*, person: Person, needs: Iterable[str], by: Any, assessed_on: dt.date,
                 note: str = "") -> NeedsAssessment:
    known = {key for key, _label in NEEDS}
    chosen = [n for n in needs if n in known]
    record = NeedsAssessment.objects.create(person=person, needs=chosen, note=note, assessed_on=assessed_on,
                                            created_by=by)
    log_action(action="needs.assess", actor=by, obj=record)
    return record


def give_assistance(*, kind: str, amount: Decimal, fund: str, approved_by: Any, given_on: dt.date, by: Any,
                    person: Person | None = None, registration: DisasterRegistration | None = None,
                    note: str = "") -> Assistance:
    from amparo.accounts.roles import has_capability

    amount = Decimal(amount)
    if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({"amount": _("Give an amount above zero, to the cent.")})
    if kind not in Assistance.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of help.")})
    if not fund.strip():
        raise ValidationError({"fund": _("Say which fund pays.")})
    if not has_capability(approved_by, "assistance.approve"):
        raise ValidationError({"approved_by": _("The approver may not approve assistance.")})
    record = Assistance.objects.create(kind=kind, amount=amount, fund=fund.strip(), approved_by=approved_by,
                                       given_on=given_on, person=person, registration=registration, note=note,
                                       created_by=by)
    log_action(action="assistance.give", actor=by, obj=record, extra={"amount": str(amount), "fund": record.fund})
    return record


def correct_assistance(*, original: Assistance, by: Any, note: str) -> Assistance:
    """A mistaken entry is cancelled by an opposite one, never edited or deleted."""
    if original.corrects_id or hasattr(original, "correction"):
        raise ValidationError({"__all__": _("This entry has already been corrected.")})
    record = Assistance.objects.create(kind=original.kind, amount=-original.amount, fund=original.fund,
                                       approved_by=original.approved_by, given_on=timezone.localdate(),
                                       person=original.person, registration=original.registration,
                                       corrects=original, note=note, created_by=by)
    log_action(action="assistance.correct", actor=by, obj=record, extra={"corrects": original.pk})
    return record


def register_affected(*, event: DisasterEvent, name: str, by: Any, registered_on: dt.date, people_count: int = 1,
                      phone: str = "", slept_where: str = "", lost: str = "", needs: Iterable[str] = (),
                      needs_housing: bool = False, person: Person | None = None) -> DisasterRegistration:
    if not name.strip():
        raise ValidationError({"name": _("Write a name.")})
    known = {key for key, _label in NEEDS}
    record = DisasterRegistration.objects.create(
        event=event, name=name.strip(), phone=phone, people_count=people_count, slept_where=slept_where, lost=lost,
        needs=[n for n in needs if n in known], needs_housing=needs_housing, registered_on=registered_on,
        person=person, created_by=by)
    log_action(action="disaster.register", actor=by, obj=record)
    return record
