"""The periodic jobs page: each job's last run, result, duration and next run; worker health."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import ngettext

from . import scheduler
from .models import WorkerHeartbeat
from .permissions import require


def worker_health(*, now: dt.datetime) -> dict[str, Any]:
    stale_after = dt.timedelta(seconds=settings.AMPARO_WORKER_STALE_SECONDS)
    workers = list(WorkerHeartbeat.objects.order_by("-last_beat")[:20])
    for worker in workers:
        worker.responding = now - worker.last_beat <= stale_after  # type: ignore[attr-defined]
    last_beat = workers[0].last_beat if workers else None
    return {
        "workers": workers,
        "last_beat_ago": _ago(now - last_beat, now) if last_beat else "",
        "responding": sum(1 for w in workers if w.responding),  # type: ignore[attr-defined]
        "stale_minutes": max(1, settings.AMPARO_WORKER_STALE_SECONDS // 60),
    }


def _ago(delta: dt.timedelta, now: dt.datetime) -> str:
    seconds = max(0, int(delta.total_seconds()))
    if seconds < 60:
        return ngettext("%(count)s second", "%(count)s seconds", seconds) % {"count": seconds}
    return timesince(now - delta, now)


def jobs(request: HttpRequest) -> HttpResponse:
    require(request.user, "jobs.view")
    now = timezone.now()
    context = {"rows": scheduler.status(now=now), "now": now, **worker_health(now=now)}
    return render(request, "core/jobs.html", context)
