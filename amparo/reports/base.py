"""The report catalogue: each report is a small module in ``reports/catalogue/`` with its definition.

A report has a key (``lsc_csr``), a title and a definition written beside it — what is counted,
which dates, which records are left out and why — in English and Spanish, shown above the
numbers on its page and printed in every download. ``compute(params)`` returns one or more
:class:`Table` of counts; the page, the CSV, XLSX, PDF and JSON downloads and
``manage.py report`` all print those same tables (``reports.formats``), so the numbers cannot
differ between them.

Reports count records, they never list them: confidential cases are counted like every other,
and nothing in a report names a person or a case. Reports for people outside the center
(``Params.outside``) suppress small cells (``reports.suppression``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field
from importlib import import_module
from typing import Any

from django.conf import settings
from django.utils import timezone


@dataclass(frozen=True)
class Params:
    start: dt.date
    end: dt.date
    office_id: int | None = None
    program: str = ""  # a served source's key (``core.plugins.ServedSource``): one program only
    funder_id: int | None = None  # a funder (giving.Donor): only the work its grants pay for (ProgramFunding)
    outside: bool = False  # for people outside the center: small cells suppressed
    threshold: int = 5

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("The period ends before it starts.")

    def to_json(self) -> dict[str, Any]:
        """For a task's arguments (JSON): dates as ISO strings."""
        data = asdict(self)
        data["start"], data["end"] = self.start.isoformat(), self.end.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Params:
        return cls(**{**data, "start": dt.date.fromisoformat(data["start"]), "end": dt.date.fromisoformat(data["end"])})

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def since(self) -> dt.datetime:
        """The first moment of the period, in the center's time zone."""
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time.min))

    @property
    def until(self) -> dt.datetime:
        """The first moment after the period."""
        return timezone.make_aware(dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min))


@dataclass(frozen=True)
class Column:
    key: str
    label: Any


@dataclass
class Row:
    key: str
    label: Any
    cells: dict[str, int]


@dataclass
class Table:
    key: str
    title: Any
    columns: list[Column]
    rows: list[Row]
    total_label: Any = ""
    total_column: str | None = None  # the column the chart draws
    totals: dict[str, int] | None = None  # filled by finish()
    shown: dict[tuple[str, str], str] = field(default_factory=dict)  # (row, column) -> "<5" once suppressed
    note: Any = ""
    # Columns that count nobody (a grant's target): never suppressed, never part of a row's sum.
    not_counts: frozenset[str] = frozenset()

    def finish(self, *, with_totals: bool = True) -> Table:
        """Column totals (when asked); row totals are the report's own business."""
        if with_totals:
            self.totals = {c.key: sum(r.cells.get(c.key, 0) for r in self.rows) for c in self.columns}
        return self

    def value(self, row_key: str, column_key: str) -> int | str:
        """What a reader sees in a cell: the count, or its suppressed form."""
        if (row_key, column_key) in self.shown:
            return self.shown[(row_key, column_key)]
        if row_key == "__total__":
            return (self.totals or {}).get(column_key, 0)
        row = next(r for r in self.rows if r.key == row_key)
        return row.cells.get(column_key, 0)

    def matrix(self) -> list[tuple[Row | None, list[int | str]]]:
        """Rows as displayed (the totals last, with row None)."""
        lines: list[tuple[Row | None, list[int | str]]] = [
            (row, [self.value(row.key, c.key) for c in self.columns]) for row in self.rows]
        if self.totals is not None:
            lines.append((None, [self.value("__total__", c.key) for c in self.columns]))
        return lines


# Audit entries that change no record: reading, downloading and preparing reports and files. They
# leave the data's version (and so every cached report) as it was.
READ_ONLY_ACTIONS = ("report.download", "report.prepare", "task.download")

_step: ContextVar[Callable[[int], None] | None] = ContextVar("amparo_report_step", default=None)


@contextlib.contextmanager
def progress(advance: Callable[[int], None]) -> Iterator[None]:
    """While computing a report, ``step()`` calls ``advance`` (a background task's progress)."""
    token = _step.set(advance)
    try:
        yield
    finally:
        _step.reset(token)


def step(n: int = 1) -> None:
    """One part of a report computed (one program, one query): shown as progress when a task runs it."""
    advance = _step.get()
    if advance is not None:
        advance(n)


