"""Writes of core: starting and reporting long tasks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .audit import log_action
from .models import TaskProgress
from .selectors import AuditFilters, serialize_filters

RESULTS_DIR = "results"


def results_path(progress: TaskProgress, suffix: str) -> Path:
    folder = Path(settings.MEDIA_ROOT) / RESULTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{progress.pk}{suffix}"


@transaction.atomic
def start_audit_export(*, by: Any, filters: AuditFilters) -> TaskProgress:
    """Queue a CSV export of the audit trail; the file is for ``by`` alone."""
    from .tasks import export_audit_csv

    progress = TaskProgress.objects.create(owner=by, kind="audit.export", label="audit.csv")
    log_action(action="audit.export", actor=by, obj=progress, extra={"filters": serialize_filters(filters)})
    payload = serialize_filters(filters)
    transaction.on_commit(lambda: export_audit_csv.enqueue(str(progress.pk), payload))
    return progress


def progress_running(progress_id: str, *, total: int | None) -> TaskProgress:
    TaskProgress.objects.filter(pk=progress_id).update(
        status=TaskProgress.Status.RUNNING, total=total, done=0, updated_at=timezone.now()
    )
    return TaskProgress.objects.get(pk=progress_id)


def progress_advance(progress_id: str, step: int) -> None:
    TaskProgress.objects.filter(pk=progress_id).update(done=F("done") + step, updated_at=timezone.now())


def progress_finish(progress_id: str, *, result_file: str = "", result_name: str = "", message: str = "") -> None:
    now = timezone.now()
    TaskProgress.objects.filter(pk=progress_id).update(
        status=TaskProgress.Status.SUCCEEDED, result_file=result_file, result_name=result_name,
        message=message, finished_at=now, updated_at=now,
    )


def progress_fail(progress_id: str, *, message: str) -> None:
    now = timezone.now()
    TaskProgress.objects.filter(pk=progress_id).update(
        status=TaskProgress.Status.FAILED, message=message[:500], finished_at=now, updated_at=now
    )
