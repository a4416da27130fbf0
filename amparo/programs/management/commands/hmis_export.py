"""Write the HUD HMIS CSV export (FY2026 format) of transitional housing to a zip file.

    manage.py hmis_export --from 2025-10-01 --to 2026-09-30 OUT.zip [--hash-names]
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from amparo.core.audit import log_action
from amparo.programs.hmis import write_zip


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {text}") from exc


class Command(BaseCommand):
    help = "Write the HMIS CSV export (FY2026) of the shelter's stays between two dates to a zip file."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--from", dest="start", required=True, help="first day (YYYY-MM-DD)")
        parser.add_argument("--to", dest="end", required=True, help="last day (YYYY-MM-DD)")
        parser.add_argument("--hash-names", action="store_true",
                            help="export names as the specification's SHA-256 hash of their Soundex code")
        parser.add_argument("out", help="the zip file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        start, end = _date(options["start"]), _date(options["end"])
        if end < start:
            raise CommandError("--to comes before --from")
        counts = write_zip(options["out"], start=start, end=end, hashed=options["hash_names"])
        log_action(action="hmis.export", extra={"from": str(start), "to": str(end), "hashed": options["hash_names"],
                                                "rows": counts})
        self.stdout.write(", ".join(f"{name}.csv: {n}" for name, n in counts.items()))