def data_version() -> tuple[int, dt.datetime] | None:
    """The newest audit entry that records a change: its number and time (a number alone could
    come back after a restore)."""
    from amparo.core.models import AuditEntry

    return (AuditEntry.objects.exclude(action__in=READ_ONLY_ACTIONS).order_by("-pk")
            .values_list("pk", "at").first())


@contextlib.contextmanager
def _analytic() -> Iterator[None]:
    """On PostgreSQL, a report's queries run without JIT compilation (seconds of compiling for a
    query that runs once) and with more memory to sort and group (no spill to disk for a million
    people), for this transaction only."""
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('jit', 'off', true), set_config('work_mem', %s, true)",
                           [settings.AMPARO_REPORT_WORK_MEM])
        yield


# The filters every report's form offers besides the dates. A report says which of them it can
# apply (``Report.filters``); the form marks the others "does not apply" and the command refuses them.
FILTERS = ("office", "program", "funder")


class Report:
    key: str = ""
    title: Any = ""
    filters: frozenset[str] = frozenset({"office"})
    definition: Any = ""  # paragraphs separated by blank lines
    default_period: str = "year"  # "year" or "quarter" or "month"
    capability: str | None = None  # needed besides reports.view (the grants need giving.view)

    def compute(self, params: Params) -> list[Table]:
        raise NotImplementedError

    def unused_filters(self, params: Params) -> list[str]:
        """The filters chosen in ``params`` that this report cannot apply."""
        chosen = {"office": bool(params.office_id), "program": bool(params.program), "funder": bool(params.funder_id)}
        return [name for name in FILTERS if chosen[name] and name not in self.filters]

    def steps(self, params: Params) -> int:
        """How many times ``compute`` calls ``step()``: the progress a background task shows."""
        return 1

    def _cache_key(self, params: Params) -> str:
        from django.utils.translation import get_language

        return "amparo.report:" + hashlib.sha256(
            f"{self.key}|{params}|{get_language()}|{data_version()}".encode()).hexdigest()

    def cached(self, params: Params) -> bool:
        """Whether the tables for ``params`` are ready (computed since the data last changed)."""
        from django.core.cache import cache

        return cache.get(self._cache_key(params)) is not None

    def run(self, params: Params, *, cached: bool = True) -> list[Table]:
        """The report's tables, computed once until the data change.

        Every change to the center's records writes an audit entry (``core.audit``), so the
        newest entry marks the data's version: a report asked again with the same
        parameters and language before any new entry is served from the cache. Entries that
        change nothing (``READ_ONLY_ACTIONS``: a report downloaded) do not count."""
        import copy

        from django.core.cache import cache

        from .suppression import suppress

        key = self._cache_key(params)
        tables = cache.get(key) if cached else None
        if tables is None:
            with _analytic():
                tables = self.compute(params)
            cache.set(key, tables, settings.AMPARO_REPORT_CACHE_SECONDS)
        tables = copy.deepcopy(tables)
        if params.outside:
            for table in tables:
                suppress(table, params.threshold)
        return tables

    def default_dates(self, today: dt.date) -> tuple[dt.date, dt.date]:
        """The last complete period before ``today``."""
        if self.default_period == "quarter":
            quarter_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
            end = quarter_start - dt.timedelta(days=1)
            return dt.date(end.year, 3 * ((end.month - 1) // 3) + 1, 1), end
        if self.default_period == "month":
            end = today.replace(day=1) - dt.timedelta(days=1)
            return end.replace(day=1), end
        return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)


_REPORTS: dict[str, Report] = {}


def register(cls: type[Report]) -> type[Report]:
    _REPORTS[cls.key] = cls()
    return cls


def _discover() -> None:
    for name in settings.AMPARO_REPORTS:
        import_module(name)


def reports() -> list[Report]:
    _discover()
    return sorted(_REPORTS.values(), key=lambda r: str(r.key))


def get(key: str) -> Report:
    _discover()
    return _REPORTS[key]


def count_by(rows: Iterable[dict[str, Any]], row_key: Callable[[dict[str, Any]], str],
             column_key: Callable[[dict[str, Any]], str], *, value: str = "n") -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for item in rows:
        cells = counts.setdefault(row_key(item), {})
        column = column_key(item)
        cells[column] = cells.get(column, 0) + int(item[value])
    return counts
