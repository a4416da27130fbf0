"""python manage.py archive_import_scans FOLDER: one staff source per scan, each read by OCR in the background."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from amparo.archive import ocr, services
from amparo.archive.models import Access


class Command(BaseCommand):
    help = ("Import a folder of scans (PDF, TIFF, JPEG, PNG) as archive sources and queue each to be read by OCR; "
            "a scan imported before is skipped.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument("--language", choices=["es", "en"], default="es")
        parser.add_argument("--access", choices=Access.values, default=Access.STAFF)
        parser.add_argument("--source-type", default="clipping")
        parser.add_argument("--prefix", default="SCAN", help="identifiers are PREFIX-<file name>")

    def handle(self, *args: Any, folder: Path, language: str, access: str, source_type: str, prefix: str,
               **options: Any) -> None:
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder")
        try:
            ocr.check_engine()
        except ocr.OcrUnavailable as exc:
            raise CommandError(str(exc)) from exc
        started = services.import_scans(folder=folder, language=language, access=access, source_type=source_type,
                                        prefix=prefix)
        for source, progress in started:
            self.stdout.write(f"{source.identifier}: queued (task {progress.pk})")
        self.stdout.write(f"{len(started)} scans imported")
