"""Lock-out after failed sign-ins: per account, and per address only at a much higher count.

django-axes compares one count with one limit (the highest count over its lock-out parameters).
An office whose desks share one public address must not be locked out because one person
mistyped a password five times, so the two counts have two limits here:

* an account is locked after ``AMPARO_LOGIN_FAILURE_LIMIT`` failures (default 5), from any address;
* an address is locked after ``AMPARO_LOGIN_ADDRESS_FAILURE_LIMIT`` failures (default 50), across
  every account tried from it (password spraying).

Both count failures within the cool-off time (``AMPARO_LOGIN_COOLOFF_MINUTES``). axes stores each
failure by account and address as usual (``AXES_LOCKOUT_PARAMETERS = ["username"]``, so a
successful sign-in clears that account's failures only); this handler adds the address's count.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def username(request: Any, credentials: dict[str, Any] | None = None) -> str | None:
    """The account an attempt is for: the email as the sign-in reads it (any case, spaces trimmed)."""
    data = credentials if credentials else getattr(request, "POST", {})
    value = (data or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    return value.strip().lower() if isinstance(value, str) else value


class LockoutHandler(AxesDatabaseHandler):
    def address_failures(self, request: Any) -> int:
        address = getattr(request, "axes_ip_address", None)
        if not address:
            return 0
        attempts = AccessAttempt.objects.filter(ip_address=address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        """The account's failures; once the address reaches its own limit, at least the account limit."""
        failures = super().get_failures(request, credentials)
        if self.address_failures(request) >= settings.AMPARO_LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures
