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


# Other names a column may have (English and Spanish, lower case, no accents, "_" for spaces).
HEADER_ALIASES = {
    "id": "record_id", "rec_id": "record_id", "record": "record_id", "id_registro": "record_id",
    "registro": "record_id",
    "given_name": "given_names", "first_name": "given_names", "first_names": "given_names", "forename": "given_names",
    "nombres": "given_names", "nombre": "given_names",
    "surname": "first_surname", "last_name": "first_surname", "family_name": "first_surname",
    "apellido": "first_surname", "primer_apellido": "first_surname", "apellido_paterno": "first_surname",
    "segundo_apellido": "second_surname", "apellido_materno": "second_surname",
    "date_of_birth": "birth_date", "dob": "birth_date", "birthdate": "birth_date", "birth": "birth_date",
    "fecha_de_nacimiento": "birth_date", "fecha_nacimiento": "birth_date", "nacimiento": "birth_date",
    "phone_number": "phone", "telephone": "phone", "telefono": "phone", "celular": "phone",
    "address": "street", "address_1": "street", "street_address": "street", "calle": "street",
    "direccion": "street", "domicilio": "street",
    "suburb": "city", "town": "city", "ciudad": "city", "municipio": "city", "localidad": "city",
    "zip": "postcode", "zip_code": "postcode", "zipcode": "postcode", "postal_code": "postcode",
    "codigo_postal": "postcode", "cp": "postcode",
    "soc_sec_id": "identifier", "a_number": "identifier", "ssn": "identifier", "identificador": "identifier",
    "numero_a": "identifier", "documento": "identifier",
}


def column_name(header: str) -> str:
    """A header brought to one of ``COLUMNS`` when it is a known other name for it."""
    key = re.sub(r"[^a-z0-9]+", "_", matching.strip_accents(header or "").lower()).strip("_")
    return HEADER_ALIASES.get(key, key)


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
    names = {h: column_name(h) for h in header}
    if not set(names.values()) & set(COLUMNS):
        raise ValueError("the file has no header with the expected columns: " + ", ".join(COLUMNS))
    seen: set[str] = set()
    today = timezone.localdate()
    for row in rows:
        line, data = row.line, row.values
        if data is None:
            bad.append(BadRow(line, row.error))
            continue
        data = {names.get(k, k): v for k, v in data.items()} if any(k != v for k, v in names.items()) else data
        if data.get("street_number") and data.get("street"):
            data["street"] = f"{data['street_number']} {data['street']}"
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
