"""Importing a registration drive's file: read, validate, match against People, screen, save.

Designed for tens of thousands of rows in seconds:

- the file is read and every row validated first (rows kept in memory: a drive file is small);
- matching runs in memory: every current person's stored matching data is read once
  (``people.tasks.load_records``) into a blocking index built from ``matching.pass_keys``, and
  each new registrant is added to it, so duplicates within the file are found the same way;
- rows are saved in batches, each in one transaction with ``bulk_create`` (people, their keys,
  contacts, addresses, the registrants) and the batch's checkpoint (``DriveImport.rows_done``).

Resumable: an import is one (drive, file checksum); a registrant is unique on (import, row).
Killed at any moment, the last batch's transaction is lost whole; running the same file again
reads the committed batches back (people created by earlier batches are in People by then, and
the people this import already linked say which rows were repeats) and goes on from the
checkpoint, so the records come out exactly as an uninterrupted run's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.utils import timezone

from amparo.core.audit import log_action
from amparo.core.csv_import import CsvFileError, decode, read_rows
from amparo.people import matching
from amparo.people.models import Address, ContactPoint, Person, PersonKey
from amparo.people.tasks import load_records

from .models import Drive, DriveImport, DriveSite, Registrant

BATCH = 2000
CANDIDATE_CAP = 50  # a block larger than this is too common a name to compare everyone in it

# Canonical column → accepted headers (English and Spanish; compared without case or accents).
COLUMNS: dict[str, tuple[str, ...]] = {
    "given_names": ("given_names", "nombres", "nombre"),
    "first_surname": ("first_surname", "primer_apellido", "apellido"),
    "second_surname": ("second_surname", "segundo_apellido"),
    "birth_date": ("birth_date", "fecha_nacimiento", "fecha_de_nacimiento"),
    "country_of_birth": ("country_of_birth", "pais_nacimiento", "pais_de_nacimiento"),
    "phone": ("phone", "telefono"),
    "email": ("email", "correo", "correo_electronico"),
    "address": ("address", "direccion"),
    "city": ("city", "ciudad"),
    "postcode": ("postcode", "zip", "codigo_postal"),
    "entry_date": ("entry_date", "fecha_entrada", "fecha_de_entrada"),
    "site": ("site", "sitio", "sede"),
    "registered_on": ("registered_on", "fecha_registro", "fecha_de_registro"),
}
STATUS_ORDER = ("eligible", "possibly_eligible", "unknown", "not_eligible")


class ImportFileError(ValueError):
    """The file as a whole cannot be read (no header with the expected columns, not CSV/XLSX)."""


def header_key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().strip().lower()
    return re.sub(r"[\s\-./]+", "_", text)


ALIASES = {alias: canonical for canonical, aliases in COLUMNS.items() for alias in aliases}


def suggest_mapping(headers: list[str], saved: dict[str, str] | None = None) -> dict[str, str]:
    """File header → canonical column ("" for a column left out): what was confirmed for this
    drive before (``Drive.column_mapping``, by header_key), else the English or Spanish name."""
    saved = saved or {}
    out = {}
    for h in headers:
        key = header_key(h)
        out[h] = saved[key] if key in saved and (saved[key] in COLUMNS or saved[key] == "") else ALIASES.get(key, "")
    return out


def check_mapping(mapping: dict[str, str]) -> dict[str, str]:
    """The mapping without the columns left out; ImportFileError when it has no name column or
    sends two headers to one column."""
    used = {h: c for h, c in mapping.items() if c}
    if not {"given_names", "first_surname"} & set(used.values()):
        raise ImportFileError("the file has no name columns; expected headers: " + ", ".join(COLUMNS))
    twice = sorted({c for c in used.values() if list(used.values()).count(c) > 1})
    if twice:
        raise ImportFileError("two columns of the file are mapped to " + ", ".join(twice))
    return used


def map_headers(headers: list[str], saved: dict[str, str] | None = None) -> dict[str, str]:
    """File header → canonical column, for the headers we know (or the drive has a mapping for)."""
    return check_mapping(suggest_mapping(headers, saved))


def file_headers(data: bytes, filename: str) -> tuple[list[str], list[list[str]]]:
    """The header and the first few rows of a file, to map its columns on screen."""
    if filename.lower().endswith(".xlsx"):
        import io

        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        rows = sheet.iter_rows(values_only=True, max_row=4)
        headers = [str(v or "") for v in next(rows, ())]
        return headers, [[_cell(v) for v in row] for row in rows]
    try:
        headers, rows = read_rows(decode(data))
    except CsvFileError as exc:
        raise ImportFileError(str(exc)) from exc
    sample = []
    for csv_row in rows:
        if csv_row.values is not None:
            sample.append([csv_row.values.get(h) or "" for h in headers])
        if len(sample) == 3:
            break
    return headers, sample


def read_table(data: bytes, filename: str, columns: dict[str, str] | None = None,
               ) -> Iterator[tuple[int, dict[str, str] | None, str]]:
    """(row number in the file, canonical values or None, why not) for each data row. ``columns``
    is the mapping confirmed on screen; without it, the headers we know."""
    if filename.lower().endswith(".xlsx"):
        import io

        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        rows = sheet.iter_rows(values_only=True)
        headers = [str(v or "") for v in next(rows, ())]
        mapping = check_mapping(columns) if columns else map_headers(headers)
        for number, values in enumerate(rows, start=2):
            if not any(v not in (None, "") for v in values):
                continue
            row = {mapping[h]: _cell(v) for h, v in zip(headers, values, strict=False) if h in mapping}
            yield number, row, ""
        return
    try:
        headers, rows = read_rows(decode(data))
    except CsvFileError as exc:
        raise ImportFileError(str(exc)) from exc
    mapping = check_mapping(columns) if columns else map_headers(headers)
    for csv_row in rows:
        if csv_row.values is None:
            yield csv_row.line, None, csv_row.error
        else:
            yield csv_row.line, {mapping[h]: (v or "").strip() for h, v in csv_row.values.items()
                                 if h in mapping}, ""


def _cell(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value).strip()


# --- Validation ----------------------------------------------------------------------------------

_DATE_FORMATS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), (1, 2, 3)),
    (re.compile(r"(\d{4})(\d{2})(\d{2})"), (1, 2, 3)),
    (re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"), (3, 2, 1)),  # day first, as written in Spanish
)


def parse_day(text: str, what: str, *, today: dt.date) -> dt.date | None:
    """A full date or None when blank; ValueError (with the reason) when it cannot be one."""
    text = (text or "").strip()
    if not text:
        return None
    for pattern, (y, m, d) in _DATE_FORMATS:
        found = pattern.fullmatch(text)
        if found:
            try:
                day = dt.date(int(found[y]), int(found[m]), int(found[d]))
            except ValueError:
                raise ValueError(f"{what} {text!r} is not a real date") from None
            if day > today:
                raise ValueError(f"{what} {text!r} is in the future")
            if day.year < 1900:
                raise ValueError(f"{what} {text!r} is before 1900")
            return day
    raise ValueError(f"{what} {text!r} is not a date (YYYY-MM-DD or DD/MM/YYYY)")


@lru_cache(maxsize=4096)
def country(text: str) -> str | None:
    """ISO code for a country written as a code or a name in English or Spanish."""
    from amparo.screening.prefill import country_code

    return country_code(text)


@dataclass
class Row:
    number: int
    values: dict[str, str] = field(default_factory=dict)
    reason: str = ""
    birth: dt.date | None = None
    entry: dt.date | None = None
    country: str = ""
    registered_on: dt.date | None = None
    flags: list[str] = field(default_factory=list)


def validate(number: int, values: dict[str, str] | None, error: str, *, today: dt.date) -> Row:
    row = Row(number, values or {})
    if values is None:
        row.reason = error or "unreadable row"
        return row
    if not any(values.get(k) for k in ("given_names", "first_surname", "second_surname")):
        row.reason = "no name"
        return row
    try:
        row.birth = parse_day(values.get("birth_date", ""), "birth_date", today=today)
        row.entry = parse_day(values.get("entry_date", ""), "entry_date", today=today)
        row.registered_on = parse_day(values.get("registered_on", ""), "registered_on", today=today)
    except ValueError as exc:
        row.reason = str(exc)
        return row
    if row.birth and row.entry and row.entry < row.birth:
        row.reason = "entry_date is before birth_date"
        return row
    place = values.get("country_of_birth", "")
    if place:
        code = country(place)
        if code is None:
            row.reason = f"country_of_birth {place!r} is not a country"
            return row
        row.country = code
    facts = (("given_names", values.get("given_names")), ("birth_date", row.birth), ("phone", values.get("phone")),
             ("country_of_birth", row.country), ("entry_date", row.entry))
    row.flags = [name for name, value in facts if not value]
    return row


# --- Screening -----------------------------------------------------------------------------------

# The facts each program's screener reads (rules/tps.py): rows that differ only in other facts
# (a birth date, for TPS) get the same answer, so each distinct answer is computed once. A date
# among those facts (the entry date) is only ever compared with dates of the rule data and with
# the day of screening, so it is reduced to where it falls among those dates: two entry dates
# between the same two rule dates get the same answer. tests/test_drive_import.py checks that
# screening every row's full facts gives the same answers.
PROGRAM_FACTS: dict[str, tuple[str, ...]] = {
    "tps": ("nationalities", "arrivals", "trips", "criminal", "tps_registrations"),
}


def rule_dates(ruleset: Any, on: dt.date) -> list[dt.date]:
    """Every date written in the rule data (validity bounds and date values), and ``on``."""
    days = {on}
    for rec in ruleset.records:
        days.add(rec.effective_from)
        if rec.effective_to is not None:
            days.add(rec.effective_to)
        for _name, value in rec.values:
            if isinstance(value, dt.date):
                days.add(value)
    return sorted(days)


class Screener:
    """The drive's program through the rules engine, once per distinct pattern of facts."""

    def __init__(self, program: str, on: dt.date) -> None:
        from amparo.screening.services import current_ruleset

        self.program, self.on = program, on
        self.ruleset = current_ruleset()
        self.dates = rule_dates(self.ruleset, on)
        self.cache: dict[Any, tuple[str, list[str]]] = {}

    def _where(self, day: dt.date | None) -> tuple[int, int] | None:
        from bisect import bisect_left, bisect_right

        return None if day is None else (bisect_left(self.dates, day), bisect_right(self.dates, day))

    def __call__(self, row: Row) -> tuple[str, list[str]]:
        read = PROGRAM_FACTS.get(self.program)
        key: Any = ((row.country, self._where(row.entry)) if read else
                    (row.country, row.entry, row.birth))
        known = self.cache.get(key)
        if known is None:
            known = self.cache[key] = self.screen(row)
        return known

    def screen(self, row: Row) -> tuple[str, list[str]]:
        """The answer from the rules engine itself, without the memo."""
        from amparo import rules
        from amparo.rules.facts import Arrival

        facts = rules.Facts(
            birth_date=row.birth, country_of_birth=row.country or None,
            nationalities=(row.country,) if row.country else None,
            arrivals=(Arrival(date=row.entry),) if row.entry else None,
        )
        results = rules.screen(facts, self.on, ruleset=self.ruleset, programs=[self.program]).results
        best = min(results, key=lambda r: STATUS_ORDER.index(r.status) if r.status in STATUS_ORDER else 9)
        return str(best.status), sorted({m for r in results for m in r.missing_facts})


