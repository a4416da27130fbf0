"""Full-text search over sources and events: one interface, two backends.

``search(query, levels=..., filters=..., limit=..., offset=...)`` answers ranked hits with
highlighted snippets; ``facets(...)`` counts them by year, language, source type, kind,
place, unit and act type. The backend is chosen by the database:

* SQLite: an FTS5 table (``archive_fts``, external content over ``archive_searchdocument``,
  kept by triggers) on the ``terms`` column: words folded, stemmed and synonym-joined in
  Python (``text.py``); ranked by BM25.
* PostgreSQL: a ``tsv`` column (trigger-maintained) combining the document's own language
  configuration (``english`` or ``spanish``, over ``unaccent``-ed text) with ``simple`` over
  the same ``terms``; a GIN index; ranked by ``ts_rank_cd``.

Both read the same ``terms``, so "jesuit", "JESUITS", "jesuitas" and "Jesuitas" agree on both.
The caller passes the access ``levels`` the reader may see (``policies.levels_for``); hits
are then re-checked through the permission gate by the selectors.
"""
# The SQL below is built from fixed column names; every value travels as a parameter.
# ruff: noqa: S608

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils.safestring import SafeString, mark_safe

from .models import SearchDocument
from .text import highlight, parse_groups

FACET_SAMPLE = 5000


@dataclass
class Filters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    place: int | None = None
    act_type: str = ""
    unit: int | None = None
    source_type: str = ""
    language: str = ""
    kind: str = ""

    def tags(self) -> list[str]:
        found = []
        if self.place:
            found.append(f"p{self.place}")
        if self.unit:
            found.append(f"u{self.unit}")
        if self.act_type:
            found.append(f"a-{self.act_type}")
        return found


@dataclass
class Hit:
    doc_id: int
    kind: str
    object_id: int
    identifier: str
    title: str
    date: str
    score: float
    snippet: SafeString = field(default_factory=lambda: mark_safe(""))
    language: str = ""
    source_type: str = ""
    place: str = ""
    access: str = ""


@dataclass
class Results:
    query: str
    total: int
    hits: list[Hit]


def _where(levels: tuple[str, ...], filters: Filters, alias: str) -> tuple[str, list[Any]]:
    clauses = [f"{alias}.access IN ({', '.join(['%s'] * len(levels))})"]
    params: list[Any] = list(levels)
    if filters.date_from:
        clauses.append(f"{alias}.date_hi >= %s")
        params.append(filters.date_from)
    if filters.date_to:
        clauses.append(f"{alias}.date_lo <= %s")
        params.append(filters.date_to)
    for name in ("language", "source_type", "kind"):
        value = getattr(filters, name)
        if value:
            clauses.append(f"{alias}.{name} = %s")
            params.append(value)
    for tag in filters.tags():
        clauses.append(f"{alias}.tags LIKE %s")
        params.append(f"% {tag} %")
    return " AND ".join(clauses), params


