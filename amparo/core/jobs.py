"""Core's periodic jobs: expire the result files of finished tasks, prune old job history."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_noop

from . import idempotency
from .audit import log_action
from .models import JobRun, TaskProgress, WorkerHeartbeat
from .scheduler import JobContext, Outcome

log = logging.getLogger(__name__)


def expire_result_files(*, now: dt.datetime, hours: int | None = None) -> int:
    """Delete result files (exports, reports, packets) older than the retention period.

    Each file is deleted and its task marked in one transaction with one audit entry, so a
    later download says the file has expired instead of failing. Returns the files expired.
    """
    hours = settings.AMPARO_EXPORT_RETENTION_HOURS if hours is None else hours
    cutoff = now - dt.timedelta(hours=hours)
    root = Path(settings.MEDIA_ROOT).resolve()
    due = TaskProgress.objects.filter(
        result_expired_at__isnull=True, finished_at__lt=cutoff
    ).exclude(result_file="").values_list("pk", flat=True)
    expired = 0
    for pk in list(due):
        with transaction.atomic():
            progress = TaskProgress.objects.select_for_update().get(pk=pk)
            if progress.result_expired_at is not None:
                continue  # another run got there first
            path = (root / progress.result_file).resolve()
            if root in path.parents:
                path.unlink(missing_ok=True)
            else:
                log.warning("Result file of task %s is outside the files folder; not deleted", pk)
            TaskProgress.objects.filter(pk=pk).update(result_expired_at=now)
            log_action(action="task.result_expired", obj=progress,
                       extra={"kind": progress.kind, "finished_at": progress.finished_at.isoformat(),
                              "retention_hours": hours})
            expired += 1
    return expired


def expire_result_files_job(run: JobContext) -> Outcome:
    count = expire_result_files(now=run.now)
    return Outcome(gettext_noop("%(count)s file(s) deleted"), {"count": count})


def prune_history(*, now: dt.datetime) -> tuple[int, int, int]:
    """Forget job runs older than AMPARO_JOB_HISTORY_DAYS, workers silent for as long, and
    Idempotency-Key answers older than AMPARO_IDEMPOTENCY_DAYS."""
    cutoff = now - dt.timedelta(days=settings.AMPARO_JOB_HISTORY_DAYS)
    runs, _detail = JobRun.objects.filter(period__lt=cutoff).delete()
    workers, _detail = WorkerHeartbeat.objects.filter(last_beat__lt=cutoff).delete()
    return runs, workers, idempotency.prune(now=now)


def prune_history_job(run: JobContext) -> Outcome:
    runs, workers, keys = prune_history(now=run.now)
    return Outcome(gettext_noop("%(runs)s run(s), %(workers)s worker(s) and %(keys)s idempotency key(s) forgotten"),
                   {"runs": runs, "workers": workers, "keys": keys})