# --- Matching ------------------------------------------------------------------------------------

class Index:
    """Everyone matching may link a registrant to, blocked by ``matching.pass_keys``.

    Slots are appended in a fixed order (existing people by id, then new people in row order),
    so a resumed import sees the same candidates in the same order as an uninterrupted one.
    """

    def __init__(self) -> None:
        self.records: list[matching.Record] = []
        self.blocks: dict[str, list[int]] = {}
        self.undated: dict[str, list[int]] = {}  # the same, for records without an exact birth date

    def add(self, record: matching.Record, keys: set[str] | None = None) -> int:
        slot = len(self.records)
        self.records.append(record)
        exact = record.birth is not None and record.birth_precision == "day"
        for key in keys if keys is not None else matching.pass_keys(record):
            self.blocks.setdefault(key, []).append(slot)
            if not exact:
                self.undated.setdefault(key, []).append(slot)
        return slot

    def best(self, record: matching.Record, keys: set[str]) -> int | None:
        exact = record.birth is not None and record.birth_precision == "day"
        candidates: set[int] = set()
        for key in keys:
            block = self.blocks.get(key)
            if block:
                if len(block) <= CANDIDATE_CAP:
                    candidates.update(block)
                elif not exact:
                    candidates.update(block[-CANDIDATE_CAP:])
            if exact:
                undated = self.undated.get(key)
                if undated:
                    candidates.update(undated[-CANDIDATE_CAP:])
        best_slot, best_score = None, 0.0
        threshold = matching.DUPLICATE_THRESHOLD
        for slot in sorted(candidates):
            other = self.records[slot]
            if matching.score_bound(record, other) < threshold:
                continue
            score = matching.compare(record, other).score
            if score >= threshold and score > best_score:
                best_slot, best_score = slot, score
        return best_slot


