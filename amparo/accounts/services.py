"""Writes to accounts: users, language, two-factor devices and API tokens. Each is audited."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user
from django_otp import verify_token as otp_verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from amparo.core.audit import diff, log_action, snapshot
from amparo.core.i18n import normalize

from .models import APIToken, Office, User

TOKEN_PREFIX = "amp_"
BACKUP_CODE_COUNT = 10
_USER_AUDITED = ["email", "full_name", "role", "is_supervisor", "language", "is_active"]


@transaction.atomic
def create_user(
    *,
    email: str,
    full_name: str,
    role: str,
    password: str | None,
    by: User | None,
    offices: Iterable[Office] = (),
    language: str = "en",
    is_supervisor: bool = False,
) -> User:
    user = User.objects.create_user(
        email, password, full_name=full_name, role=role, language=normalize(language),
        is_supervisor=is_supervisor,
    )
    user.offices.set(list(offices))
    log_action(action="user.create", actor=by, obj=user, changes=diff({}, snapshot(user, _USER_AUDITED)))
    return user


@transaction.atomic
def update_user(*, user: User, by: User | None, **fields: Any) -> User:
    unknown = set(fields) - set(_USER_AUDITED)
    if unknown:
        raise ValueError(f"Cannot update {sorted(unknown)}")
    before = snapshot(user, _USER_AUDITED)
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    user.save(update_fields=list(fields))
    changes = diff(before, snapshot(user, _USER_AUDITED))
    if changes:
        log_action(action="user.update", actor=by, obj=user, changes=changes)
    return user


def set_language(*, user: User, language: str) -> User:
    """Remember the language a user chose in the switcher."""
    return update_user(user=user, by=user, language=normalize(language))


# --- Two-factor sign-in ----------------------------------------------------------------------


def has_confirmed_device(user: User) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def pending_totp_device(*, user: User) -> TOTPDevice:
    """The not-yet-confirmed authenticator of ``user``, created on first call."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


@transaction.atomic
def confirm_totp_device(*, user: User, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm ``device`` with a code from the app; returns fresh backup codes, or None if wrong."""
    if device.user_id != user.pk or device.confirmed:
        return None
    if not device.verify_token(_digits(token)):
        log_action(action="2fa.enroll_failed", actor=user, obj=user)
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_backup_codes(user)
    log_action(action="2fa.enrolled", actor=user, obj=user)
    return codes


def verify_second_factor(*, user: User, token: str) -> Any:
    """The device that accepts ``token`` (an authenticator code or a backup code), or None."""
    cleaned = token.strip().replace(" ", "").lower()
    for device in devices_for_user(user, confirmed=True):
        candidate = _digits(cleaned) if isinstance(device, TOTPDevice) else cleaned
        verified = otp_verify_token(user, device.persistent_id, candidate)
        if verified is not None:
            used_backup = isinstance(verified, StaticDevice)
            log_action(action="2fa.verified", actor=user, obj=user, extra={"backup_code": used_backup})
            return verified
    log_action(action="2fa.failed", actor=user, obj=user)
    return None


def second_factor_wait(user: User, device: Any = None) -> int:
    """Seconds before another code will be checked, after repeated wrong codes.

    The first pauses (1, 2 seconds) are shorter than anyone takes to type a code, so they
    count as 0: the person is told the code was wrong, not asked to wait.
    """
    candidates = [device] if device is not None else list(devices_for_user(user, confirmed=True))
    wait = 0
    for candidate in candidates:
        allowed, data = candidate.verify_is_allowed()
        if not allowed and data and data.get("locked_until"):
            wait = max(wait, int((data["locked_until"] - timezone.now()).total_seconds()) + 1)
    return wait if wait > 3 else 0


@transaction.atomic
def regenerate_backup_codes(*, user: User) -> list[str]:
    codes = _new_backup_codes(user)
    log_action(action="2fa.backup_codes_regenerated", actor=user, obj=user)
    return codes


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _new_backup_codes(user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="backup", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _digits(token: str) -> str:
    return "".join(ch for ch in token if ch.isdigit())


# --- API tokens ------------------------------------------------------------------------------


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_api_token(*, user: User, name: str, days: int | None = None) -> tuple[APIToken, str]:
    """A new token for ``user``; the raw value is returned once and never stored."""
    days = settings.AMPARO_API_TOKEN_DAYS if days is None else days
    prefix = secrets.token_hex(4)
    while APIToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    raw = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = APIToken.objects.create(
        user=user,
        name=name.strip()[:100],
        prefix=prefix,
        token_hash=_hash(raw),
        expires_at=timezone.now() + timedelta(days=days) if days else None,
    )
    log_action(action="api_token.create", actor=user, obj=token, extra={"expires_at": str(token.expires_at)})
    return token, raw


@transaction.atomic
def revoke_api_token(*, token: APIToken, by: User) -> APIToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log_action(action="api_token.revoke", actor=by, obj=token)
    return token


def user_for_token(raw: str) -> User | None:
    """The active user behind a raw token, or None for a wrong, expired or revoked one."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    prefix = raw[len(TOKEN_PREFIX):].split("_", 1)[0]
    token = APIToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not token.active or not token.user.is_active:
        return None
    if not secrets.compare_digest(token.token_hash, _hash(raw)):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        APIToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
