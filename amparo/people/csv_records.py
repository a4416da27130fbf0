"""Reading people from any CSV for matching (find_duplicates, imports, the benchmarks)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from amparo.core.csv_import import CsvFileError, decode, read_rows

from . import matching
from .identifiers import normalize_a_number

COLUMNS = ("record_id", "given_names", "first_surname", "second_surname", "birth_date", "phone", "street",
           "city", "postcode", "identifier")


@dataclass
class BadRow:
    line: int
    reason: str


def parse_birth(text: str, *, today: dt.date | None = None) -> dt.date | None:
    text = (text or "").strip()
    if not text:
        return None
    m = re.fullmatch(r"(\d{4})-?(\d{2})-?(\d{2})", text)
    if not m:
        raise ValueError(f"birth_date {text!r} is not YYYY-MM-DD or YYYYMMDD")
    try:
        birth = dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise ValueError(f"birth_date {text!r} is not a real date") from None
    if birth > (today or timezone.localdate()):
        raise ValueError(f"birth_date {text!r} is in the future")
    return birth


def normalize_identifier(text: str) -> str:
    text = (text or "").strip()
    if not text:
        return ""
    try:
        return "A" + normalize_a_number(text)
    except Exception:  # noqa: BLE001 - any other identifier is compared as typed, without spaces
        return re.sub(r"[\s\-.]", "", text).upper()


def read_records(path: Path | str) -> tuple[list[matching.Record], list[BadRow]]:
    """Records from a CSV with a header (any of ``COLUMNS``, extra columns ignored), and the
    rows that could not be read, each with its line number and reason. Quoting is read strictly
    (``core.csv_import``): a broken row is reported, never merged with the rows after it."""
    records: list[matching.Record] = []
    bad: list[BadRow] = []
    text = decode(Path(path).read_bytes())
    try:
        header, rows = read_rows(text)
    except CsvFileError as exc:
        raise ValueError(str(exc)) from exc
    if not set(header) & set(COLUMNS):
        raise ValueError("the file has no header with the expected columns: " + ", ".join(COLUMNS))
    seen: set[str] = set()
    today = timezone.localdate()
    for row in rows:
        line, data = row.line, row.values
        if data is None:
            bad.append(BadRow(line, row.error))
            continue
        record_id = (data.get("record_id") or "").strip() or f"line{line}"
        if record_id in seen:
            bad.append(BadRow(line, f"record_id {record_id!r} appears twice"))
            continue
        try:
            birth = parse_birth(data.get("birth_date") or "", today=today)
        except ValueError as exc:
            bad.append(BadRow(line, str(exc)))
            continue
        record = matching.make_record(
            record_id, given_names=data.get("given_names") or "", first_surname=data.get("first_surname") or "",
            second_surname=data.get("second_surname") or "", birth=birth, phones=[data.get("phone") or ""],
            identifier=normalize_identifier(data.get("identifier") or ""), postcode=data.get("postcode") or "",
            street=data.get("street") or "", city=data.get("city") or "",
        )
        if not record.names[0].given and not record.names[0].surnames:
            bad.append(BadRow(line, "no name"))
            continue
        seen.add(record_id)
        records.append(record)
    return records, bad