# --- The import ----------------------------------------------------------------------------------

def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def get_or_create_drive(*, slug: str, program: str = "tps", country_code: str = "", by: Any = None) -> Drive:
    drive = Drive.objects.filter(slug=slug).first()
    if drive is None:
        drive = Drive.objects.create(slug=slug, name=slug.replace("-", " ").capitalize(), program=program,
                                     country=(country_code or "").upper(), created_by=by)
        log_action(action="drive.create", actor=by, obj=drive, changes={"name": [None, drive.name]})
    return drive


def start_import(*, drive: Drive, data: bytes, filename: str, by: Any = None,
                 columns: dict[str, str] | None = None) -> DriveImport:
    """The import of this file into this drive: the one already begun, or a new one (with the
    columns confirmed on screen, if any; an import begun keeps its own)."""
    digest = checksum(data)
    imp, created = DriveImport.objects.get_or_create(
        drive=drive, checksum=digest,
        defaults={"filename": Path(filename).name, "created_by": by, "columns": dict(columns or {})})
    if created:
        log_action(action="drive.import", actor=by, obj=drive, extra={"file": imp.filename})
    return imp


def summarize(imp: DriveImport) -> dict[str, Any]:
    from django.db.models import Count

    outcomes = dict(imp.registrants.values_list("outcome").annotate(n=Count("pk")).order_by())
    screening = dict(imp.registrants.exclude(outcome=Registrant.Outcome.REJECTED)
                     .values_list("screening_status").annotate(n=Count("pk")).order_by())
    flagged = imp.registrants.exclude(outcome=Registrant.Outcome.REJECTED).exclude(flags=[]).count()
    return {
        "drive": imp.drive.slug, "file": imp.filename, "rows": imp.rows_total,
        "created": outcomes.get(Registrant.Outcome.CREATED, 0),
        "matched_existing": outcomes.get(Registrant.Outcome.MATCHED, 0),
        "duplicates_in_file": outcomes.get(Registrant.Outcome.DUPLICATE, 0),
        "rejected": outcomes.get(Registrant.Outcome.REJECTED, 0),
        "flagged_missing_facts": flagged,
        "screening": {k: v for k, v in sorted(screening.items()) if k},
    }


