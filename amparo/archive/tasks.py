"""Background tasks of the archive: CSV imports with progress and a row-by-row error report."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django_tasks import task

from amparo.core.exports import write_csv
from amparo.core.i18n import language
from amparo.core.tracked import Run, tracked

from . import services


@task()
@tracked("Archive CSV import", chunk=50)
def import_csv_task(run: Run, kind: str) -> str:
    path = Path(settings.MEDIA_ROOT) / "archive" / "imports" / f"{run.progress.pk}.csv"  # type: ignore[union-attr]
    data = path.read_bytes()
    run.start(total=max(0, data.count(b"\n") - 1) or None)
    report = services.import_csv(by=run.owner, kind=kind, data=data, progress=lambda n: run.advance())
    out = run.result_path(".csv")
    with language(getattr(run.owner, "language", None)):
        write_csv(out, [_("line"), _("reason")], ([e.line, e.reason] for e in report.errors))
        message = _("%(saved)s saved, %(rejected)s rejected") % {"saved": report.saved,
                                                                 "rejected": len(report.errors)}
    return run.finish(path=out, name=f"import-{kind}-errors.csv", message=message)
