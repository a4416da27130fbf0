"""find_duplicates INPUT.csv --out PAIRS.csv [--against OTHER.csv] [--explain]

Likely duplicates within INPUT (or links from INPUT to OTHER) by the record-linkage model
(``people.linkage``) with its weights estimated from the files themselves (or the default
parameters for fewer than 2,000 records). Input columns (header names, English or Spanish:
nombres, primer_apellido, fecha_de_nacimiento...; any may be empty or absent; extra columns
ignored): record_id, given_names, first_surname, second_surname, birth_date (YYYY-MM-DD or
YYYYMMDD), phone, street, city, postcode, identifier. Output: record_id_a, record_id_b, score (the
match probability, 0-1), reasons, weights (field:level:bits). Bad rows are reported on stderr with
their line number and reason, and do not stop the run. ``--explain`` prints the fitted parameters.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, no_translations

from amparo.core.exports import csv_lines
from amparo.people import linkage, matching
from amparo.people.csv_records import read_records


class Command(BaseCommand):
    help = "Find likely duplicate people in a CSV file, or link it to another CSV file."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("input", help="CSV of people")
        parser.add_argument("--out", required=True, help="where to write the pairs (CSV)")
        parser.add_argument("--against", help="a second CSV: link INPUT to it instead of finding duplicates within")
        parser.add_argument("--threshold", type=float, default=linkage.MATCH_PROBABILITY,
                            help=f"lowest match probability reported (default {linkage.MATCH_PROBABILITY})")
        parser.add_argument("--explain", action="store_true", help="print the fitted parameters")
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                            help="processes that score candidate pairs (default: one per CPU)")

    @no_translations  # a tool's output, in English like the rest of its messages
    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        records = self._read(options["input"])
        against = self._read(options["against"]) if options.get("against") else None
        written = 0

        if not 0 < options["threshold"] < 1:
            raise CommandError("--threshold is a match probability, between 0 and 1")
        model = linkage.model_for(records, against=against, workers=options["workers"],
                                  threshold=options["threshold"])
        if options["explain"]:
            self.stdout.write(("Default parameters (fewer than "
                               f"{linkage.MIN_RECORDS_TO_FIT} records to estimate them from)\n"
                               if model.description.get("default") else
                               f"Fitted on {model.description}\n") + model.parameters_text())

        def pairs() -> Iterator[list[str]]:
            nonlocal written
            for a, b, explanation in linkage.find_links(records, model, against=against, workers=options["workers"]):
                written += 1
                yield [a.id, b.id, f"{explanation.probability:.3f}", ";".join(explanation.reasons()),
                       ";".join(f"{f}:{level}:{w:+.2f}" for f, level, w in explanation.parts if level != "missing")]

        # Record ids come from the input file: written through the export helper, which keeps
        # a spreadsheet from running one as a formula.
        with open(options["out"], "w", newline="", encoding="utf-8") as out:
            out.writelines(csv_lines(["record_id_a", "record_id_b", "score", "reasons", "weights"], pairs(),
                                     bom=False))
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
