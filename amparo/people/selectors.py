"""Reads of people: search, likely matches for intake, the conflict check's findings.

Candidates come from the blocking-key index (``PersonKey``), are scored by ``matching``,
and only then passed through the permission gate, so what a user may not see is never
returned, counted or hinted at (except the conflict check's bare "ask a supervisor").
"""

from __future__ import annotations

from collections import Counter, defaultdict
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


def candidate_ids(keys: set[str], limit: int = CANDIDATES) -> list[int]:
    """People sharing the most keys first. Each key's block is read through the index and cut at
    ``PER_KEY`` rows, so the cost is bounded however common the name is."""
    if not keys:
        return []
    ordered = sorted(keys)
    table = PersonKey._meta.db_table
    parts = [
        f"SELECT person_id, {n} FROM (SELECT person_id FROM {table} WHERE key = %s "  # noqa: S608 - our names
        f"LIMIT {PER_KEY.get(key.split(':', 1)[0], 300)}) AS k{n}" for n, key in enumerate(ordered)
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), ordered)  # the keys themselves are parameters
        rows = cursor.fetchall()
    # A key shared with few people says more than one shared with hundreds (like IDF).
    sizes = Counter(n for _pk, n in rows)
    weight: dict[int, float] = defaultdict(float)
    for pk, n in rows:
        weight[pk] += 1 / sizes[n]
    return [pk for pk, _w in sorted(weight.items(), key=lambda item: (-item[1], item[0]))[:limit]]


PERSON_FIELDS = ("id", "given_names", "first_surname", "second_surname", "preferred_name", "birth_date",
                 "birth_precision", "birth_approximate", "restricted")


def _scored(ids: list[int], score: Any, threshold: float, *, a_hashes: list[str] | None = None,
            exclude: int | None = None) -> list[Found]:
    """Score candidates from their stored matching data; load only those that pass."""
    rows = list(Person.objects.current().filter(pk__in=ids).values_list("pk", "match_data"))
    if a_hashes:
        rows += list(Person.objects.current().filter(a_number_hash__in=a_hashes).exclude(pk__in=ids)
                     .values_list("pk", "match_data"))
    kept: dict[int, matching.Match] = {}
    for pk, data in rows:
        if pk == exclude:
            continue
        result = score(matching.Record.from_data(pk, data))
        if result.score >= threshold:
            kept[pk] = result
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
    ids = candidate_ids(matching.query_keys(query))
    if len(ids) < 5 and query.tokens:  # nothing shares two words: try each word alone
        ids = list(dict.fromkeys(ids + candidate_ids(matching.query_keys(query, with_single=True))))
    found = _scored(ids, lambda record: matching.score_query(query, record, identifier_hashes=hashes), threshold,
                    a_hashes=hashes)
    found.sort(key=lambda f: (-f.match.score, f.person.first_surname, f.person.pk))
    visible = _visible_ids(user, [f.person.pk for f in found])
    return [f for f in found if f.person.pk in visible][:limit]


def match_record(record: matching.Record, *, limit: int = 10, threshold: float = LIKELY_THRESHOLD,
                 exclude: int | None = None) -> list[Found]:
    """Everyone who may be the person described by ``record``, regardless of who asks
    (callers pass the result through the gate)."""
    ids = candidate_ids(matching.record_query_keys(record))
    a_hashes = [record.identifier] if record.identifier else None
    found = _scored(ids, lambda other: matching.compare(record, other), threshold, a_hashes=a_hashes,
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
