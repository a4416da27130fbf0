"""``manage.py restore PATH``: restore an archive made by ``manage.py backup`` into an empty database."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from amparo.core.backup import BackupError
from amparo.core.restore import restore_backup


class Command(BaseCommand):
    help = ("Restore an archive made by `manage.py backup` into an empty database and the configured file "
            "folders, after checking every checksum and that AMPARO_FIELD_KEYS holds the archive's keys; then "
            "migrate forward. Same engine only (SQLite to SQLite, PostgreSQL to PostgreSQL).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, metavar="PATH", help="the archive made by `manage.py backup`")
        parser.add_argument("--force", action="store_true",
                            help="replace everything in a database that is not empty")

    def handle(self, *args: Any, archive: Path, force: bool, **options: Any) -> None:
        report = self.stdout.write if options["verbosity"] > 0 else (lambda line: None)
        try:
            manifest = restore_backup(archive, force=force, report=report, verbosity=options["verbosity"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        report(self.style.SUCCESS(
            f"Restored the backup of {manifest['created_at']} (Amparo {manifest['amparo_version']})."))