def rejected_rows(imp: DriveImport) -> list[tuple[int, str]]:
    return list(imp.registrants.filter(outcome=Registrant.Outcome.REJECTED)
                .order_by("row_number").values_list("row_number", "reason"))


def run_import(imp: DriveImport, data: bytes, *, by: Any = None, today: dt.date | None = None,
               progress: Callable[[int, int], None] | None = None, batch: int = BATCH) -> dict[str, Any]:
    """Import (or finish importing) the file; returns the summary. Safe to run again."""
    if imp.status == DriveImport.Status.DONE:
        return imp.summary
    today = today or timezone.localdate()
    drive = imp.drive
    rows = [validate(n, v, e, today=today) for n, v, e in read_table(data, imp.filename, imp.columns or None)]
    if imp.rows_total != len(rows):
        imp.rows_total = len(rows)
        imp.save(update_fields=["rows_total"])
    screener = Screener(drive.program or "tps", today)

    index = Index()
    slot_person: list[int | None] = []
    for record in load_records():
        index.add(record)
        slot_person.append(record.id)  # type: ignore[arg-type]
    linked = set(imp.registrants.exclude(person=None).values_list("person_id", flat=True))
    sites = {s.name: s for s in drive.sites.all()}

    done = imp.rows_done
    if progress:
        progress(done, len(rows))
    while done < len(rows):
        chunk = rows[done:done + batch]
        _save_batch(imp, chunk, index, slot_person, linked, sites, screener, by=by, today=today)
        done += len(chunk)
        if progress:
            progress(done, len(rows))
    summary = summarize(imp)
    DriveImport.objects.filter(pk=imp.pk).update(status=DriveImport.Status.DONE, summary=summary)
    imp.status, imp.summary = DriveImport.Status.DONE, summary
    log_action(action="drive.import_done", actor=by, obj=drive,
               extra={k: summary[k] for k in ("rows", "created", "matched_existing", "duplicates_in_file",
                                              "rejected")})
    return summary


