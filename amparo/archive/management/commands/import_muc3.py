"""python manage.py import_muc3 DIR: import the MUC-3 XHTML news reports (idempotent)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from amparo.archive import services
from amparo.archive.models import Access


class Command(BaseCommand):
    help = "Import MUC-3 XHTML news reports as published clippings; reports files it cannot read."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--access", choices=Access.values, default=Access.PUBLIC)

    def handle(self, *args: Any, directory: Path, access: str, **options: Any) -> None:
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a directory")
        verbose = options["verbosity"] > 0

        def progress(done: int, total: int) -> None:
            if verbose and (done % 100 == 0 or done == total):
                sys.stderr.write(f"\r{done}/{total} files")
                sys.stderr.flush()

        report = services.import_muc3(directory=directory, access=access, progress=progress)
        if verbose:
            sys.stderr.write("\n")
        for name, reason in report.errors:
            self.stderr.write(f"{name}: {reason}")
        self.stdout.write(f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged, "
                          f"{len(report.errors)} bad files")
        if report.errors and not report.total:
            raise CommandError("no file could be imported")
