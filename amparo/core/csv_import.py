"""Reading CSV files strictly, for imports: every broken row is reported with its line, good rows are kept.

Python's ``csv`` module, left to itself, reads a value whose closing quotation mark is missing
to the end of the file, merging every following line into one field ("1 saved"). Here:

* quoting is checked strictly: text after a closing quote, or a quote never closed, is an error
  for the record where it starts; the lines it would have swallowed are read again on their own,
  so the good rows after a broken one are kept;
* a quoted value may run over several lines (a long description), but not over more than
  ``MAX_RECORD_LINES`` lines: beyond that it is a missing quotation mark;
* a row with more or fewer values than the header is refused (a value would be lost or shifted);
* blank lines are skipped; the header must name its columns once each.

``read_rows(text)`` gives the header and the rows, each a ``CsvRow`` with its line number (the
line where the record starts, as a spreadsheet shows it) and either its values or the reason it
was refused, in the active language.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_RECORD_LINES = 100


class CsvFileError(ValueError):
    """The file as a whole cannot be read (not UTF-8, no header); the message says why."""


@dataclass(frozen=True)
class CsvRow:
    line: int
    values: dict[str, str] | None  # None when the row was refused
    error: str = ""


class _TooLong(Exception):
    pass


class _Lines:
    """The physical lines from ``start``, counting how many a record takes."""

    def __init__(self, lines: list[str], start: int, limit: int) -> None:
        self.lines, self.start, self.pos, self.limit = lines, start, start, limit

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.pos >= len(self.lines):
            raise StopIteration
        if self.pos - self.start >= self.limit:
            raise _TooLong
        self.pos += 1
        return self.lines[self.pos - 1]


def decode(data: bytes) -> str:
    """The text of an uploaded CSV file (UTF-8, with or without a byte-order mark)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvFileError(_("The file is not UTF-8 text (save it as “CSV UTF-8”): %(error)s")
                           % {"error": exc.reason}) from exc


def _reason(exc: Exception, limit: int) -> str:
    if isinstance(exc, _TooLong):
        return _("a quoted value runs over more than %(count)s lines: a closing quotation mark is missing") % {
            "count": limit}
    text = str(exc)
    if "unexpected end of data" in text:
        return _("a quoted value is never closed: a closing quotation mark is missing")
    if "expected after" in text:
        return _("text follows a closing quotation mark: a quotation mark is misplaced or not doubled")
    if "NUL" in text:
        return _("the line holds a NUL character (is it a CSV file?)")
    return _("the line cannot be read as CSV: %(error)s") % {"error": text}


def records(text: str, *, limit: int = MAX_RECORD_LINES) -> Iterator[tuple[int, list[str] | None, str]]:
    """``(line, values, "")`` for each record read, ``(line, None, reason)`` for each broken one."""
    lines = list(io.StringIO(text, newline=""))  # split at \n, \r\n and \r only, as csv does
    pos = 0
    while pos < len(lines):
        feeder = _Lines(lines, pos, limit)
        reader = csv.reader(feeder, strict=True)
        while True:
            feeder.start = start = feeder.pos  # where this record begins
            try:
                values = next(reader)
            except StopIteration:
                return
            except (csv.Error, _TooLong) as exc:
                yield start + 1, None, _reason(exc, limit)
                pos = start + 1  # the lines it swallowed are read again on their own, by a new reader
                break
            if values and not (len(values) == 1 and not values[0].strip()):
                yield start + 1, values, ""


def read_rows(text: str, *, limit: int = MAX_RECORD_LINES) -> tuple[list[str], Iterator[CsvRow]]:
    """The header and an iterator of rows; ``CsvFileError`` when there is no readable header."""
    found = records(text, limit=limit)
    first = next(found, None)
    if first is None:
        raise CsvFileError(_("The file is empty."))
    line, header, error = first
    if header is None:
        raise CsvFileError(_("Line %(line)s (the header): %(error)s") % {"line": line, "error": error})
    header = [h.strip() for h in header]
    repeated = sorted({h for h in header if h and header.count(h) > 1})
    if repeated:
        raise CsvFileError(_("The header names a column twice: %(columns)s") % {"columns": ", ".join(repeated)})

    def rows() -> Iterator[CsvRow]:
        for line, values, error in found:
            if values is None:
                yield CsvRow(line, None, error)
            elif len(values) != len(header):
                yield CsvRow(line, None, _("the row has more or fewer fields than the header "
                                           "(%(found)s, not %(expected)s)") % {
                    "found": len(values), "expected": len(header)})
            else:
                yield CsvRow(line, dict(zip(header, values, strict=True)))

    return header, rows()
