"""``manage.py backup --out PATH``: one archive of the database, the files and a manifest (core.backup)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from amparo.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = ("Write one .tar.gz archive with a consistent snapshot of the database, the uploaded and generated "
            "files and a manifest (checksums, versions, migrations). The field-encryption keys are never in it: "
            "keep them apart. Restore with `manage.py restore PATH`.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path, metavar="PATH",
                            help="the archive to write, e.g. /backups/amparo-2026-12-03.tar.gz (never overwritten)")

    def handle(self, *args: Any, out: Path, **options: Any) -> None:
        report = self.stdout.write if options["verbosity"] > 0 else (lambda line: None)
        try:
            manifest = create_backup(out, report=report)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        tables = manifest["database"]["tables"]
        files = sum(s["files"] for s in manifest["storages"].values())
        size = Path(out).expanduser().resolve().stat().st_size
        report(self.style.SUCCESS(
            f"Backup written to {out} ({size / 1e6:.1f} MB): {len(tables)} tables, {sum(tables.values())} rows, "
            f"{files} files."))
        for other in manifest["not_included"]:
            report(self.style.WARNING(f"Not included: the storage {other}; back it up with its own tools."))
        report(f"Restoring it needs the field-encryption key with fingerprint {manifest['field_keys']['encrypting']}"
               + (f" (and {', '.join(manifest['field_keys']['fingerprints'][1:])})"
                  if len(manifest["field_keys"]["fingerprints"]) > 1 else "")
               + ": keep AMPARO_FIELD_KEYS apart from the archive.")
