"""Exports: one registry of exporters, one CSV and XLSX writer, one rule against formulas.

An exporter is a name, a queryset factory and columns. The factory takes the user and the
export's parameters (filters) and returns a queryset; the exporter passes it through the
permission gate (``restrict(queryset, user, action)``) itself, so no exporter can forget it.
Each column has a key (its stable machine name), a translated label and a getter::

    register(Exporter(
        name="people", title=_("People"), model=Person,
        source=lambda user, params: Person.objects.current().prefetch_related("contacts"),
        columns=[Column("id", _("Number"), attrgetter("pk")), Column("given_names", _("Given names")), ...],
    ))

and a tracked task writes it: ``get("people").write(run, fmt="xlsx")``. Files headed by labels are
in the language of whoever asked; ``headers="keys"`` keeps the machine names (an export that is
also an import format, like the archive's). Apps keep their exporters in ``<app>/exports.py``,
which the registry imports on first use, so a new app (the reports) only registers there.

Formula injection (OWASP "CSV injection"): a text cell that starts with ``= + - @``, a tab or a
carriage return, also after leading spaces, is written with a leading apostrophe, in CSV and in
XLSX alike (``neutralize``); ``restore`` undoes it for an export that is imported back.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise

from .permissions import restrict

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")
BOM = "\ufeff"  # so spreadsheet programs read UTF-8 (accents) correctly


def neutralize(value: Any) -> Any:
    """A text cell a spreadsheet could run as a formula, made inert with a leading apostrophe."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value and (value[0] in FORMULA_STARTS or value.lstrip()[:1] in FORMULA_STARTS):
        return "'" + value
    return value


def restore(value: str) -> str:
    """The text before ``neutralize`` (for exports that are imported back)."""
    if value.startswith("'") and neutralize(value[1:]) != value[1:]:
        return value[1:]
    return value


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralize(value)


def _cell(value: Any) -> Any:
    """A value as an XLSX cell: numbers and dates stay typed, text is neutralized."""
    if value is None:
        return None
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, bool | int | float | dt.date):
        return value
    return neutralize(str(value))


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[Any] | None, rows: Iterable[Sequence[Any]], *, bom: bool = True) -> Iterator[str]:
    """CSV text, line by line (for streaming responses), every cell through ``neutralize``."""
    writer = csv.writer(_Echo())
    if bom:
        yield BOM
    if header is not None:
        yield writer.writerow([_text(h) for h in header])
    for row in rows:
        yield writer.writerow([_text(v) for v in row])


def write_csv(path: Path | str, header: Sequence[Any] | None, rows: Iterable[Sequence[Any]], *,
              bom: bool = True) -> None:
    with open(path, "w", newline="", encoding="utf-8") as out:
        out.writelines(csv_lines(header, rows, bom=bom))


def write_xlsx(path: Path | str, header: Sequence[Any] | None, rows: Iterable[Sequence[Any]], *,
               sheet: str = "export") -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    page = book.create_sheet(str(sheet)[:31])
    if header is not None:
        page.append([_cell(h) for h in header])
    for row in rows:
        page.append([_cell(v) for v in row])
    book.save(path)


def write(path: Path | str, fmt: str, header: Sequence[Any] | None, rows: Iterable[Sequence[Any]], *,
          sheet: str = "export") -> None:
    if fmt == "xlsx":
        write_xlsx(path, header, rows, sheet=sheet)
    elif fmt == "csv":
        write_csv(path, header, rows)
    else:
        raise ValueError(f"unknown export format {fmt!r}")


@dataclass(frozen=True)
class Column:
    key: str
    label: Any  # translated (lazily); the header in the reader's language
    value: Callable[[Any], Any] | None = None  # default: the attribute named ``key``

    def get(self, obj: Any) -> Any:
        return (self.value or attrgetter(self.key))(obj)


Source = Callable[[Any, dict[str, Any]], "QuerySet[Any]"]


@dataclass(frozen=True)
class Exporter:
    name: str
    title: Any
    source: Source  # (user, params) -> queryset, before the gate
    columns: Sequence[Column]
    action: str = "export"  # the permission the gate checks
    headers: str = "labels"  # or "keys"
    chunk: int = 1000
    sheet: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def queryset(self, user: Any, params: dict[str, Any] | None = None) -> QuerySet[Any]:
        """The records ``user`` may export, through the permission gate."""
        return restrict(self.source(user, dict(params or {})), user, self.action)

    def header(self) -> list[str]:
        return [c.key if self.headers == "keys" else str(c.label) for c in self.columns]

    def rows(self, queryset: Iterable[Any]) -> Iterator[list[Any]]:
        items = queryset.iterator(chunk_size=self.chunk) if isinstance(queryset, QuerySet) else queryset
        for obj in items:
            yield [c.get(obj) for c in self.columns]

    def records(self, user: Any, params: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        """Raw values by column key (for JSON)."""
        keys = [c.key for c in self.columns]
        for row in self.rows(self.queryset(user, params)):
            yield dict(zip(keys, row, strict=True))

    def stream_csv(self, user: Any, params: dict[str, Any] | None = None) -> Iterator[str]:
        return csv_lines(self.header(), self.rows(self.queryset(user, params)))

    def write(self, run: Any, *, fmt: str = "csv", params: dict[str, Any] | None = None,
              user: Any = None) -> str:
        """Write the export for the run's owner as a result file, advancing the run row by row."""
        from .i18n import language

        if fmt not in FORMATS:
            raise ValueError(f"unknown export format {fmt!r}")
        user = user if user is not None else run.owner
        qs = self.queryset(user, params)
        run.start(total=qs.count())
        path = run.result_path(f".{fmt}")

        def counted() -> Iterator[list[Any]]:
            for row in self.rows(qs):
                yield row
                run.advance()

        with language(getattr(user, "language", None) or "en"):
            write(path, fmt, self.header(), counted(), sheet=self.sheet or self.name)
        stamp = timezone.localdate().isoformat()
        return run.finish(path=path, name=f"{self.name}-{stamp}.{fmt}")


_REGISTRY: dict[str, Exporter] = {}
_discovered = False


def register(exporter: Exporter) -> Exporter:
    _REGISTRY[exporter.name] = exporter
    return exporter


def _discover() -> None:
    global _discovered
    if not _discovered:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("exports")
        _discovered = True


def get(name: str) -> Exporter:
    _discover()
    return _REGISTRY[name]


def exporters() -> list[Exporter]:
    _discover()
    return sorted(_REGISTRY.values(), key=lambda e: e.name)


# --- The audit trail ---------------------------------------------------------------------------

def _audit_entries(user: Any, params: dict[str, Any]) -> QuerySet[Any]:
    from .selectors import audit_entries, parse_filters

    return audit_entries(user, parse_filters(params)).order_by("at", "id")


def _json(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


# Headed by stable machine names: the audit export is read by tools as much as by people.
register(Exporter(
    name="audit", title="audit", source=_audit_entries, headers="keys", chunk=500,
    columns=[
        Column("at", "at", lambda e: e.at.astimezone(timezone.get_default_timezone()).isoformat()),
        Column("actor", "actor", attrgetter("actor_label")),
        Column("action", "action"),
        Column("object_type", "object_type"),
        Column("object_id", "object_id"),
        Column("object", "object", attrgetter("object_label")),
        Column("changes", "changes", lambda e: _json(e.changes)),
        Column("details", "details", lambda e: _json(e.extra)),
        Column("ip_address", "ip_address", lambda e: e.ip_address or ""),
        Column("user_agent", "user_agent"),
        Column("request_id", "request_id"),
    ],
))