class SQLiteBackend:
    name = "sqlite-fts5"

    def match(self, groups: list[list[str]]) -> str:
        return " AND ".join('"' + " ".join(g) + '"' for g in groups)

    def ranked(self, groups: list[list[str]], where: str, params: list[Any], limit: int,
               offset: int) -> list[tuple[int, float]]:
        sql = (
            "SELECT d.id, bm25(archive_fts) AS score FROM archive_fts "
            "JOIN archive_searchdocument d ON d.id = archive_fts.rowid "
            f"WHERE archive_fts MATCH %s AND {where} ORDER BY score, d.id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.match(groups), *params, limit, offset])
            return [(row[0], -float(row[1])) for row in cursor.fetchall()]

    def matching_ids_sql(self, groups: list[list[str]], where: str, params: list[Any]) -> tuple[str, list[Any]]:
        sql = (
            "SELECT d.id FROM archive_fts JOIN archive_searchdocument d ON d.id = archive_fts.rowid "
            f"WHERE archive_fts MATCH %s AND {where}"
        )
        return sql, [self.match(groups), *params]


class PostgresBackend:
    name = "postgresql-tsvector"

    def __init__(self, raw: list[str] | None = None) -> None:
        self.raw = raw or []

    def tsquery(self, groups: list[list[str]]) -> str:
        # Each group is looked for as the stored terms (simple: folded, stemmed, synonyms) or
        # through the English and Spanish dictionaries of the words as typed; groups are ANDed.
        one = ("(phraseto_tsquery('simple', %s) || phraseto_tsquery('english', unaccent(%s)) "
               "|| phraseto_tsquery('spanish', unaccent(%s)))")
        return " && ".join(one for _ in groups)

    def _query_params(self, groups: list[list[str]]) -> list[str]:
        raw = self.raw or [" ".join(g) for g in groups]
        params: list[str] = []
        for typed, group in zip(raw, groups, strict=False):
            params += [" ".join(group), typed, typed]
        return params

    def ranked(self, groups: list[list[str]], where: str, params: list[Any], limit: int,
               offset: int) -> list[tuple[int, float]]:
        sql = (
            f"WITH q AS (SELECT {self.tsquery(groups)} AS query) "
            "SELECT d.id, ts_rank_cd(d.tsv, q.query) AS score FROM archive_searchdocument d, q "
            f"WHERE d.tsv @@ q.query AND {where} ORDER BY score DESC, d.id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*self._query_params(groups), *params, limit, offset])
            return [(row[0], float(row[1])) for row in cursor.fetchall()]

    def matching_ids_sql(self, groups: list[list[str]], where: str, params: list[Any]) -> tuple[str, list[Any]]:
        sql = f"SELECT d.id FROM archive_searchdocument d WHERE d.tsv @@ ({self.tsquery(groups)}) AND {where}"
        return sql, [*self._query_params(groups), *params]


def backend(raw: list[str] | None = None) -> SQLiteBackend | PostgresBackend:
    return PostgresBackend(raw) if connection.vendor == "postgresql" else SQLiteBackend()


def search(query: str, *, levels: tuple[str, ...], filters: Filters | None = None, limit: int = 20,
           offset: int = 0, snippets: bool = True) -> Results:
    """Ranked hits for ``query`` among documents at ``levels``; an empty query lists by date."""
    filters = filters or Filters()
    parsed = parse_groups(query)
    groups = [g for _raw, g in parsed]
    where, params = _where(levels, filters, "d")
    engine = backend([raw for raw, _g in parsed])
    if groups:
        ranked = engine.ranked(groups, where, params, limit, offset)
        count_sql, count_params = engine.matching_ids_sql(groups, where, params)
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.id, 0 FROM archive_searchdocument d WHERE {where} "
                "ORDER BY d.date_lo, d.id LIMIT %s OFFSET %s", [*params, limit, offset])
            ranked = [(row[0], 0.0) for row in cursor.fetchall()]
        count_sql, count_params = f"SELECT d.id FROM archive_searchdocument d WHERE {where}", params
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({count_sql}) AS m", count_params)
        total = cursor.fetchone()[0]
    docs = SearchDocument.objects.in_bulk([doc_id for doc_id, _score in ranked])
    wanted = {t for g in groups for t in g}
    hits = []
    for doc_id, score in ranked:
        doc = docs[doc_id]
        hits.append(Hit(
            doc_id=doc.id, kind=doc.kind, object_id=doc.object_id, identifier=doc.identifier, title=doc.title,
            date=doc.date, score=round(score, 4), language=doc.language, source_type=doc.source_type,
            place=doc.place, access=doc.access,
            snippet=mark_safe(highlight(doc.body, wanted)) if snippets and doc.body else mark_safe(""),  # noqa: S308
        ))
    return Results(query=query, total=total, hits=hits)


def facets(query: str, *, levels: tuple[str, ...], filters: Filters | None = None) -> dict[str, Counter[str]]:
    """Counts of the matching documents by facet (over the best ``FACET_SAMPLE`` when there are more)."""
    filters = filters or Filters()
    parsed = parse_groups(query)
    groups = [g for _raw, g in parsed]
    where, params = _where(levels, filters, "d")
    engine = backend([raw for raw, _g in parsed])
    if groups:
        ranked = engine.ranked(groups, where, params, FACET_SAMPLE, 0)
        ids = [doc_id for doc_id, _ in ranked]
        rows = SearchDocument.objects.filter(id__in=ids).values_list("date", "language", "source_type", "kind", "tags")
    else:
        rows = SearchDocument.objects.raw(
            f"SELECT d.id, d.date, d.language, d.source_type, d.kind, d.tags FROM archive_searchdocument d "
            f"WHERE {where} ORDER BY d.date_lo LIMIT {FACET_SAMPLE}", params)
        rows = [(r.date, r.language, r.source_type, r.kind, r.tags) for r in rows]
    counts: dict[str, Counter[str]] = {k: Counter() for k in ("year", "language", "source_type", "kind", "place",
                                                               "unit", "act_type")}
    for date, language, source_type, kind, tags in rows:
        if date:
            counts["year"][date[:4]] += 1
        if language:
            counts["language"][language] += 1
        if source_type:
            counts["source_type"][source_type] += 1
        counts["kind"][kind] += 1
        for tag in tags.split():
            if tag.startswith("p"):
                counts["place"][tag[1:]] += 1
            elif tag.startswith("u"):
                counts["unit"][tag[1:]] += 1
            elif tag.startswith("a-"):
                counts["act_type"][tag[2:]] += 1
    return counts
