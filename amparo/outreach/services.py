"""Writes of outreach: events, registrations, the waiting list, check-ins. Keyword-only
arguments, one transaction each, audited."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from amparo.core.audit import log_action
from amparo.people.matching import normalize

from .models import CheckIn, Event, EventSeries, Registration

EVENT_FIELDS = ("title", "kind", "place", "online_url", "language", "capacity", "audience", "description", "public",
                "offer_hours")


def clean(value: Any, limit: int) -> str:
    """Text as stored: no NUL or other control characters (PostgreSQL refuses NUL), trimmed."""
    text = "".join(c for c in str(value or "") if c >= " " or c in "\t")
    return text.strip()[:limit]


def _notify(send: Any, pk: int) -> None:
    """Mail after commit; a refused address never undoes a registration (it is logged)."""
    try:
        send(pk)
    except Exception:  # noqa: BLE001 - any mail failure is the mail's, not the registration's
        import logging

        logging.getLogger(__name__).exception("outreach mail for registration %s failed", pk)


def search_text(given_names: str, surnames: str, phone: str = "", code: str = "") -> str:
    digits = "".join(c for c in phone if c.isdigit())
    return f"{normalize(given_names)} {normalize(surnames)} {digits} {code.lower()}".strip()[:300]


# --- Events ----------------------------------------------------------------------------------------

@transaction.atomic
def create_event(*, by: Any, starts_at: dt.datetime, ends_at: dt.datetime, series: EventSeries | None = None,
                 **fields: Any) -> Event:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The end must be after the start.")})
    event = Event(created_by=by, starts_at=starts_at, ends_at=ends_at, series=series,
                  **{k: v for k, v in fields.items() if k in EVENT_FIELDS})
    event.full_clean(exclude=["created_by"])
    event.save()
    log_action(action="event.create", actor=by, obj=event, changes={"title": [None, event.title]})
    return event


@transaction.atomic
def create_series(*, by: Any, title: str, first_starts_at: dt.datetime, duration: dt.timedelta, weeks: int,
                  **fields: Any) -> EventSeries:
    """A weekly series: one event a week for ``weeks`` weeks, each with the series' details."""
    if not 1 <= weeks <= 104:
        raise ValidationError({"weeks": _("Give between 1 and 104 weeks.")})
    series = EventSeries.objects.create(title=title, created_by=by)
    for week in range(weeks):
        start = first_starts_at + dt.timedelta(weeks=week)
        create_event(by=by, title=title, starts_at=start, ends_at=start + duration, series=series, **fields)
    log_action(action="event.series", actor=by, obj=series, extra={"weeks": weeks})
    return series


def seats_taken(event: Event) -> int:
    return event.registrations.filter(status__in=Registration.HOLDS_SEAT).count()


def seats_left(event: Event) -> int | None:
    return None if event.capacity is None else max(0, event.capacity - seats_taken(event))


# --- Registration and the waiting list -------------------------------------------------------------

@transaction.atomic
def register(*, event: Event, given_names: str, surnames: str = "", phone: str = "", email: str = "",
             language: str = "es", source: str = Registration.Source.PUBLIC, by: Any = None,
             notify: bool = True) -> Registration:
    """A seat if there is one, else a place on the waiting list."""
    given_names, surnames = clean(given_names, 120), clean(surnames, 160)
    phone, email = clean(phone, 40), clean(email, 254)
    if email:
        from django.core.validators import validate_email

        validate_email(email)
    if not given_names:
        raise ValidationError({"given_names": _("Enter at least a given name.")})
    if not (phone.strip() or email.strip()) and source == Registration.Source.PUBLIC:
        raise ValidationError({"phone": _("Give a phone number or an email so we can reach you.")})
    locked = Event.objects.select_for_update().get(pk=event.pk)
    left = seats_left(locked)
    status = Registration.Status.REGISTERED if left is None or left > 0 else Registration.Status.WAITING
    reg = Registration(event=locked, given_names=given_names[:120], surnames=surnames[:160], phone=phone.strip()[:40],
                       email=email.strip()[:254], language=language if language in ("es", "en") else "es",
                       status=status, source=source)
    reg.search_text = search_text(reg.given_names, reg.surnames, reg.phone, reg.code)
    reg.save()
    log_action(action="event.register", actor=by, obj=reg,
               extra={"event": locked.pk, "status": status, "source": source})
    if notify and reg.email:
        from .notify import send_confirmation

        transaction.on_commit(lambda: _notify(send_confirmation, reg.pk))
    return reg