def _record_of(row: Row) -> matching.Record:
    v = row.values
    return matching.make_record(
        None, given_names=v.get("given_names", ""), first_surname=v.get("first_surname", ""),
        second_surname=v.get("second_surname", ""), birth=row.birth, phones=[v.get("phone", "")],
        postcode=v.get("postcode", ""), street=v.get("address", ""), city=v.get("city", ""))


def _save_batch(imp: DriveImport, chunk: list[Row], index: Index, slot_person: list[int | None], linked: set[Any],
                sites: dict[str, DriveSite], screener: Screener, *, by: Any, today: dt.date) -> None:
    drive = imp.drive
    registrants: list[dict[str, Any]] = []
    new: list[tuple[Row, matching.Record, int]] = []  # rows that become people, with their slot
    pending_slot: dict[int, dict[str, Any]] = {}  # registrants waiting for a person created in this batch
    for row in chunk:
        v = row.values
        reg: dict[str, Any] = {"drive_id": drive.pk, "source_import_id": imp.pk, "row_number": row.number,
                               "registered_on": today, "given_names": v.get("given_names", "")[:120],
                               "first_surname": v.get("first_surname", "")[:80],
                               "second_surname": v.get("second_surname", "")[:80]}
        registrants.append(reg)
        if row.reason:
            reg["outcome"], reg["reason"] = Registrant.Outcome.REJECTED, row.reason[:300]
            continue
        status, needs = screener(row)
        reg.update(birth_date=row.birth, entry_date=row.entry, country=row.country, phone=v.get("phone", "")[:40],
                   email=v.get("email", "")[:254], address=v.get("address", "")[:300], city=v.get("city", "")[:120],
                   postcode=v.get("postcode", "")[:20], registered_on=row.registered_on or today, flags=row.flags,
                   screening_status=status, screening_needs=needs)
        site_name = v.get("site", "").strip()[:200]
        if site_name:
            if site_name not in sites:
                sites[site_name], _ = DriveSite.objects.get_or_create(drive=drive, name=site_name)
            reg["site_id"] = sites[site_name].pk
        record = _record_of(row)
        keys = matching.pass_keys(record)
        slot = index.best(record, keys)
        if slot is None:
            reg["outcome"] = Registrant.Outcome.CREATED
            slot = index.add(record, keys)
            slot_person.append(None)
            new.append((row, record, slot))
            pending_slot[slot] = reg
            continue
        person_id = slot_person[slot]
        if person_id is None:  # a person created earlier in this batch
            reg["outcome"], reg["_slot"] = Registrant.Outcome.DUPLICATE, slot
        elif person_id in linked:
            reg["outcome"], reg["person_id"] = Registrant.Outcome.DUPLICATE, person_id
        else:
            reg["outcome"], reg["person_id"] = Registrant.Outcome.MATCHED, person_id
            linked.add(person_id)

    with transaction.atomic():
        person_ids = _insert(Person, [_person(row, record, by) for row, record, _slot in new], ids=True)
        keys, contacts, addresses = [], [], []
        for pk, (row, record, slot) in zip(person_ids, new, strict=True):
            record.id = pk
            slot_person[slot] = pk
            linked.add(pk)
            pending_slot[slot]["person_id"] = pk
            keys.extend((pk, k) for k in sorted(matching.block_keys(record)))
            phone, email = row.values.get("phone", ""), row.values.get("email", "")
            if phone:
                contacts.append({"person_id": pk, "kind": ContactPoint.Kind.PHONE, "value": phone[:200],
                                 "normalized": matching.normalize_phone(phone), "is_primary": True})
            if email:
                contacts.append({"person_id": pk, "kind": ContactPoint.Kind.EMAIL, "value": email[:200],
                                 "normalized": email.lower()[:200], "is_primary": not phone})
            if row.values.get("address"):
                addresses.append({"person_id": pk, "street": row.values["address"][:200],
                                  "city": row.values.get("city", "")[:100],
                                  "postcode": row.values.get("postcode", "")[:20]})
        for reg in registrants:
            slot = reg.pop("_slot", None)
            if slot is not None:
                reg["person_id"] = slot_person[slot]
        _insert_keys(keys)
        _insert(ContactPoint, contacts)
        _insert(Address, addresses)
        _insert(Registrant, registrants)
        DriveImport.objects.filter(pk=imp.pk).update(rows_done=imp.rows_done + len(chunk))
        imp.rows_done += len(chunk)
        _hold_if_asked(imp.rows_done)
        log_action(action="drive.import_batch", actor=by, obj=drive,
                   extra={"file": imp.filename, "rows": [chunk[0].number, chunk[-1].number],
                          "people_created": person_ids})


