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


@task()
@tracked("Archive OCR", chunk=1)
def ocr_source_task(run: Run, source_id: int) -> str:
    """Read a source's scan page by page; pages already read are kept and skipped (resumable)."""
    import shutil

    from . import ocr
    from .models import Source

    source = Source.objects.get(pk=source_id)
    Source.objects.filter(pk=source.pk).update(ocr_status="running")
    languages = source.ocr_languages or services.ocr_languages_for(source)
    workdir = services.ocr_workdir(source)
    path = Path(source.file.path)
    try:
        total = ocr.page_count(path)
        done = set(source.ocr_pages.values_list("number", flat=True))
        if not (workdir.exists() and any(workdir.glob("ocr-*.pdf"))):
            done = set()  # the chunks of the searchable PDF are gone: read every page again
        run.start(total=total)
        run.advance(len(done))
        for page in ocr.recognize(path, languages=languages, workdir=workdir, done=done):
            services.ocr_page_read(source=source, page=page)
            run.advance()
        base = source.file.name.rsplit(".", 1)[0]
        searchable = f"{base}.ocr.pdf"
        ocr.searchable_pdf(workdir, Path(settings.MEDIA_ROOT) / searchable, languages=languages)
    except (ocr.OcrUnavailable, ocr.UnreadableScan) as exc:
        services.ocr_failed(source=source)
        run.fail(str(exc)[:500])
        return ""
    except Exception:
        services.ocr_failed(source=source)
        raise
    services.ocr_finish(by=run.owner, source=source, searchable=searchable)
    shutil.rmtree(workdir, ignore_errors=True)
    with language(getattr(run.owner, "language", None)):
        message = _("%(pages)s pages read") % {"pages": total}
    return run.finish(message=message)
