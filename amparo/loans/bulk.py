"""Writing many rows at once, for close of business (tens of thousands of loans a night).

Django's ``bulk_create`` and ``bulk_update`` build a model instance and prepare every field of
every row in Python, and ``bulk_update`` writes one ``CASE`` per column: most of close of
business's time went there. These helpers write plain tuples instead:

- ``insert``: on PostgreSQL by ``COPY`` (ids reserved first with ``new_ids``, so lines can name
  their entries), or ``INSERT ... SELECT FROM unnest(arrays) ON CONFLICT DO NOTHING``; elsewhere
  a multi-row ``INSERT`` (optionally ``ON CONFLICT DO NOTHING``).
- ``update``: ``UPDATE ... FROM`` the new values (PostgreSQL: one array a column; elsewhere
  ``VALUES`` in batches), setting each row's new values.

They write what they are given: the callers (``ledger.post_many``, ``cob``) check money first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models

BATCH = 500


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _columns(model: type[models.Model], names: Sequence[str]) -> list[str]:
    return [model._meta.get_field(name).column for name in names]


def new_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` fresh ids from the table's sequence (PostgreSQL)."""
    if not count:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                       [table, count])
        return [row[0] for row in cursor.fetchall()]


def _arrays(model: type[models.Model], names: Sequence[str], rows: list[Sequence[Any]]) -> tuple[str, list]:
    """PostgreSQL: ``unnest`` of one typed array a column (a handful of parameters, however many rows)."""
    types = [model._meta.get_field(name).db_type(connection) for name in names]
    sql = "unnest(" + ", ".join(f"CAST(%s AS {t}[])" for t in types) + ")"
    return sql, [list(column) for column in zip(*rows, strict=True)]


def insert(model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]], *,
           ignore_conflicts: bool = False) -> None:
    """Insert rows (tuples in the order of ``names``, field names)."""
    rows = list(rows)
    if not rows:
        return
    table, columns = model._meta.db_table, _columns(model, names)
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if is_postgresql() and not ignore_conflicts:
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        if is_postgresql():
            source, params = _arrays(model, names, rows)
            cursor.execute(f"INSERT INTO {table} ({quoted}) SELECT * FROM {source} ON CONFLICT DO NOTHING",  # noqa: S608
                           params)
            return
        one = "(" + ", ".join(["%s"] * len(columns)) + ")"
        tail = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
        for start in range(0, len(rows), BATCH):
            batch = rows[start:start + BATCH]
            cursor.execute(f"INSERT INTO {table} ({quoted}) VALUES {', '.join([one] * len(batch))}{tail}",  # noqa: S608 - names from the model, values are parameters
                           [value for row in batch for value in row])


def update(model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Set fields of many rows: each row is ``(pk, value of names[0], value of names[1], ...)``."""
    rows = list(rows)
    if not rows:
        return
    meta = model._meta
    table, columns = meta.db_table, _columns(model, names)
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(c)} = v.column{i + 2}" for i, c in enumerate(columns))
    if is_postgresql():
        source, params = _arrays(model, [meta.pk.name, *names], rows)
        aliases = ", ".join(f"column{i + 1}" for i in range(len(names) + 1))
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET {sets} FROM {source} AS v ({aliases}) "  # noqa: S608 - as above
                           f"WHERE {table}.{quote(meta.pk.column)} = v.column1", params)
        return
    one = "(" + ", ".join(["%s"] * (len(names) + 1)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            batch = rows[start:start + BATCH]
            values = ", ".join([one] * len(batch))
            cursor.execute(f"UPDATE {table} SET {sets} FROM (VALUES {values}) AS v "  # noqa: S608 - as above
                           f"WHERE {table}.{quote(meta.pk.column)} = v.column1",
                           [value for row in batch for value in row])
