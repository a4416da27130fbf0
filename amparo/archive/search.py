"""Full-text search over sources and events: one interface, two backends.

``search(query, levels=..., filters=..., limit=..., offset=...)`` answers ranked hits with
highlighted snippets; ``facets(...)`` counts them by year, language, source type, kind,
place, unit and act type. The backend is chosen by the database:

* SQLite: an FTS5 table (``archive_fts``, external content over ``archive_searchdocument``,
  kept by triggers) on the ``terms`` column: words folded, stemmed and synonym-joined in
  Python (``text.py``); ranked by BM25.
* PostgreSQL: a ``tsv`` column (trigger-maintained) combining the document's own language
  configuration (``english`` or ``spanish``, over ``unaccent``-ed text) with ``simple`` over
  the same ``terms``; one GIN index over ``tsv`` and the filter tokens
  (``archive_sdoc_filters(...)``, migration 0005), so filters narrow the candidates inside the
  index as on SQLite; frequent words are looked for among the newest documents first; ranked
  by ``ts_rank_cd``.

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

from django.db import OperationalError, connection, transaction
from django.utils.safestring import SafeString, mark_safe

from .indexing import act_tag
from .models import ActType, SearchDocument
from .text import highlight, parse_groups

# PostgreSQL ranks at most this many matching documents (the first found by the GIN index) and
# counts up to it: each candidate costs a heap visit and a detoasted tsvector, so at a million
# documents a frequent word would otherwise take seconds (bench/bench_archive.py). Below the
# cap, ranking and counts are exact; above it, the count shows as "more than" and the order is
# the best of the candidates: refine with words or facets.
RANK_CANDIDATES = 1000
# SQLite computes BM25 for every match (about 6 µs each); above this many matches, it ranks the
# most recently indexed SQLITE_RANK_CANDIDATES of them (the count stays exact).
SQLITE_RANK_CANDIDATES = 6000
MIN_INDEXED_YEAR, MAX_INDEXED_YEAR = 1900, 2100
# PostgreSQL work_mem for the ranked search query only (SET LOCAL): see PostgresBackend.ranked.
WORK_MEM = "64MB"
# PostgreSQL looks for a word's candidates among the newest PG_RECENT_DOCUMENTS documents first
# (recency buckets of PG_RECENCY_BUCKET ids, migration 0005), then among all if too few match.
PG_RECENT_DOCUMENTS = 65_536
PG_RECENCY_BUCKET = 16_384
# A date range of fewer years than this, or a facet tag, makes a search selective enough to skip
# the newest-first look (PostgresBackend._selective).
SELECTIVE_YEARS = 5


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
            found.append(act_tag(self.act_type))
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
    total_is_lower_bound: bool = False


def _where(levels: tuple[str, ...], filters: Filters, alias: str, *,
           access_index: bool = True) -> tuple[str, list[Any]]:
    # ``access_index=False`` writes the access test so that PostgreSQL cannot answer it from the
    # access index: for a word matching a third of the archive, ANDing the word's bitmap with the
    # access index's (950,000 entries at 1M) cost more than checking access on the rows read.
    access = f"{alias}.access" if access_index else f"({alias}.access || '')"
    clauses = [f"{access} IN ({', '.join(['%s'] * len(levels))})"]
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


def _token(value: str) -> str:
    return "".join(ch for ch in value if ch.isalnum())


class SQLiteBackend:
    """FTS5 alone answers words, access levels and facet filters; dates need the document table."""

    name = "sqlite-fts5"

    def __init__(self, levels: tuple[str, ...], filters: Filters) -> None:
        self.levels = levels
        self.filters = filters

    def match(self, groups: list[list[str]]) -> str:
        words = " AND ".join('terms : "' + " ".join(g) + '"' for g in groups)
        wanted = [f"filters : ({' OR '.join('xacc' + _token(level) for level in self.levels)})"]
        f = self.filters
        for prefix, value in (("xlang", f.language), ("xtype", f.source_type), ("xkind", f.kind)):
            if value:
                wanted.append(f"filters : {prefix}{_token(value)}")
        wanted += [f"filters : {_token(tag)}" for tag in f.tags()]
        if self._years():
            wanted.append(self._years())
        return f"({words}) AND " + " AND ".join(wanted)

    def _years(self) -> str:
        """Year tokens narrowing a date range inside the index (exact for whole years)."""
        start, end = self.filters.date_from, self.filters.date_to
        if not start and not end:
            return ""
        first = start.year if start else MIN_INDEXED_YEAR
        last = end.year if end else MAX_INDEXED_YEAR
        if last - first > 60:
            return ""
        return "filters : (" + " OR ".join(f"y{y}" for y in range(first, last + 1)) + ")"

    def _dates(self) -> tuple[str, str, list[Any]]:
        clauses, params = [], []
        start, end = self.filters.date_from, self.filters.date_to
        if start and (start.month, start.day) != (1, 1) or start and not self._years():
            clauses.append("d.date_hi >= %s")
            params.append(start)
        if end and (end.month, end.day) != (12, 31) or end and not self._years():
            clauses.append("d.date_lo <= %s")
            params.append(end)
        if not clauses:
            return "", "", []
        return " JOIN archive_searchdocument d ON d.id = archive_fts.rowid", " AND " + " AND ".join(clauses), params

    def ranked(self, groups: list[list[str]], where: str, params: list[Any], limit: int,
               offset: int) -> list[tuple[int, float]]:
        join, dates, date_params = self._dates()
        match = self.match(groups)
        floor, floor_params = "", []
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT archive_fts.rowid FROM archive_fts{join} WHERE archive_fts MATCH %s{dates} "
                           "ORDER BY archive_fts.rowid DESC LIMIT 1 OFFSET %s",
                           [match, *date_params, SQLITE_RANK_CANDIDATES])
            row = cursor.fetchone()
            if row is not None:  # too many matches to rank them all quickly: rank the newest
                floor, floor_params = " AND archive_fts.rowid > %s", [row[0]]
            sql = (f"SELECT archive_fts.rowid, archive_fts.rank FROM archive_fts{join} "
                   f"WHERE archive_fts MATCH %s{dates}{floor} ORDER BY archive_fts.rank LIMIT %s OFFSET %s")
            cursor.execute(sql, [match, *date_params, *floor_params, limit, offset])
            return [(row[0], -float(row[1])) for row in cursor.fetchall()]

    def matching_ids_sql(self, groups: list[list[str]], where: str, params: list[Any]) -> tuple[str, list[Any]]:
        join, dates, date_params = self._dates()
        return (f"SELECT archive_fts.rowid FROM archive_fts{join} WHERE archive_fts MATCH %s{dates}",
                [self.match(groups), *date_params])

    all_ids_sql = matching_ids_sql  # never capped on SQLite


class PostgresBackend:
    name = "postgresql-tsvector"

    def __init__(self, raw: list[str] | None = None, levels: tuple[str, ...] = ("public",),
                 filters: Filters | None = None) -> None:
        self.raw = raw or []
        self.levels = levels
        self.filters = filters or Filters()
        self.counted: int | None = None

    def filter_query(self, window: tuple[int, int] | None = None) -> str:
        """The filters as a ``tsquery`` over ``archive_sdoc_filters(...)`` (migration 0005), or "".

        Language, type, kind, facet tags and year ranges become tokens, so the search's one GIN
        index (words and filters) finds only the candidates that pass them; the exact conditions
        (``_where``) are still checked on the few rows left. Access levels join in only with
        another filter (alone they match nearly everything). ``window`` (first and last recency
        bucket) limits the candidates to the newest documents.
        """
        f = self.filters
        parts = [f"'{prefix}{_token(value).lower()}'"
                 for prefix, value in (("xlang", f.language), ("xtype", f.source_type), ("xkind", f.kind)) if value]
        parts += [f"'{_token(tag).lower()}'" for tag in f.tags()]
        if f.date_from or f.date_to:
            first = f.date_from.year if f.date_from else MIN_INDEXED_YEAR
            last = f.date_to.year if f.date_to else MAX_INDEXED_YEAR
            if last - first <= 60:
                parts.append("(" + " | ".join(f"'y{y}'" for y in range(first, last + 1)) + ")")
        if parts:
            parts.append("(" + " | ".join(f"'xacc{_token(level).lower()}'" for level in self.levels) + ")")
        if window:
            parts.append("(" + " | ".join(f"'xrec{b}'" for b in range(window[0], window[1] + 1)) + ")")
        return " & ".join(parts)

    def _filter_sql(self, window: tuple[int, int] | None = None) -> tuple[str, list[Any]]:
        query = self.filter_query(window)
        if not query:
            return "", []
        return (" AND archive_sdoc_filters(d.id, d.access, d.language, d.source_type, d.kind, d.tags, d.date_lo, "
                "d.date_hi) @@ %s::tsquery", [query])

    def _selective(self) -> bool:
        """Whether the filters alone leave few candidates (a place, unit or act-type tag, or a
        range of at most SELECTIVE_YEARS years): then the newest documents seldom hold
        RANK_CANDIDATES matches, and looking there first only adds a second query (at 1M,
        "murder" in a place: 25 ms wasted before the 50-90 ms query over all)."""
        f = self.filters
        if f.tags():
            return True
        if f.date_from and f.date_to:
            return f.date_to.year - f.date_from.year < SELECTIVE_YEARS
        return False

    @staticmethod
    def _window(cursor: Any) -> tuple[int, int] | None:
        """The recency buckets of the newest ``PG_RECENT_DOCUMENTS`` ids, or None for a small archive."""
        cursor.execute("SELECT max(id) FROM archive_searchdocument")
        newest = cursor.fetchone()[0]
        if newest is None or newest <= PG_RECENT_DOCUMENTS:
            return None
        return ((newest - PG_RECENT_DOCUMENTS) // PG_RECENCY_BUCKET, newest // PG_RECENCY_BUCKET)

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
        def query(window: tuple[int, int] | None) -> list[tuple[Any, ...]]:
            filter_sql, filter_params = self._filter_sql(window)
            sql = (
                f"WITH q AS MATERIALIZED (SELECT {self.tsquery(groups)} AS query), "
                "m AS MATERIALIZED (SELECT d.id, d.tsv FROM archive_searchdocument d, q "
                f"WHERE d.tsv @@ q.query{filter_sql} AND {where} LIMIT {RANK_CANDIDATES + 1}) "
                "SELECT m.id, ts_rank_cd(m.tsv, q.query) AS score, (SELECT count(*) FROM m) FROM m, q "
                "ORDER BY score DESC, m.id LIMIT %s OFFSET %s"
            )
            cursor.execute(sql, [*self._query_params(groups), *filter_params, *params, limit, offset])
            return cursor.fetchall()

        with transaction.atomic(), connection.cursor() as cursor:
            # Enough memory for exact bitmaps: with the default 4 MB, a frequent word's bitmap
            # turns lossy and every row of a lossy page has its tsvector detoasted and rechecked.
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
            # JIT compilation pays only for long queries; these are short, and compiling one
            # took 0.2-3 s under load (EXPLAIN ANALYZE at 1M: "JIT ... Total 3212 ms").
            cursor.execute("SET LOCAL jit = off")
            # A frequent word matches hundreds of thousands of documents, and the index scan
            # would collect them all before the first is ranked: look among the newest first,
            # and only if they hold fewer than RANK_CANDIDATES matches, among all.
            window = None if self._selective() else self._window(cursor)
            rows = query(window) if window else []
            if not window or not rows or rows[0][2] <= RANK_CANDIDATES:
                rows = query(None)
        # The candidates were counted in the same pass (no second scan); an offset past the end
        # leaves no row to read the count from, and the caller counts again.
        self.counted = rows[0][2] if rows else None
        return [(row[0], float(row[1])) for row in rows]

    def matching_ids_sql(self, groups: list[list[str]], where: str, params: list[Any]) -> tuple[str, list[Any]]:
        filter_sql, filter_params = self._filter_sql()
        sql = (f"SELECT d.id FROM archive_searchdocument d WHERE d.tsv @@ ({self.tsquery(groups)}){filter_sql} "
               f"AND {where} LIMIT {RANK_CANDIDATES + 1}")
        return sql, [*self._query_params(groups), *filter_params, *params]

    def all_ids_sql(self, groups: list[list[str]], where: str, params: list[Any]) -> tuple[str, list[Any]]:
        """Every matching document, uncapped (for the facets, which count them all)."""
        sql, sql_params = self.matching_ids_sql(groups, where, params)
        return sql.removesuffix(f" LIMIT {RANK_CANDIDATES + 1}"), sql_params


def backend(raw: list[str] | None = None, levels: tuple[str, ...] = ("public",),
            filters: Filters | None = None) -> SQLiteBackend | PostgresBackend:
    if connection.vendor == "postgresql":
        return PostgresBackend(raw, levels, filters)
    return SQLiteBackend(levels, filters or Filters())


def search(query: str, *, levels: tuple[str, ...], filters: Filters | None = None, limit: int = 20,
           offset: int = 0, snippets: bool = True) -> Results:
    """Ranked hits for ``query`` among documents at ``levels``; an empty query lists by date."""
    filters = filters or Filters()
    parsed = parse_groups(query)
    groups = [g for _raw, g in parsed]
    where, params = _where(levels, filters, "d")
    engine = backend([raw for raw, _g in parsed], levels, filters)
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
    counted = getattr(engine, "counted", None) if groups else None
    if counted is not None:
        total = counted
    else:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({count_sql}) AS m", count_params)
            total = cursor.fetchone()[0]
    docs = SearchDocument.objects.defer("terms", "tags").in_bulk([doc_id for doc_id, _score in ranked])
    wanted = {t for g in groups for t in g}
    hits = []
    for doc_id, score in ranked:
        doc = docs.get(doc_id)
        if doc is None:
            continue
        hits.append(Hit(
            doc_id=doc.id, kind=doc.kind, object_id=doc.object_id, identifier=doc.identifier, title=doc.title,
            date=doc.date, score=round(score, 4), language=doc.language, source_type=doc.source_type,
            place=doc.place, access=doc.access,
            snippet=mark_safe(highlight(doc.body, wanted)) if snippets and doc.body else mark_safe(""),  # noqa: S308
        ))
    capped = isinstance(engine, PostgresBackend) and bool(groups) and total > RANK_CANDIDATES
    return Results(query=query, total=min(total, RANK_CANDIDATES) if capped else total, hits=hits,
                   total_is_lower_bound=capped)


def _matches_sql(query: str, levels: tuple[str, ...], filters: Filters) -> tuple[str, list[Any]]:
    """A FROM/WHERE over every matching document (alias ``d``), uncapped, and its parameters."""
    parsed = parse_groups(query)
    groups = [g for _raw, g in parsed]
    postgres = connection.vendor == "postgresql"
    where, params = _where(levels, filters, "d", access_index=not (postgres and groups))
    if not groups:
        return f"archive_searchdocument d WHERE {where}", params
    engine = backend([raw for raw, _g in parsed], levels, filters)
    if isinstance(engine, PostgresBackend):
        filter_sql, filter_params = engine._filter_sql()
        return (f"archive_searchdocument d WHERE d.tsv @@ ({engine.tsquery(groups)}){filter_sql} AND {where}",
                [*engine._query_params(groups), *filter_params, *params])
    ids_sql, ids_params = engine.all_ids_sql(groups, where, params)
    return f"archive_searchdocument d WHERE d.id IN ({ids_sql})", ids_params


def _tuned(cursor: Any) -> None:
    """PostgreSQL settings for one transaction reading many rows: exact bitmaps, no JIT."""
    if connection.vendor == "postgresql":
        cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
        cursor.execute("SET LOCAL jit = off")


def exact_total(query: str, *, levels: tuple[str, ...], filters: Filters | None = None,
                budget_ms: int = 0) -> int | None:
    """The exact number of hits, counted over every match; None if ``budget_ms`` (PostgreSQL's
    statement timeout, 0 for none) ran out first, as it does for a word in a third of 1M documents."""
    from_sql, params = _matches_sql(query, levels, filters or Filters())
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            _tuned(cursor)
            if budget_ms and connection.vendor == "postgresql":
                cursor.execute(f"SET LOCAL statement_timeout = {int(budget_ms)}")
            cursor.execute(f"SELECT count(*) FROM {from_sql}", params)
            return int(cursor.fetchone()[0])
    except OperationalError:  # the statement timeout (QueryCanceled)
        return None


def facets(query: str, *, levels: tuple[str, ...], filters: Filters | None = None) -> dict[str, Counter[str]]:
    """Counts of every matching document (not a sample) by year, language, source type, kind,
    place, unit and act type; ``sum(facets(...)["kind"].values())`` is the exact number of hits.

    One pass over the matching rows: the database groups them by year, language, type, kind and
    their whole ``tags`` string (a few thousand distinct groups even for a word in a third of
    1M documents), and the tags of each group are split here. PostgreSQL reads the matches
    straight from the search index's bitmap (no join back to the table), without JIT.
    """
    from_sql, params = _matches_sql(query, levels, filters or Filters())
    codes = {act_tag(code): code for code in ActType.objects.values_list("code", flat=True)}
    counts: dict[str, Counter[str]] = {k: Counter() for k in ("year", "language", "source_type", "kind", "place",
                                                               "unit", "act_type")}
    with transaction.atomic(), connection.cursor() as cursor:
        _tuned(cursor)
        cursor.execute(f"SELECT substr(d.date, 1, 4), d.language, d.source_type, d.kind, d.tags, COUNT(*) "
                       f"FROM {from_sql} GROUP BY 1, 2, 3, 4, 5", params)
        rows = cursor.fetchall()
    tag_counts: Counter[str] = Counter()
    for year, language, source_type, kind, tags, n in rows:
        if year:
            counts["year"][year] += n
        if language:
            counts["language"][language] += n
        if source_type:
            counts["source_type"][source_type] += n
        counts["kind"][kind] += n
        for tag in (tags or "").split():
            tag_counts[tag] += n
    for tag, n in tag_counts.items():
        if tag.startswith("p"):
            counts["place"][tag[1:]] += n
        elif tag.startswith("u"):
            counts["unit"][tag[1:]] += n
        elif tag.startswith("a"):
            counts["act_type"][codes.get(tag, tag[1:])] += n
    return counts
