"""python manage.py ocr FILE [--lang spa+eng]: print the text OCR reads in a scanned PDF or an image.

The same reading as the archive's import (``amparo.archive.ocr.recognize``); nothing is stored.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from amparo.archive import ocr


class Command(BaseCommand):
    help = "Print the text of a scanned PDF or image (TIFF, JPEG, PNG), page by page, with each page's confidence."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--lang", default=ocr.DEFAULT_LANGUAGES,
                            help="Tesseract languages joined by + (default spa+eng)")

    def handle(self, *args: Any, file: Path, lang: str, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(f"{file} is not a file")
        logging.getLogger("ocrmypdf").setLevel(logging.WARNING if options["verbosity"] > 1 else logging.ERROR)
        logging.getLogger("pikepdf").setLevel(logging.WARNING)

        def show(page: ocr.PageText) -> None:
            confidence = "—" if page.confidence is None else f"{page.confidence:.0f}"
            self.stderr.write(f"--- page {page.number} (confidence {confidence}) ---")
            self.stdout.write(page.text)

        try:
            ocr.read_file(file, languages=lang, on_page=show)
        except ocr.OcrUnavailable as exc:
            raise CommandError(str(exc)) from exc
        except ocr.UnreadableScan as exc:
            raise CommandError(f"{file} cannot be read as a PDF or an image: {exc}") from exc
