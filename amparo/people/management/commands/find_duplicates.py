"""find_duplicates INPUT.csv --out PAIRS.csv [--against OTHER.csv]

Likely duplicates within INPUT (or links from INPUT to OTHER) by the same matching engine as
search, intake and the conflict check. Input columns (header names; any may be empty; extra
columns ignored): record_id, given_names, first_surname, second_surname, birth_date
(YYYY-MM-DD or YYYYMMDD), phone, street, city, postcode, identifier. Output: record_id_a,
record_id_b, score (0-1), reasons. Bad rows are reported on stderr with their line number and
reason, and do not stop the run.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, no_translations

from amparo.core.exports import csv_lines
from amparo.people import matching
from amparo.people.csv_records import read_records


class Command(BaseCommand):
    help = "Find likely duplicate people in a CSV file, or link it to another CSV file."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("input", help="CSV of people")
        parser.add_argument("--out", required=True, help="where to write the pairs (CSV)")
        parser.add_argument("--against", help="a second CSV: link INPUT to it instead of finding duplicates within")
        parser.add_argument("--threshold", type=float, default=matching.DUPLICATE_THRESHOLD,
                            help=f"lowest score reported (default {matching.DUPLICATE_THRESHOLD})")
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                            help="processes that score candidate pairs (default: one per CPU)")

    @no_translations  # a tool's output, in English like the rest of its messages
    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        records = self._read(options["input"])
        against = self._read(options["against"]) if options.get("against") else None
        written = 0

        def pairs() -> Iterator[list[str]]:
            nonlocal written
            for a, b, match in matching.find_pairs(records, against=against, threshold=options["threshold"],
                                                     workers=options["workers"]):
                written += 1
                yield [a.id, b.id, f"{match.score:.3f}", ";".join(match.reasons)]

        # Record ids come from the input file: written through the export helper, which keeps
        # a spreadsheet from running one as a formula.
        with open(options["out"], "w", newline="", encoding="utf-8") as out:
            out.writelines(csv_lines(["record_id_a", "record_id_b", "score", "reasons"], pairs(), bom=False))
        self.stdout.write(f"{written} pairs written to {options['out']} "
                          f"({len(records)} records{f', {len(against)} to link against' if against else ''}; "
                          f"{time.monotonic() - started:.1f} s)")

    def _read(self, path: str) -> list[matching.Record]:
        if not Path(path).is_file():
            raise CommandError(f"{path}: no such file")
        try:
            records, bad = read_records(path)
        except (ValueError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: {exc}") from exc
        for row in bad:
            self.stderr.write(f"{path}:{row.line}: skipped: {row.reason}")
        return records
