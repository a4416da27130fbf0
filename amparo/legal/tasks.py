"""Background work of legal cases. Tasks take primary keys and JSON, and can run again safely."""

from __future__ import annotations

import csv
import logging
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from amparo.core import services as core_services
from amparo.core.models import TaskProgress

from . import selectors

log = logging.getLogger(__name__)
CHUNK = 1000
EXPORT_COLUMNS = ["number", "kind", "status", "forum", "client", "office", "team", "responsible", "paralegal",
                  "opened", "next_deadline", "court", "judge", "priority_date", "restricted", "outcome", "closed"]


def _safe(value: Any) -> Any:
    """Spreadsheet formula injection: a text cell never starts with = + - @."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export_rows(qs: Any) -> Any:
    for case in qs.iterator(chunk_size=CHUNK):
        yield [_safe(v) for v in (
            case.pk, case.get_kind_display(), case.get_status_display(), case.get_forum_display(),
            case.client.full_name, str(case.office), str(case.team or ""), str(case.responsible or ""),
            str(case.paralegal or ""), timezone.localtime(case.opened_at).date().isoformat(),
            case.next_due.isoformat() if case.next_due else "", case.court, case.judge,
            case.priority_date.isoformat() if case.priority_date else "", "yes" if case.restricted else "no",
            case.get_outcome_display(), timezone.localtime(case.closed_at).date().isoformat() if case.closed_at else "",
        )]


@task()
def export_cases(progress_id: str, filters: dict[str, Any], fmt: str = "csv") -> str:
    """The cases list, as filtered, for whoever asked — read with their permissions."""
    progress = TaskProgress.objects.select_related("owner").get(pk=progress_id)
    if progress.status == TaskProgress.Status.SUCCEEDED:
        return progress.result_file  # already done: running twice changes nothing
    try:
        from amparo.core.i18n import language

        qs = selectors.cases(progress.owner, filters, action="export").order_by("pk")  # type: ignore[arg-type]
        core_services.progress_running(progress_id, total=qs.count())
        path = core_services.results_path(progress, f".{fmt}")
        written = 0
        with language(progress.owner.language):
            if fmt == "xlsx":
                from openpyxl import Workbook

                book = Workbook(write_only=True)
                sheet = book.create_sheet("cases")
                sheet.append(EXPORT_COLUMNS)
                for row in export_rows(qs):
                    sheet.append(row)
                    written += 1
                    if written % CHUNK == 0:
                        core_services.progress_advance(progress_id, CHUNK)
                book.save(path)
            else:
                with path.open("w", newline="", encoding="utf-8-sig") as out:
                    writer = csv.writer(out)
                    writer.writerow(EXPORT_COLUMNS)
                    for row in export_rows(qs):
                        writer.writerow(row)
                        written += 1
                        if written % CHUNK == 0:
                            core_services.progress_advance(progress_id, CHUNK)
        path.chmod(0o600)
        core_services.progress_advance(progress_id, written % CHUNK)
        relative = str(path.relative_to(settings.MEDIA_ROOT))
        stamp = timezone.localtime().strftime("%Y-%m-%d")
        core_services.progress_finish(progress_id, result_file=relative, result_name=f"cases-{stamp}.{fmt}")
        return relative
    except Exception as exc:
        log.exception("Case export %s failed", progress_id)
        core_services.progress_fail(progress_id, message=type(exc).__name__)
        raise