def _hold_if_asked(rows_done: int) -> None:
    """For the kill -9 test: with ``AMPARO_DRIVE_IMPORT_HOLD=ROWS:PATH`` in the environment, the
    batch that reaches ROWS rows writes PATH and waits, its transaction still open, to be killed:
    the test kills it at the same point every time, in the middle of a batch, whatever the speed."""
    hold = os.environ.get("AMPARO_DRIVE_IMPORT_HOLD", "")
    if not hold:
        return
    rows, _sep, marker = hold.partition(":")
    if rows_done >= int(rows):
        Path(marker).write_text(str(rows_done))
        while True:
            time.sleep(60)


def _person(row: Row, record: matching.Record, by: Any) -> dict[str, Any]:
    v = row.values
    return {
        "given_names": v.get("given_names", "")[:120], "first_surname": v.get("first_surname", "")[:80],
        "second_surname": v.get("second_surname", "")[:80], "birth_date": row.birth, "birth_precision": "day",
        "country_of_birth": v.get("country_of_birth", "")[:80], "nationalities": row.country,
        "match_data": record.to_data(), "created_by_id": by.pk if by is not None else None,
    }


_TEMPLATES: dict[type, tuple[list[Any], list[Any]]] = {}


def _insert(model: type, rows: list[dict[str, Any]], *, ids: bool = False) -> list[int]:
    """Insert rows (field attname → value) in one statement per batch, without building model
    instances: every other column gets what a new instance would (defaults, auto_now), read once
    from the model, so a field another module adds later is filled the same way. With ``ids``,
    the primary keys are taken first (the sequence on PostgreSQL; on SQLite the batch's
    transaction holds the write lock) and returned in row order."""
    if not rows:
        return []
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    template = model()
    base = {f.attname: f.get_db_prep_save(f.pre_save(template, True), connection) for f in fields}
    table, pk_col = model._meta.db_table, model._meta.pk.column
    columns = [f.column for f in fields]
    new_ids: list[int] = []
    with connection.cursor() as cursor:
        if ids:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                               [table, pk_col, len(rows)])
                new_ids = [r[0] for r in cursor.fetchall()]
            else:
                cursor.execute(f'SELECT COALESCE(MAX("{pk_col}"), 0) FROM "{table}"')  # noqa: S608
                first = cursor.fetchone()[0] + 1
                new_ids = list(range(first, first + len(rows)))
            columns = [pk_col, *columns]
        prepare = [(f.attname, base[f.attname], _preparer(f)) for f in fields]
        values = []
        for n, row in enumerate(rows):
            out = [default if name not in row else row[name] if prep is None or row[name] is None else
                   prep(row[name]) for name, default, prep in prepare]
            values.append([new_ids[n], *out] if ids else out)
        quoted = ", ".join(f'"{c}"' for c in columns)
        if connection.vendor == "postgresql":  # COPY: one stream for the batch, no statement per row
            with cursor.cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                for row_values in values:
                    copy.write_row(row_values)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', values)  # noqa: S608
    return new_ids


