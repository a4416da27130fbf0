"""``Idempotency-Key`` for money-moving API calls: a request retried never moves money twice.

An endpoint wraps its work::

    @router.post("/loans/{loan_id}/repayments", response=responses({201: RepaymentOut}, 404, 409, 422))
    def repay(request, loan_id: int, payload: RepaymentIn):
        return idempotent(request, scope=f"loans.repayment:{loan_id}",
                          run=lambda: (201, services.repay(...).as_dict()))

- No ``Idempotency-Key`` header: ``run()`` is called, nothing is kept.
- The first request with a key writes a row (its own committed transaction, so a concurrent
  duplicate can see it), runs, and stores the answer (status and body) on that row.
- A repeat with the same key and the same request (method, path, body) gets the stored answer,
  whatever happened since; the work is not done again.
- A duplicate arriving while the first is still at work gets 409 ("still being processed"),
  never a second posting. A first request that died half-way (its row older than
  ``AMPARO_IDEMPOTENCY_STALE_SECONDS`` without an answer) may be taken over by one retry.
- The same key with a different request (another body, path or scope) gets 422.
- If ``run()`` raises, the row is removed so that the client can retry with the same key.

Keys are per user (two users never share an answer) and kept ``AMPARO_IDEMPOTENCY_DAYS``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import IdempotencyKey

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255

Answer = tuple[int, Any]


def _error(detail: str, field: str | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": {field: [detail]} if field else {}}


def fingerprint(request: HttpRequest, scope: str) -> str:
    digest = hashlib.sha256(f"{request.method} {request.path}\n{scope}\n".encode())
    digest.update(request.body or b"")
    return digest.hexdigest()


def idempotent(request: HttpRequest, *, scope: str, run: Callable[[], Answer]) -> Answer:
    """``run()``'s answer, once per (user, Idempotency-Key); see the module's text."""
    key = request.headers.get(HEADER)
    if key is None:
        return run()
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        return 422, _error(_("The Idempotency-Key header must be between 1 and 255 characters."),
                           HEADER)
    user = request.user
    print_ = fingerprint(request, scope)
    now = timezone.now()
    record = _claim(user=user, key=key, scope=scope, print_=print_, now=now)
    if not isinstance(record, IdempotencyKey):
        return record
    try:
        status, body = run()
    except BaseException:
        IdempotencyKey.objects.filter(pk=record.pk, completed_at__isnull=True).delete()
        raise
    stored = IdempotencyKey.objects.filter(pk=record.pk)
    stored.update(status_code=status, response=body, completed_at=timezone.now())
    return status, body


def _claim(*, user: Any, key: str, scope: str, print_: str, now: dt.datetime) -> IdempotencyKey | Answer:
    """The row this request now owns, or the answer to give instead (stored, 409 or 422)."""
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(user=user, key=key, scope=scope, fingerprint=print_,
                                                 created_at=now)
    except IntegrityError:
        pass
    existing = IdempotencyKey.objects.filter(user=user, key=key).first()
    if existing is None:  # the first request failed and let go of the key meanwhile: start again
        return _claim(user=user, key=key, scope=scope, print_=print_, now=now)
    if existing.fingerprint != print_:
        return 422, _error(_("This Idempotency-Key was already used for a different request. "
                             "Use a new key for a new request."), HEADER)
    if existing.completed_at is not None:
        return existing.status_code or 200, existing.response
    stale = now - dt.timedelta(seconds=settings.AMPARO_IDEMPOTENCY_STALE_SECONDS)
    if existing.created_at < stale:
        # The first request died half-way; one retry takes the key over (the update is the claim).
        taken = IdempotencyKey.objects.filter(pk=existing.pk, created_at=existing.created_at,
                                              completed_at__isnull=True).update(created_at=now)
        if taken:
            existing.created_at = now
            return existing
    return 409, _error(_("A request with this Idempotency-Key is still being processed. "
                         "Wait a moment and send it again with the same key to get its answer."))


def prune(*, now: dt.datetime) -> int:
    """Forget keys older than AMPARO_IDEMPOTENCY_DAYS; returns how many."""
    cutoff = now - dt.timedelta(days=settings.AMPARO_IDEMPOTENCY_DAYS)
    deleted, _detail = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