@transaction.atomic
def cancel(*, registration: Registration, by: Any = None, now: dt.datetime | None = None) -> Registration:
    reg = Registration.objects.select_for_update().get(pk=registration.pk)
    if reg.status in (Registration.Status.CANCELLED, Registration.Status.EXPIRED):
        return reg
    reg.status = Registration.Status.CANCELLED
    reg.offer_expires_at = None
    reg.save(update_fields=["status", "offer_expires_at"])
    log_action(action="event.cancel", actor=by, obj=reg, extra={"event": reg.event_id})
    offer_freed_seats(event=reg.event, now=now or timezone.now())
    return reg


def offer_freed_seats(*, event: Event, now: dt.datetime) -> list[Registration]:
    """Offer each free seat to the next person waiting, in turn; each offer expires."""
    if event.capacity is None:
        return []
    locked = Event.objects.select_for_update().get(pk=event.pk)
    offered = []
    for _seat in range(seats_left(locked) or 0):
        nxt = locked.registrations.filter(status=Registration.Status.WAITING).order_by("created_at", "pk").first()
        if nxt is None:
            break
        nxt.status = Registration.Status.OFFERED
        nxt.offer_expires_at = now + dt.timedelta(hours=locked.offer_hours)
        nxt.save(update_fields=["status", "offer_expires_at"])
        log_action(action="event.offer", actor=None, obj=nxt, extra={"event": locked.pk})
        offered.append(nxt)
        if nxt.email:
            from .notify import send_offer

            transaction.on_commit(lambda pk=nxt.pk: _notify(send_offer, pk))
    return offered


@transaction.atomic
def accept_offer(*, registration: Registration, now: dt.datetime | None = None) -> Registration:
    reg = Registration.objects.select_for_update().get(pk=registration.pk)
    now = now or timezone.now()
    if reg.status != Registration.Status.OFFERED or (reg.offer_expires_at and reg.offer_expires_at < now):
        raise ValidationError(_("This offer is no longer open."))
    reg.status, reg.offer_expires_at = Registration.Status.REGISTERED, None
    reg.save(update_fields=["status", "offer_expires_at"])
    log_action(action="event.register", actor=None, obj=reg, extra={"event": reg.event_id, "offer": "accepted"})
    return reg


def expire_offers(*, now: dt.datetime) -> int:
    """Offers past their time expire, and their seats go to the next in line."""
    count = 0
    stale = Registration.objects.filter(status=Registration.Status.OFFERED, offer_expires_at__lt=now)
    for event_id in set(stale.values_list("event_id", flat=True)):
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=event_id)
            for reg in list(stale.filter(event=event)):
                reg.status = Registration.Status.EXPIRED
                reg.save(update_fields=["status"])
                log_action(action="event.offer_expired", actor=None, obj=reg, extra={"event": event.pk})
                count += 1
            offer_freed_seats(event=event, now=now)
    return count


# --- Check-in -------------------------------------------------------------------------------------

@dataclass
class CheckInAnswer:
    id: str
    result: str
    reason: str
    registration: int | None
    name: str
    scanned_at: dt.datetime | None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "result": self.result, "reason": self.reason, "registration": self.registration,
                "name": self.name, "scanned_at": self.scanned_at.isoformat() if self.scanned_at else None}


def _answer(ci: CheckIn) -> CheckInAnswer:
    reg = ci.registration
    return CheckInAnswer(str(ci.pk), ci.result, ci.reason, reg.pk if reg else None, reg.full_name if reg else "",
                         ci.scanned_at)


