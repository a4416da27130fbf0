"""Periodic work of outreach: waiting-list offers that were not taken in time."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from amparo.core.scheduler import Outcome


def expire_offers(run: Any) -> Outcome:
    from . import services

    expired = services.expire_offers(now=run.now)
    return Outcome(gettext_noop("%(count)s offer(s) expired"), {"count": expired})