_PLAIN = (models.CharField, models.TextField, models.IntegerField, models.PositiveIntegerField,
          models.PositiveSmallIntegerField, models.SmallIntegerField, models.BigIntegerField, models.BooleanField,
          models.AutoField, models.BigAutoField)


def _plain(field: Any) -> bool:
    """A field whose database value is the Python value itself (text, numbers, a foreign key's id):
    its values are passed as they are instead of through ``get_db_prep_save`` for every row.
    Exact types only: a subclass (an encrypted or hashed field) goes the long way."""
    if type(field) is models.ForeignKey:
        return _plain(field.target_field)
    return type(field) in _PLAIN


def _preparer(field: Any) -> Callable[[Any], Any] | None:
    """How a value of this field goes to the database: None for as it is; the backend's own
    adapter for plain dates and JSON; else the field's ``get_db_prep_save``."""
    if _plain(field):
        return None
    db = connections[DEFAULT_DB_ALIAS]
    if type(field) is models.DateField:
        return db.ops.adapt_datefield_value
    if type(field) is models.JSONField:
        encoder = field.encoder
        return lambda value: db.ops.adapt_json_value(value, encoder)
    return lambda value: field.get_db_prep_save(value, db)


def _insert_keys(keys: list[tuple[int, str]]) -> None:
    """Blocking keys of the new people: the bulk of the rows written, so written without the ORM."""
    if not keys:
        return
    table = PersonKey._meta.db_table
    person_col = PersonKey._meta.get_field("person").column
    key_col = PersonKey._meta.get_field("key").column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({person_col}, {key_col}) FROM STDIN") as copy:
                for row in keys:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({person_col}, {key_col}) VALUES (%s, %s)", keys)  # noqa: S608


# --- One registrant at a time (the site form) -----------------------------------------------------

