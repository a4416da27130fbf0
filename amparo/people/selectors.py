"""Reads of people: search, likely matches for intake, the conflict check's findings.

Candidates come from the blocking-key index (``PersonKey``), are scored by ``matching``,
and only then passed through the permission gate, so what a user may not see is never
returned, counted or hinted at (except the conflict check's bare "ask a supervisor").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from amparo.core.encryption import lookup_hash
from amparo.core.permissions import restrict

from . import matching
from .models import Person, PersonKey, Relationship

CANDIDATES = 80
SHOW_THRESHOLD = 0.5
LIKELY_THRESHOLD = 0.62
CONFLICT_THRESHOLD = 0.7


@dataclass
class Found:
    person: Person
    match: matching.Match

    @property
    def score_percent(self) -> int:
        return round(self.match.score * 100)


# Rows read per key, by kind: a very common name costs no more than a rare one, and the
# selective keys (whole name, surname + birth year, birth date, phone) are read further.
PER_KEY = {"gss": 1000, "sy": 1000, "ss": 800, "d": 500, "p": 500, "gs": 300, "n": 200}


def _candidates_sql(keys: set[str], limit: int, *, with_data: bool) -> tuple[str, list[str]]:
    """People sharing the most keys first, ranked inside the database. Each key's block is read
    through the index and cut at ``PER_KEY`` rows, so the cost is bounded however common the
    name is; a key shared with few people says more than one shared with hundreds (like IDF)."""
    ordered = sorted(keys)
    table = PersonKey._meta.db_table
    parts = " UNION ALL ".join(
        f"SELECT person_id, {n} AS n FROM (SELECT person_id FROM {table} WHERE key = %s "  # noqa: S608 - our names
        f"LIMIT {PER_KEY.get(key.split(':', 1)[0], 300)}) AS k{n}" for n, key in enumerate(ordered))
    weighted = f"SELECT person_id, 1.0 / COUNT(*) OVER (PARTITION BY n) AS w FROM ({parts}) AS k"  # noqa: S608
    ranked = f"SELECT person_id, SUM(w) AS weight FROM ({weighted}) AS kw GROUP BY person_id "  # noqa: S608
    ranked += f"ORDER BY weight DESC, person_id LIMIT {int(limit)}"
    if not with_data:
        return ranked, ordered
    people = Person._meta.db_table
    return (f"SELECT p.id, p.match_data FROM ({ranked}) AS top JOIN {people} AS p ON p.id = top.person_id "  # noqa: S608
            "WHERE p.merged_into_id IS NULL ORDER BY top.weight DESC, p.id", ordered)


def candidate_ids(keys: set[str], limit: int = CANDIDATES) -> list[int]:
    """The ids of the best ``limit`` candidates for ``keys`` (see ``_candidates_sql``)."""
    if not keys:
        return []
    sql, params = _candidates_sql(keys, limit, with_data=False)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def candidate_records(keys: set[str], limit: int = CANDIDATES) -> list[tuple[int, dict[str, Any]]]:
    """The best ``limit`` current candidates for ``keys`` with their matching data: one query."""
    if not keys:
        return []
    sql, params = _candidates_sql(keys, limit, with_data=True)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [(pk, json.loads(data) if isinstance(data, str) else data) for pk, data in rows]


PERSON_FIELDS = ("id", "given_names", "first_surname", "second_surname", "preferred_name", "birth_date",
                 "birth_precision", "birth_approximate", "restricted")


def _scored(rows: list[tuple[int, Any]], score: Any, threshold: float, *, a_hashes: list[str] | None = None,
            exclude: int | None = None) -> list[Found]:
    """Score candidates from their stored matching data; load only those that pass."""
    if a_hashes:
        rows = rows + list(Person.objects.current().filter(a_number_hash__in=a_hashes)
                           .exclude(pk__in=[pk for pk, _data in rows]).values_list("pk", "match_data"))
    kept: dict[int, matching.Match] = {}
    for pk, data in rows:
        if pk == exclude:
            continue
        result = score(matching.Record.from_data(pk, data))
        if result.score >= threshold:
            kept[pk] = result
    if not kept:
        return []
    people = Person.objects.filter(pk__in=list(kept)).only(*PERSON_FIELDS)
    return [Found(person, kept[person.pk]) for person in people]


def _visible_ids(user: Any, ids: list[int]) -> set[int]:
    if not ids:
        return set()
    return set(restrict(Person.objects.filter(pk__in=ids), user, "view").values_list("pk", flat=True))


def search_people(user: Any, text: str, *, limit: int = 20, threshold: float = SHOW_THRESHOLD) -> list[Found]:
    """The search box: any order, any part of a name, accents ignored, nicknames understood;
    birth dates, phones and A-numbers too. Ranked, each with its reasons."""
    query = matching.parse_query(text[:200])
    if query.empty:
        return []
    hashes = [lookup_hash(a) for a in query.a_numbers]
    rows = candidate_records(matching.query_keys(query))
    if len(rows) < 5 and query.tokens:  # nothing shares two words: try each word alone
        have = {pk for pk, _data in rows}
        rows += [row for row in candidate_records(matching.query_keys(query, with_single=True)) if row[0] not in have]
    found = _scored(rows, lambda record: matching.score_query(query, record, identifier_hashes=hashes), threshold,
                    a_hashes=hashes)
    found.sort(key=lambda f: (-f.match.score, f.person.first_surname, f.person.pk))
    visible = _visible_ids(user, [f.person.pk for f in found])
    return [f for f in found if f.person.pk in visible][:limit]


def match_record(record: matching.Record, *, limit: int = 10, threshold: float = LIKELY_THRESHOLD,
                 exclude: int | None = None) -> list[Found]:
    """Everyone who may be the person described by ``record``, regardless of who asks
    (callers pass the result through the gate)."""
    rows = candidate_records(matching.record_query_keys(record))
    a_hashes = [record.identifier] if record.identifier else None
    found = _scored(rows, lambda other: matching.compare(record, other), threshold, a_hashes=a_hashes,
                    exclude=exclude)
    found.sort(key=lambda f: -f.match.score)
    return found[:limit]


@dataclass
class IntakeMatches:
    """What the intake screen shows while someone types."""

    likely: list[Found] = field(default_factory=list)  # visible to this user
    conflicts: list[dict[str, Any]] = field(default_factory=list)  # visible conflict findings
    hidden_conflict: bool = False  # something this user may not see: "ask a supervisor"

    @property
    def result(self) -> str:
        return "possible" if self.conflicts or self.hidden_conflict else "clear"


def adverse_person_ids(ids: list[int]) -> dict[int, list[Relationship]]:
    rels = Relationship.objects.filter(other_id__in=ids, kind__in=Relationship.ADVERSE_KINDS).select_related("person")
    out: dict[int, list[Relationship]] = {}
    for rel in rels:
        out.setdefault(rel.other_id, []).append(rel)
    return out


def intake_matches(user: Any, record: matching.Record, *, adverse: list[matching.Record] = (),  # type: ignore[assignment]
                   exclude: int | None = None) -> IntakeMatches:
    """Likely existing records for a walk-in and the conflict check, as ``user`` may see them.

    A conflict is: the walk-in matches someone recorded as the abuser or adverse party of a
    client; or a party they name as adverse matches one of our clients (anyone recorded with an
    intake); or the walk-in matches a restricted person (their file must be checked by someone
    who can open it).
    """
    out = IntakeMatches()
    matches = match_record(record, exclude=exclude) if record.names and record.names[0].given else []
    ids = [f.person.pk for f in matches]
    visible = _visible_ids(user, ids)
    adverse_of = adverse_person_ids(ids)
    for found in matches:
        pk = found.person.pk
        if pk in visible:
            out.likely.append(found)
        if found.match.score < CONFLICT_THRESHOLD:
            continue
        if pk not in visible:
            if found.person.restricted:
                out.hidden_conflict = True
            continue
        for rel in adverse_of.get(pk, []):
            if rel.person_id in _visible_ids(user, [rel.person_id]):
                out.conflicts.append({"kind": "adverse_of_client", "person": found.person, "client": rel.person,
                                      "relationship": rel.get_kind_display(), "match": found.match})
            else:
                out.hidden_conflict = True
    for other in adverse:
        other_matches = match_record(other, threshold=CONFLICT_THRESHOLD, exclude=exclude)
        other_ids = [f.person.pk for f in other_matches]
        other_visible = _visible_ids(user, other_ids)
        client_ids = set(Person.objects.filter(pk__in=other_ids, intakes__isnull=False).values_list("pk", flat=True))
        for found in other_matches:
            if found.person.pk not in client_ids:
                continue
            if found.person.pk in other_visible:
                out.conflicts.append({"kind": "adverse_is_client", "person": found.person, "client": None,
                                      "relationship": "", "match": found.match,
                                      "named": " ".join(other.names[0].given + other.names[0].surnames)})
            else:
                out.hidden_conflict = True
    return out