def _parse_when(value: Any, now: dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        when = value
    else:
        try:
            when = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            raise ValidationError({"scanned_at": _("Give the scan time as an ISO date and time.")}) from None
    if timezone.is_naive(when):
        when = timezone.make_aware(when, dt.UTC)
    return min(when, now)  # a phone's clock ahead of ours never puts a scan in the future


def check_in(*, event: Event, item: Mapping[str, Any], by: Any = None, device: str = "",
             now: dt.datetime | None = None) -> CheckInAnswer:
    """Record one scan from the door. ``item``: ``id`` (the phone's UUID for this scan),
    ``scanned_at``, and ``registration`` (id), ``code`` (the ticket) or ``walk_in`` (name, phone).

    Idempotent by ``id``: the same scan sent twice is answered the same and counted once. Two
    scans of one person (two phones) keep the earliest as the one that counts.
    """
    now = now or timezone.now()
    try:
        scan_id = uuid.UUID(str(item.get("id")))
    except ValueError:
        raise ValidationError({"id": _("Each check-in needs its own id (a UUID).")}) from None
    known = CheckIn.objects.select_related("registration").filter(pk=scan_id).first()
    if known is not None:
        return _answer(known)
    scanned_at = _parse_when(item.get("scanned_at") or now, now)
    try:
        with transaction.atomic():
            locked = Event.objects.select_for_update().get(pk=event.pk)
            reg, refusal = _find_registration(locked, item, by=by, now=now)
            ci = CheckIn(pk=scan_id, event=locked, registration=reg, scanned_at=scanned_at, device=clean(device, 64),
                         by=by)
            if refusal:
                ci.result, ci.reason = CheckIn.Result.REFUSED, refusal
            else:
                assert reg is not None
                first = reg.checkins.filter(result=CheckIn.Result.COUNTED).first()
                if first is None or scanned_at < first.scanned_at:
                    if first is not None:
                        CheckIn.objects.filter(pk=first.pk).update(result=CheckIn.Result.REPEAT,
                                                                   reason=_("Already checked in"))
                    ci.result = CheckIn.Result.COUNTED
                    Registration.objects.filter(pk=reg.pk).update(checked_in_at=scanned_at)
                else:
                    ci.result, ci.reason = CheckIn.Result.REPEAT, _("Already checked in")
            ci.save(force_insert=True)
            log_action(action="event.checkin", actor=by, obj=locked,
                       extra={"checkin": str(scan_id), "registration": reg.pk if reg else None, "result": ci.result})
    except IntegrityError:  # the same scan arriving twice at once: the first one stands
        ci = CheckIn.objects.select_related("registration").get(pk=scan_id)
    return _answer(ci)


def _find_registration(event: Event, item: Mapping[str, Any], *, by: Any,
                       now: dt.datetime) -> tuple[Registration | None, str]:
    walk_in = item.get("walk_in")
    if walk_in is not None and not isinstance(walk_in, Mapping):
        return None, _("A walk-in needs at least a given name.")
    if walk_in:
        given = clean(walk_in.get("given_names"), 120)
        if not given:
            return None, _("A walk-in needs at least a given name.")
        left = seats_left(event)
        if left is not None and left <= 0:
            return None, _("The event is full.")
        reg = Registration(event=event, given_names=given, surnames=clean(walk_in.get("surnames"), 160),
                           phone=clean(walk_in.get("phone"), 40), source=Registration.Source.WALK_IN,
                           status=Registration.Status.REGISTERED)
        reg.search_text = search_text(reg.given_names, reg.surnames, reg.phone, reg.code)
        reg.save()
        log_action(action="event.register", actor=by, obj=reg, extra={"event": event.pk, "source": "walk_in"})
        return reg, ""
    qs = event.registrations.all()
    reg = None
    wanted = str(item.get("registration") or "")
    if wanted:
        reg = qs.filter(pk=int(wanted)).first() if wanted.isdigit() and 0 < int(wanted) < 2**63 else None
    elif item.get("code"):
        reg = qs.filter(code=clean(item["code"], 16).upper()).first()
    if reg is None:
        return None, _("No ticket with this code for this event.")
    if reg.status == Registration.Status.WAITING:
        return reg, _("On the waiting list, without a seat yet.")
    if reg.status in (Registration.Status.CANCELLED, Registration.Status.EXPIRED):
        return reg, _("This registration was cancelled.")
    return reg, ""


def bulk_check_in(*, event: Event, registrations: Iterable[Registration], at: dt.datetime, by: Any) -> int:
    """After an event run on paper: the ticked names, each checked in at ``at``."""
    counted = 0
    for reg in registrations:
        answer = check_in(event=event, item={"id": str(uuid.uuid4()), "registration": reg.pk,
                                             "scanned_at": at.isoformat()}, by=by, device="paper")
        counted += answer.result == CheckIn.Result.COUNTED
    log_action(action="event.bulk_checkin", actor=by, obj=event, extra={"counted": counted})
    return counted


def counts(event: Event) -> dict[str, Any]:
    regs = event.registrations.all()
    return {
        "registered": regs.filter(status__in=Registration.HOLDS_SEAT).count(),
        "waiting": regs.filter(status=Registration.Status.WAITING).count(),
        "checked_in": regs.exclude(checked_in_at=None).count(),
        "capacity": event.capacity,
    }


def search_registrations(event: Event | int, query: str, limit: int = 20,
                         registrations: QuerySet[Registration] | None = None) -> list[Registration]:
    """Names (any order, without accents), phone digits or the ticket code, for the door.

    One query, reading only what the door's list shows. ``registrations`` narrows the search
    (the caller's permission filter); without it, the event's registrations."""
    terms = normalize(query).split()
    if not terms:
        return []
    event_id = event if isinstance(event, int) else event.pk
    qs = registrations if registrations is not None else Registration.objects.all()
    qs = qs.filter(event_id=event_id).exclude(status__in=(Registration.Status.CANCELLED,
                                                          Registration.Status.EXPIRED))
    cond = Q()
    for term in terms[:4]:
        cond &= Q(search_text__contains=term)
    return list(qs.filter(cond).only("pk", "given_names", "surnames", "phone", "status", "checked_in_at")
                .order_by("given_names", "surnames", "pk")[:limit])
