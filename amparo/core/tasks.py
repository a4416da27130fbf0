"""Background tasks of core. Tasks take primary keys and JSON, and can run again safely."""

from __future__ import annotations

import csv
import json
import logging
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from . import services
from .models import TaskProgress
from .selectors import audit_entries, parse_filters

log = logging.getLogger(__name__)
CHUNK = 500
AUDIT_COLUMNS = ["at", "actor", "action", "object_type", "object_id", "object", "changes", "details",
                 "ip_address", "user_agent", "request_id"]


@task()
def export_audit_csv(progress_id: str, filters: dict[str, Any]) -> str:
    progress = TaskProgress.objects.select_related("owner").get(pk=progress_id)
    if progress.status == TaskProgress.Status.SUCCEEDED:
        return progress.result_file  # already done: running twice changes nothing
    try:
        # The export is read with the permissions of whoever asked for it.
        entries = audit_entries(progress.owner, parse_filters(filters)).order_by("at", "id")
        progress = services.progress_running(progress_id, total=entries.count())
        path = services.results_path(progress, ".csv")
        tz = timezone.get_default_timezone()
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(AUDIT_COLUMNS)
            written = 0
            for entry in entries.iterator(chunk_size=CHUNK):
                writer.writerow([
                    entry.at.astimezone(tz).isoformat(), entry.actor_label, entry.action, entry.object_type,
                    entry.object_id, entry.object_label, json.dumps(entry.changes, ensure_ascii=False),
                    json.dumps(entry.extra, ensure_ascii=False), entry.ip_address or "", entry.user_agent,
                    entry.request_id,
                ])
                written += 1
                if written % CHUNK == 0:
                    services.progress_advance(progress_id, CHUNK)
        path.chmod(0o600)
        services.progress_advance(progress_id, written % CHUNK)
        relative = str(path.relative_to(settings.MEDIA_ROOT))
        stamp = timezone.localtime().strftime("%Y-%m-%d")
        services.progress_finish(progress_id, result_file=relative, result_name=f"audit-{stamp}.csv")
        return relative
    except Exception as exc:
        log.exception("Audit export %s failed", progress_id)
        services.progress_fail(progress_id, message=type(exc).__name__)
        raise
