"""Encryption at rest for sensitive fields (A-numbers, SSN/ITIN, declarations).

    a_number = EncryptedTextField(blank=True)          # stored encrypted (Fernet: AES + HMAC)
    a_number_hash = models.CharField(max_length=64, db_index=True, blank=True)
    ...
    person.a_number_hash = lookup_hash(normalize_a_number(raw))   # exact lookups without decrypting

Keys come from ``AMPARO_FIELD_KEYS`` (comma-separated Fernet keys; the first encrypts, all
decrypt, so keys can be rotated), or outside production from ``var/field_keys``, generated on
first use. The lookup-hash key is derived from the first key with HKDF, so rotating the
encryption key means recomputing hashes (``rotate`` in the app's own command).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "enc1:"


@lru_cache(maxsize=1)
def _keys() -> tuple[bytes, ...]:
    raw = getattr(settings, "AMPARO_FIELD_KEYS", "") or ""
    if not raw:
        if settings.PRODUCTION:
            raise ImproperlyConfigured("AMPARO_FIELD_KEYS must be set in production")
        path = settings.VAR_DIR / "field_keys"
        if not path.exists():
            path.write_text(Fernet.generate_key().decode())
            path.chmod(0o600)
        raw = path.read_text().strip()
    keys = tuple(k.strip().encode() for k in raw.split(",") if k.strip())
    if not keys:
        raise ImproperlyConfigured("AMPARO_FIELD_KEYS holds no key")
    return keys


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(k) for k in _keys()])


@lru_cache(maxsize=1)
def _lookup_key() -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"amparo lookup hash")
    return hkdf.derive(base64.urlsafe_b64decode(_keys()[0]))


def encrypt(value: str) -> str:
    return PREFIX + _fernet().encrypt(value.encode()).decode()


def decrypt(value: str) -> str:
    if not value.startswith(PREFIX):
        raise ValueError("not an encrypted value")
    try:
        return _fernet().decrypt(value[len(PREFIX):].encode()).decode()
    except InvalidToken as exc:
        raise ValueError("cannot decrypt: wrong key or damaged value") from exc


def lookup_hash(value: str) -> str:
    """Keyed hash of an already normalized value, for exact lookups; '' for an empty value."""
    if not value:
        return ""
    return hmac.new(_lookup_key(), value.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """Text stored encrypted; reads give back the plain text. Not searchable: pair it with a
    ``lookup_hash`` column for exact matches."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return decrypt(value)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith(PREFIX):
            return decrypt(value)
        return value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))
