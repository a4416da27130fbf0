"""Sign-in by one-time code: request, send, check. No passwords; nothing about the case in the message.

- A code is six digits, kept only as a keyed hash (HMAC-SHA256 with the secret key and the code's
  row), expires after ``AMPARO_PORTAL_CODE_MINUTES`` and is used once.
- ``AMPARO_PORTAL_CODE_ATTEMPTS`` wrong tries in a row kill the person's codes and lock their
  sign-in for ``AMPARO_PORTAL_LOCK_MINUTES`` (no new code is sent, no code is accepted meanwhile).
- Per person, at most ``AMPARO_PORTAL_CODES_PER_PERSON`` codes per window; per network address, at
  most ``AMPARO_PORTAL_REQUESTS_PER_ADDRESS`` requests per window, known addresses or not.
- A code goes only through a channel the person's "do not contact except by" allows: email, or a
  text message to a phone that agreed to texts. "In person only": staff hand the code over.
- The answer to a request never says whether the address is known (no one learns who is a client).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amparo.core.audit import log_action
from amparo.core.i18n import language as in_language
from amparo.people.matching import normalize_phone
from amparo.people.models import ContactPoint, Person

from . import sms
from .models import ContactBy, PortalAccess, SignInCode, SignInRequest


def _hash(value: str, salt: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"portal:{salt}:{value}".encode(), hashlib.sha256).hexdigest()


def destination_hash(address: str) -> str:
    return _hash(normalize_address(address)[1], "destination")


def normalize_address(address: str) -> tuple[str, str]:
    """(kind, normalized) of what a person typed: an email address or a phone number."""
    text = (address or "").strip()
    if "@" in text:
        return ContactPoint.Kind.EMAIL, text.lower()
    return ContactPoint.Kind.PHONE, normalize_phone(text)


def _code_hash(code: SignInCode, digits: str) -> str:
    return _hash(digits, f"code:{code.pk}:{code.person_id}:{code.created_at.isoformat()}")


def code_text(person: Person, digits: str) -> tuple[str, str]:
    """(subject, text) of the code message in the person's language: neutral, configurable."""
    minutes = settings.AMPARO_PORTAL_CODE_MINUTES
    with in_language(person.preferred_language) as lang:
        custom = settings.AMPARO_PORTAL_CODE_TEXT.get(lang)
        text = custom.format(code=digits, minutes=minutes) if custom else _(
            "Your code is %(code)s. It is valid for %(minutes)s minutes. If you did not ask for it, ignore this "
            "message.") % {"code": digits, "minutes": minutes}
        return _("Your code"), text


def notice_text(person: Person) -> tuple[str, str]:
    with in_language(person.preferred_language) as lang:
        custom = settings.AMPARO_PORTAL_NOTICE_TEXT.get(lang)
        return _("New message"), custom or _("You have a new message.")


@dataclass
class Outcome:
    person_id: int | None  # whose codes to check next (None: no one; the page looks the same)
    reason: str  # sent, unknown, limited_address, limited_person, locked, no_channel


