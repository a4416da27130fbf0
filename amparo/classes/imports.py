"""Reading the question bank the center maintains, from CSV (UTF-8) or XLSX.

Columns: ``kind`` (civics, reading, writing; civics when empty), ``version`` (2008 or 2025),
``number``, ``text_en``, ``text_es``, ``answers_en`` and ``answers_es`` (answers separated by
``|``), ``sixty_five_twenty`` (yes/no), ``sample`` (yes for the demo sample).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from amparo.core.csv_import import CsvFileError, read_rows

MAX_BYTES = 5 * 1024 * 1024


def read_question_file(name: str, data: bytes) -> tuple[list[tuple[int, dict[str, Any]]], list[tuple[int, str]]]:
    """Rows as (line, values) and the rows refused while reading, as (line, reason)."""
    if len(data) > MAX_BYTES:
        raise CsvFileError(_("The file is larger than 5 MB."))
    if name.lower().endswith(".xlsx") or data[:2] == b"PK":
        return list(_xlsx_rows(data)), []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvFileError(_("The file is not UTF-8 text: save it as CSV UTF-8.")) from None
    _header, rows = read_rows(text)
    good: list[tuple[int, dict[str, Any]]] = []
    bad: list[tuple[int, str]] = []
    for row in rows:
        if row.values is None:
            bad.append((row.line, row.error))
        else:
            good.append((row.line, row.values))
    return good, bad


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, dict[str, Any]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable workbook is the same answer to the user
        raise CsvFileError(_("The file is not a readable XLSX workbook.")) from None
    sheet = book.worksheets[0]
    header: list[str] = []
    for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if not header:
            header = [str(v or "").strip() for v in values]
            continue
        if not any(v not in (None, "") for v in values):
            continue
        yield line, {h: ("" if v is None else str(v)) for h, v in zip(header, values, strict=False) if h}
