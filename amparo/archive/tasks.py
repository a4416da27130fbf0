"""Background tasks of the archive: CSV imports with progress and a row-by-row error report."""

from __future__ import annotations

import csv
import logging
from pathlib import Path

from django.conf import settings
from django_tasks import task

from amparo.core import services as core_services
from amparo.core.models import TaskProgress

from . import services

log = logging.getLogger(__name__)


@task()
def import_csv_task(progress_id: str, kind: str) -> str:
    progress = TaskProgress.objects.select_related("owner").get(pk=progress_id)
    if progress.status == TaskProgress.Status.SUCCEEDED:
        return progress.result_file  # already done
    try:
        path = Path(settings.MEDIA_ROOT) / "archive" / "imports" / f"{progress_id}.csv"
        data = path.read_bytes()
        core_services.progress_running(progress_id, total=max(0, data.count(b"\n") - 1) or None)
        report = services.import_csv(by=progress.owner, kind=kind, data=data,
                                     progress=lambda n: core_services.progress_advance(progress_id, 1))
        out = core_services.results_path(progress, ".csv")
        with out.open("w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            writer.writerow(["line", "reason"])
            for error in report.errors:
                writer.writerow([error.line, error.reason])
        out.chmod(0o600)
        relative = str(out.relative_to(settings.MEDIA_ROOT))
        message = f"{report.saved} saved, {len(report.errors)} rejected"
        core_services.progress_finish(progress_id, result_file=relative, result_name=f"import-{kind}-errors.csv",
                                      message=message)
        return relative
    except Exception as exc:
        log.exception("Archive CSV import %s failed", progress_id)
        core_services.progress_fail(progress_id, message=type(exc).__name__)
        raise
