"""``manage.py fill_pdf FORM.pdf VALUES.json --out FILLED.pdf [--flatten]``: fill a PDF form
from a JSON object of field names and values; ``--list-fields`` shows the fields instead.

Unknown field names and impossible values are each reported on one line of stderr, the exit
status is non-zero and no file is written.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from amparo.documents.pdf import FieldInfo, FormValueError, PdfProblem, fill_form, inspect_form


def _value_text(field: FieldInfo) -> str:
    if isinstance(field.value, list):
        return ", ".join(field.value)
    if field.value is None:
        return ""
    return str(field.value)


def _options_text(field: FieldInfo) -> str:
    return ", ".join(o.export if o.export == o.display else f"{o.export} ({o.display})" for o in field.options)


class Command(BaseCommand):
    help = ("Fill a PDF form from a JSON file of field names and values (text; true/false for checkboxes; "
            "the export value for radio buttons, dropdowns and lists). Unknown names and impossible values "
            "are reported and nothing is written.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("form", type=Path, help="the fillable PDF")
        parser.add_argument("values", type=Path, nargs="?", help="JSON object: field name -> value")
        parser.add_argument("--out", type=Path, help="where to write the filled PDF")
        parser.add_argument("--flatten", action="store_true",
                            help="make the fields part of the page (no longer editable)")
        parser.add_argument("--list-fields", action="store_true", help="print the form's fields instead of filling it")
        parser.add_argument("--json", action="store_true", help="with --list-fields: print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        form: Path = options["form"]
        try:
            data = form.read_bytes()
        except OSError as exc:
            raise CommandError(f"{form}: {exc.strerror or exc}") from exc
        if options["list_fields"]:
            self._list(data, as_json=options["json"])
            return
        if options["values"] is None or options["out"] is None:
            raise CommandError("give VALUES.json and --out FILLED.pdf (or --list-fields)")
        values = self._values(options["values"])
        try:
            filled = fill_form(data, values, flatten=options["flatten"])
        except FormValueError as error:
            for problem in error.problems:
                self.stderr.write(problem.message)
            raise CommandError(f"{len(error.problems)} problem(s); {options['out']} was not written") from error
        except PdfProblem as error:
            raise CommandError(f"{form}: {error}") from error
        self._write(options["out"], filled)
        flattened = ", flattened" if options["flatten"] else ""
        self.stdout.write(f"{options['out']}: {len(values)} field(s) filled{flattened}")

    def _values(self, path: Path) -> dict[str, Any]:
        try:
            values = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}") from exc
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: not valid JSON ({exc})") from exc
        if not isinstance(values, dict):
            raise CommandError(f"{path}: expected a JSON object of field names and values")
        return values

    def _write(self, out: Path, data: bytes) -> None:
        """Write through a temporary file so a failure never leaves half a PDF behind."""
        out.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, out)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def _list(self, data: bytes, *, as_json: bool) -> None:
        try:
            fields = inspect_form(data)
        except PdfProblem as error:
            raise CommandError(str(error)) from error
        if as_json:
            self.stdout.write(json.dumps([f.as_dict() for f in fields], ensure_ascii=False, indent=2))
            return
        rows = [("NAME", "KIND", "VALUE", "OPTIONS", "MAX", "FLAGS", "PAGES")]
        for field in fields:
            flags = ",".join(flag for flag, on in (("read-only", field.read_only), ("required", field.required),
                                                   ("editable", field.editable), ("multi", field.multi_select),
                                                   ("not-fillable", not field.fillable)) if on)
            rows.append((field.name, str(field.kind), _value_text(field).replace("\n", "\\n"), _options_text(field),
                         str(field.max_length or ""), flags, ",".join(map(str, field.pages))))
        widths = [min(max(len(row[i]) for row in rows), 40) for i in range(len(rows[0]))]
        for row in rows:
            cells = (cell[:40].ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write("  ".join(cells).rstrip())