def _window_start(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(minutes=settings.AMPARO_PORTAL_RATE_WINDOW_MINUTES)


def _new_code(person: Person, channel: str, now: dt.datetime) -> tuple[SignInCode, str]:
    digits = f"{secrets.randbelow(1_000_000):06d}"
    code = SignInCode.objects.create(person=person, channel=channel, code_hash="", created_at=now,
                                     expires_at=now + dt.timedelta(minutes=settings.AMPARO_PORTAL_CODE_MINUTES))
    code.code_hash = _code_hash(code, digits)
    code.save(update_fields=["code_hash"])
    return code, digits


def find_person(address: str) -> tuple[Person | None, ContactPoint | None]:
    kind, normalized = normalize_address(address)
    if not normalized:
        return None, None
    contact = (ContactPoint.objects.filter(kind=kind, normalized=normalized, person__portal_access__active=True)
               .select_related("person", "person__portal_access").order_by("-is_primary", "id").first())
    if contact is None:
        return None, None
    return contact.person, contact


def request_code(*, address: str, ip: str | None, now: dt.datetime | None = None) -> Outcome:
    """Send a code to ``address`` if it is a portal client's and every limit allows it."""
    now = now or timezone.now()
    dest = destination_hash(address)
    since = _window_start(now)
    with transaction.atomic():
        person, contact = find_person(address)
        row = SignInRequest.objects.create(at=now, ip=ip, destination_hash=dest, person=person)
        if ip and SignInRequest.objects.filter(ip=ip, at__gte=since).count() > \
                settings.AMPARO_PORTAL_REQUESTS_PER_ADDRESS:
            log_action(action="portal.code.limited", obj=person, extra={"limit": "address"})
            return Outcome(None, "limited_address")
        if person is None or contact is None:
            return Outcome(None, "unknown")
        # One request per person at a time: the per-person count below cannot be overtaken.
        access: PortalAccess = PortalAccess.objects.select_for_update().get(person=person)
        if access.locked_until and access.locked_until > now:
            log_action(action="portal.code.limited", obj=person, extra={"limit": "locked"})
            return Outcome(person.pk, "locked")
        channel = contact.kind
        if not access.allows(channel) or (channel == ContactPoint.Kind.PHONE and not contact.texts_ok):
            log_action(action="portal.code.limited", obj=person, extra={"limit": "channel", "channel": channel})
            return Outcome(person.pk, "no_channel")  # a code given at the desk still works
        recent = SignInCode.objects.filter(person=person, created_at__gte=since).exclude(channel=ContactBy.IN_PERSON)
        if recent.count() >= settings.AMPARO_PORTAL_CODES_PER_PERSON:
            log_action(action="portal.code.limited", obj=person, extra={"limit": "person"})
            return Outcome(person.pk, "limited_person")  # the codes already sent still work
        code, digits = _new_code(person, channel, now)
        row.sent = True
        row.save(update_fields=["sent"])
        log_action(action="portal.code.sent", obj=person, extra={"channel": channel})
    subject, text = code_text(person, digits)
    if channel == ContactPoint.Kind.EMAIL:
        send_mail(subject, text, settings.AMPARO_PORTAL_FROM_EMAIL, [contact.value])
    else:
        sms.send_sms(contact.value, text)
    return Outcome(person.pk, "sent")


@transaction.atomic
def issue_code_in_person(*, person: Person, by: Any, now: dt.datetime | None = None) -> str:
    """A code staff read out to the client at the desk (for "in person only" and for the demo)."""
    now = now or timezone.now()
    access, _created = PortalAccess.objects.get_or_create(person=person)
    if access.locked_until or access.failed_attempts:
        access.locked_until, access.failed_attempts = None, 0
        access.save(update_fields=["locked_until", "failed_attempts", "updated_at"])
    _code, digits = _new_code(person, ContactBy.IN_PERSON, now)
    log_action(action="portal.code.in_person", actor=by, obj=person)
    return digits


@dataclass
class Check:
    person: Person | None
    reason: str  # ok, wrong, locked, missing


def live_codes(person: Person, now: dt.datetime) -> Any:
    return SignInCode.objects.filter(person=person, used_at__isnull=True, locked_at__isnull=True, expires_at__gt=now)


def check_code(*, person_id: int | None, digits: str, now: dt.datetime | None = None) -> Check:
    """Is ``digits`` one of the person's live codes? A right code is used up (and every other one
    dies); ``AMPARO_PORTAL_CODE_ATTEMPTS`` wrong tries in a row lock the person's sign-in."""
    now = now or timezone.now()
    digits = "".join(ch for ch in (digits or "") if ch.isdigit())
    if not person_id:
        return Check(None, "missing")
    with transaction.atomic():
        access = PortalAccess.objects.select_for_update().filter(person_id=person_id, active=True) \
            .select_related("person").first()
        if access is None:
            return Check(None, "missing")
        person = access.person
        if access.locked_until and access.locked_until > now:
            log_action(action="portal.code.failed", obj=person, extra={"reason": "locked"})
            return Check(None, "locked")
        for code in live_codes(person, now).order_by("-created_at")[:10]:
            if len(digits) == 6 and hmac.compare_digest(code.code_hash, _code_hash(code, digits)):
                code.used_at = now
                code.save(update_fields=["used_at"])
                live_codes(person, now).exclude(pk=code.pk).update(locked_at=now)
                access.failed_attempts, access.locked_until = 0, None
                access.save(update_fields=["failed_attempts", "locked_until", "updated_at"])
                log_action(action="portal.signin", obj=person, extra={"channel": code.channel})
                return Check(person, "ok")
        access.failed_attempts += 1
        if access.failed_attempts >= settings.AMPARO_PORTAL_CODE_ATTEMPTS:
            access.locked_until = now + dt.timedelta(minutes=settings.AMPARO_PORTAL_LOCK_MINUTES)
            access.failed_attempts = 0
            live_codes(person, now).update(locked_at=now)
            log_action(action="portal.code.locked", obj=person,
                       extra={"attempts": settings.AMPARO_PORTAL_CODE_ATTEMPTS})
            reason = "locked"
        else:
            log_action(action="portal.code.failed", obj=person, extra={"reason": "wrong",
                                                                       "attempts": access.failed_attempts})
            reason = "wrong"
        access.save(update_fields=["failed_attempts", "locked_until", "updated_at"])
        return Check(None, reason)
