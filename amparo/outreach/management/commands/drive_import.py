"""``manage.py drive_import FILE --drive SLUG [--program tps --country SV] [--json]``

Imports a drive's CSV or XLSX file: every row validated (rejected rows listed with their row
number and reason, good rows kept), matched against People, screened for the drive's program,
saved in batches. Run it again after an interruption (even kill -9): it resumes where the last
committed batch ended, and a finished file is not imported twice.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from amparo.outreach import drive_import


class Bar:
    """A progress bar on the terminal (stderr), redrawn at most every tenth of a second."""

    def __init__(self, stream: Any, enabled: bool) -> None:
        self.stream, self.enabled, self.last, self.started = stream, enabled, 0.0, time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        width = 30
        filled = width * done // total if total else width
        rate = done / max(now - self.started, 1e-6)
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} rows  {rate:,.0f}/s")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Import a registration drive's file (CSV or XLSX): validate, match against People, screen."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--drive", required=True, help="the drive's short name (created if new)")
        parser.add_argument("--program", default="tps", help="program to screen for, for a new drive")
        parser.add_argument("--country", default="", help="ISO country of the drive (e.g. SV), for a new drive")
        parser.add_argument("--json", action="store_true", help="print only the summary as JSON")
        parser.add_argument("--batch", type=int, default=drive_import.BATCH, help=argparse_help())
        parser.add_argument("--pause", type=float, default=0.0,
                            help="seconds to wait after each batch (demonstrations)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        data = path.read_bytes()
        drive = drive_import.get_or_create_drive(slug=options["drive"], program=options["program"],
                                                 country_code=options["country"])
        columns = None
        if drive.column_mapping:  # the columns confirmed on the drive's page for earlier files
            try:
                columns = drive_import.map_headers(drive_import.file_headers(data, path.name)[0], drive.column_mapping)
            except drive_import.ImportFileError as exc:
                raise CommandError(f"{path}: {exc}") from exc
        imp = drive_import.start_import(drive=drive, data=data, filename=path.name, columns=columns)
        bar = Bar(sys.stderr, enabled=not options["json"] and sys.stderr.isatty())
        if options["pause"]:
            shown = bar

            def bar(done: int, total: int) -> None:  # type: ignore[no-redef]
                shown(done, total)
                time.sleep(options["pause"])
        try:
            summary = drive_import.run_import(imp, data, progress=bar, batch=max(1, options["batch"]))
        except drive_import.ImportFileError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        if not options["json"]:
            for number, reason in drive_import.rejected_rows(imp):
                self.stderr.write(f"{path.name}:{number}: rejected: {reason}")
        self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=None if options["json"] else 2))


def argparse_help() -> str:
    return "rows per transaction (each batch is a checkpoint)"