ENTRY_FIELDS = ("given_names", "first_surname", "second_surname", "birth_date", "country_of_birth", "phone", "email",
                "address", "city", "postcode", "entry_date")
CANDIDATE_LIMIT = 500


def existing_match(record: matching.Record) -> int | None:
    """The person in People this record is (the best match above the duplicate threshold), or
    None. Candidates are read in one query by the blocking keys People stores for everyone
    (the single-word keys left out: too common), then compared in memory."""
    keys = sorted(k for k in matching.block_keys(record) if not k.startswith("n:"))
    if not keys:
        return None
    ids = list(PersonKey.objects.filter(key__in=keys).order_by("person_id").values_list("person_id", flat=True)
               .distinct()[:CANDIDATE_LIMIT])
    best_id, best_score = None, 0.0
    threshold = matching.DUPLICATE_THRESHOLD
    for other in load_records(Person.objects.current().filter(pk__in=ids)):
        if matching.score_bound(record, other) < threshold:
            continue
        score = matching.compare(record, other).score
        if score >= threshold and score > best_score:
            best_id, best_score = other.id, score
    return best_id


def register_one(*, drive: Drive, values: dict[str, str], site: str = "", by: Any = None,
                 today: dt.date | None = None) -> Registrant:
    """A registrant typed at a site: validated like a file's row (ValueError with the reason when
    it cannot stand for a person), matched against People (an existing person is linked; a
    person already registered in this drive is marked as repeated), screened, saved."""
    from amparo.core.partial_dates import PartialDate
    from amparo.people.services import create_person

    today = today or timezone.localdate()
    row = validate(0, {k: (values.get(k) or "").strip() for k in ENTRY_FIELDS}, "", today=today)
    if row.reason:
        raise ValueError(row.reason)
    v = row.values
    status, needs = Screener(drive.program or "tps", today)(row)
    with transaction.atomic():
        person_id = existing_match(_record_of(row))
        if person_id is None:
            contacts = [{"kind": ContactPoint.Kind.PHONE, "value": v["phone"][:200]}] if v["phone"] else []
            if v["email"]:
                contacts.append({"kind": ContactPoint.Kind.EMAIL, "value": v["email"][:200]})
            addresses = ([{"street": v["address"][:200], "city": v["city"][:100], "postcode": v["postcode"][:20]}]
                         if v["address"] else [])
            person = create_person(by=by, fields={
                "given_names": v["given_names"][:120], "first_surname": v["first_surname"][:80],
                "second_surname": v["second_surname"][:80],
                "birth": PartialDate(row.birth.year, row.birth.month, row.birth.day) if row.birth else None,
                "country_of_birth": v["country_of_birth"][:80], "nationalities": row.country,
            }, contacts=contacts, addresses=addresses)
            person_id, outcome = person.pk, Registrant.Outcome.CREATED
        elif drive.registrants.filter(person_id=person_id).exists():
            outcome = Registrant.Outcome.DUPLICATE
        else:
            outcome = Registrant.Outcome.MATCHED
        site_obj = None
        if site.strip():
            site_obj, _created = DriveSite.objects.get_or_create(drive=drive, name=site.strip()[:200])
        reg = Registrant.objects.create(
            drive=drive, site=site_obj, person_id=person_id, outcome=outcome, given_names=v["given_names"][:120],
            first_surname=v["first_surname"][:80], second_surname=v["second_surname"][:80], birth_date=row.birth,
            country=row.country, phone=v["phone"][:40], email=v["email"][:254], address=v["address"][:300],
            city=v["city"][:120], postcode=v["postcode"][:20], entry_date=row.entry, flags=row.flags,
            screening_status=status, screening_needs=needs, registered_on=today)
        log_action(action="drive.register", actor=by, obj=drive,
                   extra={"registrant": reg.pk, "outcome": outcome, "site": site_obj.name if site_obj else ""})
    return reg
