"""The people every program served, counted in the database (``ServedSource.queryset``).

When every source offers a queryset, the unduplicated and demographic reports send one query:
the sources' rows as a ``UNION ALL`` (``served``: program, person, office, first served), kept to
one office if the report asks for one, then grouped there, so a million people never leave the
database; only the counts come back. Otherwise they read each source's ``people`` in Python
(``catalogue/unduplicated.py``, ``catalogue/demographics.py``); both give the same counts
(``tests/test_served_in_database.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db import connection

from amparo.core.plugins import ServedSource, resolve

from .base import Params


def in_database(sources: list[ServedSource]) -> bool:
    return bool(sources) and all(source.queryset for source in sources)


Piece = tuple[int, ServedSource, dt.date, dt.date, int | None]


def pieces(sources: list[ServedSource], params: Params) -> list[Piece]:
    """What to ask each source for under the filters: (its index, the source, first and last day,
    the one office kept or None). A funder: each funded program over the funded days, in the
    funded office if the funding names one; a program: that source only."""
    found: list[Piece]
    if params.funder_id:
        from .funding import windows

        index = {source.key: i for i, source in enumerate(sources)}
        found = [(index[w.program], sources[index[w.program]], w.start, w.end, w.office_id)
                 for w in windows(params) if w.program in index]
    else:
        found = [(i, source, params.start, params.end, None) for i, source in enumerate(sources)]
    if params.program:
        found = [piece for piece in found if piece[1].key == params.program]
    return found


def served_rows(sources: list[ServedSource], params: Params) -> Iterator[tuple[int, int, int | None, dt.date]]:
    """The same rows as ``served_cte``, read in Python (a source without a queryset): (program
    index, person, office, first served)."""
    for index, source, start, end, office in pieces(sources, params):
        for person_id, office_id, first in resolve(source.people)(start, end):
            if office and office_id != office:
                continue
            if params.office_id and office_id != params.office_id:
                continue
            yield index, person_id, office_id, first


def served_cte(sources: list[ServedSource], params: Params) -> tuple[str, list[Any]]:
    """``served AS (...)``: program (its index in ``sources``), person, office, first.

    The filters are applied here, in SQL: an office keeps that office's rows; a program keeps
    that source only; a funder keeps each funded program's rows over the funded days (the source
    asked for that piece of the period) and in the funded office, if the funding names one."""
    parts, args = [], []
    for index, source, start, end, office in pieces(sources, params):
        sql, part_args = resolve(source.queryset)(start, end).query.sql_with_params()
        part = (f"SELECT {int(index)} AS program, s.served_person AS person, "  # noqa: S608 - compiled by Django, values are parameters
                f"s.served_office AS office, s.first_served AS first_served FROM ({sql}) s")
        args += list(part_args)
        if office:
            part, args = part + " WHERE s.served_office = %s", [*args, office]
        parts.append(part)
    if not parts:  # nothing funded, or a program no source has: no one
        parts.append("SELECT 0 AS program, CAST(NULL AS INTEGER) AS person, CAST(NULL AS INTEGER) AS office, "
                     "CAST(NULL AS DATE) AS first_served WHERE 1 = 0")
    where = ""
    if params.office_id:
        where, args = " WHERE office = %s", [*args, params.office_id]
    union = " UNION ALL ".join(parts)
    return f"served AS (SELECT program, person, office, first_served FROM ({union}) u{where})", args  # noqa: S608


def _date(value: dt.date) -> Any:
    return connection.ops.adapt_datefield_value(value)


def unduplicated_counts(sources: list[ServedSource], params: Params) -> list[tuple[str, Any, int, int]]:
    """Rows (what, key, people, new): what is "all" (key None), "program" (key: the source's
    index) or "office" (key: the office, None for none). New: the person's first service by any
    program (in the office, if one is asked for) falls on or after the start."""
    cte, args = served_cte(sources, params)
    # Each person's rows numbered once overall, once per program and once per office (windows
    # over the same order by person, no DISTINCT to sort for): a person counts where numbered 1.
    once = ("COALESCE(SUM(CASE WHEN {n} = 1 THEN 1 ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN {n} = 1 THEN is_new ELSE 0 END), 0)")
    sql = (f"WITH {cte}, marked AS (SELECT program, office, "  # noqa: S608 - as above
           f"CASE WHEN MIN(first_served) OVER (PARTITION BY person) >= %s THEN 1 ELSE 0 END AS is_new, "
           f"ROW_NUMBER() OVER (PARTITION BY person) AS in_all, "
           f"ROW_NUMBER() OVER (PARTITION BY person, program) AS in_program, "
           f"ROW_NUMBER() OVER (PARTITION BY person, office) AS in_office FROM served) "
           f"SELECT 'all', NULL, {once.format(n='in_all')} FROM marked "
           f"UNION ALL SELECT 'program', program, {once.format(n='in_program')} FROM marked GROUP BY program "
           f"UNION ALL SELECT 'office', office, {once.format(n='in_office')} FROM marked GROUP BY office")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*args, _date(params.start)])
        return list(cursor.fetchall())


def demographic_counts(sources: list[ServedSource], params: Params) -> list[tuple[Any, ...]]:
    """Rows (what, value, people, income, screened on) over the people served, each once: what is
    "country", "language", "birth" (the birth date as ISO text, None if not recorded), "sex", or
    "household": the household size (value) and income from each person's latest screening saved
    on or before the period's end (``screening.Screening``'s facts, as text), with its date (ISO
    text); people never screened have no "household" row. One statement: the people served are
    found once."""
    from amparo.people.models import Person
    from amparo.screening.models import Screening

    cte, args = served_cte(sources, params)
    person, screening, on = Person._meta.db_table, Screening._meta.db_table, connection.ops.quote_name("on")
    if connection.vendor == "postgresql":
        size, income = "sc.facts->>'household_size'", "sc.facts->>'household_income'"
    else:
        size = "CAST(json_extract(sc.facts, '$.household_size') AS TEXT)"
        income = "CAST(json_extract(sc.facts, '$.household_income') AS TEXT)"
    none = "CAST(NULL AS TEXT), CAST(NULL AS TEXT)"
    sql = (f"WITH {cte}, p AS (SELECT id, country_of_birth, preferred_language, birth_date, sex FROM {person} "  # noqa: S608 - as above
           f"WHERE id IN (SELECT person FROM served)), "
           f"latest AS (SELECT person_id, MAX(id) AS id FROM {screening} "
           f"WHERE {on} <= %s AND person_id IN (SELECT id FROM p) GROUP BY person_id) "
           f"SELECT 'country', country_of_birth, COUNT(*), {none} FROM p GROUP BY country_of_birth "
           f"UNION ALL SELECT 'language', preferred_language, COUNT(*), {none} FROM p GROUP BY preferred_language "
           f"UNION ALL SELECT 'birth', CAST(birth_date AS TEXT), COUNT(*), {none} FROM p GROUP BY birth_date "
           f"UNION ALL SELECT 'sex', sex, COUNT(*), {none} FROM p GROUP BY sex "
           f"UNION ALL SELECT 'household', {size}, COUNT(*), {income}, CAST(sc.{on} AS TEXT) "
           f"FROM {screening} sc JOIN latest ON sc.id = latest.id GROUP BY {size}, {income}, sc.{on}")
    args = [*args, _date(params.end)]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(sql, args)
            return list(cursor.fetchall())
        # PostgreSQL cannot tell how many people the programs' rows hold (it guesses 200) and would
        # look each of 600,000 people up by index, one by one (5 s); a hash join reads the people
        # table once (0.4 s). Only for this query, then the setting is as it was.
        cursor.execute("SELECT current_setting('enable_nestloop'), set_config('enable_nestloop', 'off', true)")
        before = cursor.fetchone()[0]
        try:
            cursor.execute(sql, args)
            return list(cursor.fetchall())
        finally:
            cursor.execute("SELECT set_config('enable_nestloop', %s, true)", [before])
