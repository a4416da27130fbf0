"""Load the packaged rule data, layer overrides on it, and answer "what applies on this date".

``load_ruleset()`` reads ``data/*.toml`` (each file a list of ``[[record]]`` tables), checks
every record against its kind's schema (see records.py) and returns an immutable
:class:`RuleSet`. ``load_ruleset(overrides)`` adds records given as mappings (the same shape
as a TOML record, dates as ``date`` objects or ``YYYY-MM-DD`` strings), for instance a new
TPS notice an administrator entered in the app.

Layering: for a given kind and key (e.g. ``tps_status`` for country SV, cohort 2001), the
record that applies on a date is the one in force that day with the latest
``effective_from``; on a tie, an override beats packaged data and a later override beats an
earlier one. So a new notice takes over from its effective date, and packaged data still
answers for dates before it.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from .messages import MESSAGES_DIR, catalogue
from .records import Record, RuleDataError, Value, build_record

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class RuleSet:
    """Packaged records plus overrides; immutable, safe to share between threads."""

    records: tuple[Record, ...]
    version: str
    _by_kind: Mapping[str, tuple[Record, ...]] = field(
        repr=False, compare=False, default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        by_kind: dict[str, list[Record]] = {}
        for rec in self.records:
            by_kind.setdefault(rec.kind, []).append(rec)
        object.__setattr__(self, "_by_kind", MappingProxyType({k: tuple(v) for k, v in by_kind.items()}))

    @property
    def rules_version(self) -> str:
        return self.version

    def of_kind(self, kind: str, **match: Value) -> tuple[Record, ...]:
        """Every record of ``kind`` whose fields equal ``match``, in load order."""
        return tuple(r for r in self._by_kind.get(kind, ()) if _matches(r, match))

    def all_at(self, kind: str, on: date, **match: Value) -> tuple[Record, ...]:
        """Every matching record in force on ``on`` (for kinds where several apply at once)."""
        return tuple(r for r in self.of_kind(kind, **match) if r.in_force(on))

    def at(self, kind: str, on: date, **match: Value) -> Record | None:
        """The one matching record that applies on ``on`` (see the layering rule above)."""
        best: tuple[date, int] | None = None
        chosen: Record | None = None
        for index, rec in enumerate(self.of_kind(kind, **match)):
            if rec.in_force(on) and (best is None or (rec.effective_from, index) >= best):
                best, chosen = (rec.effective_from, index), rec
        return chosen

    def by_id(self, record_id: str) -> Record:
        for rec in self.records:
            if rec.id == record_id:
                return rec
        raise KeyError(record_id)


def _matches(rec: Record, match: Mapping[str, Value]) -> bool:
    return all(rec.get(k) == v for k, v in match.items())


def load_ruleset(overrides: Iterable[Mapping[str, object]] = ()) -> RuleSet:
    """The packaged rules, with ``overrides`` layered on them (validated like packaged data)."""
    overrides = tuple(overrides)
    if not overrides:
        return _packaged()
    base = _packaged()
    seen = {r.id for r in base.records}
    extra: list[Record] = []
    for index, raw in enumerate(overrides, start=1):
        rid = raw.get("id") if isinstance(raw, Mapping) else None
        where = f"override #{index} (id {rid!r})"
        rec = build_record(raw, where, origin="override", string_dates=True)
        _check_record(rec, where, seen)
        extra.append(rec)
    digest = hashlib.sha256(base.version.encode())
    digest.update(json.dumps([r.to_dict() for r in extra], sort_keys=True).encode())
    records = base.records + tuple(extra)
    return RuleSet(records=records, version=_version(records, digest.hexdigest()))


@lru_cache(maxsize=1)
def _packaged() -> RuleSet:
    files = sorted(DATA_DIR.glob("*.toml"))
    if not files:
        raise RuleDataError(f"no rule data found in {DATA_DIR}")
    digest = hashlib.sha256()
    records: list[Record] = []
    seen: set[str] = set()
    for path in files:
        raw_bytes = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + raw_bytes + b"\0")
        records.extend(_load_file(path.name, raw_bytes, seen))
    for path in sorted(MESSAGES_DIR.glob("*.toml")):
        digest.update(b"messages/" + path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return RuleSet(records=tuple(records), version=_version(records, digest.hexdigest()))


def load_file(name: str, raw_bytes: bytes) -> list[Record]:
    """Validate one data file's bytes (used by the loader and by tests of bad files)."""
    return _load_file(name, raw_bytes, set())


def _load_file(name: str, raw_bytes: bytes, seen: set[str]) -> list[Record]:
    try:
        data = tomllib.loads(raw_bytes.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RuleDataError(f"{name}: not valid TOML: {exc}") from None
    unknown = set(data) - {"record"}
    if unknown:
        raise RuleDataError(f"{name}: unexpected top-level key(s) {', '.join(sorted(unknown))}; "
                            "a data file holds only [[record]] tables")
    raw_records = data.get("record", [])
    if not isinstance(raw_records, list):
        raise RuleDataError(f"{name}: 'record' must be an array of tables ([[record]])")
    out: list[Record] = []
    for index, raw in enumerate(raw_records, start=1):
        rid = raw.get("id") if isinstance(raw, dict) else None
        where = f"{name}: record #{index} (id {rid!r})"
        rec = build_record(raw, where, origin=f"data/{name}", string_dates=False)
        _check_record(rec, where, seen)
        out.append(rec)
    return out


def _check_record(rec: Record, where: str, seen: set[str]) -> None:
    if rec.id in seen:
        raise RuleDataError(f"{where}: id {rec.id!r} is used by another record")
    seen.add(rec.id)
    if rec.message is not None and rec.message not in catalogue():
        raise RuleDataError(f"{where}: message {rec.message!r} is not in the catalogue (data/messages)")


def _version(records: Iterable[Record], hexdigest: str) -> str:
    """``<latest effective_from in the data>.<12 hex digits of the content hash>``."""
    latest = max((r.effective_from for r in records), default=date.min)
    return f"{latest.isoformat()}.{hexdigest[:12]}"
