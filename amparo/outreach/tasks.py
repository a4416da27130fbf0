"""Background work of outreach: a drive file imported as a tracked task (live bar on the drive
page). The uploaded file is kept under AMPARO_FILES_DIR/drives/ by its checksum, so a task run
again after a crash resumes the same import."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django_tasks import task

from amparo.core.tracked import Run, tracked

from .models import DriveImport


def upload_path(checksum: str) -> Path:
    folder = Path(settings.MEDIA_ROOT) / "drives"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{checksum}.bin"


@task()
@tracked("Drive import")
def import_drive_file(run: Run, import_id: int) -> str:
    from . import drive_import

    imp = DriveImport.objects.select_related("drive").get(pk=import_id)
    data = upload_path(imp.checksum).read_bytes()
    run.start(total=None)

    def progress(done: int, total: int) -> None:
        run.set(done=done, total=total)

    summary = drive_import.run_import(imp, data, by=run.owner, progress=progress)
    return run.finish(message=f"{summary['rows']} / {summary['created']} / {summary['matched_existing']} / "
                              f"{summary['duplicates_in_file']} / {summary['rejected']}")
