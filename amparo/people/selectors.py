"""Reads of people: search, likely matches for intake, the conflict check's findings.

Candidates come from the blocking-key index (``PersonKey``), are scored by ``matching``,
and only then passed through the permission gate, so what a user may not see is never
returned, counted or hinted at (except the bare "a restricted record may match; ask a
supervisor" of intake and the conflict check). The front desk finds people by their card
(``policies.findable_people_q``): a person whose file is restricted is still found, with
nothing of the file; only a hidden person is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from amparo.accounts.roles import has_capability
from amparo.core.encryption import lookup_hash
from amparo.core.permissions import can, restrict

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
    card_only: bool = False  # the user sees this person's front-desk card, not the file

    @property
    def score_percent(self) -> int:
        return round(self.match.score * 100)


# Rows read per key, by kind: a very common name costs no more than a rare one, and the
# selective keys (birth date, phone, whole name) are read further. A block bigger than its cap
# is a common name: the rows read are an arbitrary part of it, which adds little but cost (at
# a million people "María Hernández López" has thousands of rows), so the caps stay small and
# the person is found through the keys that tell people apart (birth date, phone, whole name).
PER_KEY = {"d": 500, "p": 500, "gss": 400, "sy": 300, "ss": 300, "gs": 150, "n": 200}
RECORD_CANDIDATES = 50  # for intake and the conflict check, which know more than a typed query


def _ranked_sql(keys: set[str], limit: int) -> tuple[str, list[str]]:
    """People sharing the most keys first, ranked inside the database. Each key's block is read
    through the index and cut at ``PER_KEY`` rows, so the cost is bounded however common the
    name is; a key shared with few people says more than one shared with hundreds (like IDF).
    Floating point, not numeric: summing a few thousand weights is then cheap."""
    ordered = sorted(keys)
    table = PersonKey._meta.db_table
    parts = " UNION ALL ".join(
        f"SELECT person_id, {n} AS n FROM (SELECT person_id FROM {table} WHERE key = %s "  # noqa: S608 - our names
        f"LIMIT {PER_KEY.get(key.split(':', 1)[0], 300)}) AS k{n}" for n, key in enumerate(ordered))
    weighted = (f"SELECT person_id, CAST(1 AS DOUBLE PRECISION) / COUNT(*) OVER (PARTITION BY n) AS w "  # noqa: S608
                f"FROM ({parts}) AS k")
    ranked = f"SELECT person_id, SUM(w) AS weight FROM ({weighted}) AS kw GROUP BY person_id "  # noqa: S608
    ranked += f"ORDER BY weight DESC, person_id LIMIT {int(limit)}"
    return ranked, ordered


def candidate_ids(keys: set[str], limit: int = CANDIDATES) -> list[int]:
    """The ids of the best ``limit`` candidates for ``keys`` (see ``_ranked_sql``)."""
    if not keys:
        return []
    sql, params = _ranked_sql(keys, limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


PERSON_FIELDS = ("id", "given_names", "first_surname", "second_surname", "preferred_name", "birth_date",
                 "birth_precision", "birth_approximate", "restricted", "hidden")


def candidate_people(keys: set[str], limit: int = CANDIDATES) -> list[Person]:
    """The best ``limit`` current candidates for ``keys``, in one query: each person with the
    fields pages show, ``match_data``, and ``adverse`` (recorded as someone's abuser or adverse
    party, so the conflict check reads relationships only when there are some)."""
    if not keys:
        return []
    ranked, params = _ranked_sql(keys, limit)
    people = Person._meta.db_table
    rel = Relationship._meta.db_table
    kinds = sorted(str(k) for k in Relationship.ADVERSE_KINDS)
    columns = ", ".join(f"p.{name}" for name in PERSON_FIELDS)
    sql = (f"SELECT {columns}, p.match_data, EXISTS (SELECT 1 FROM {rel} AS r WHERE r.other_id = p.id "  # noqa: S608
           f"AND r.kind IN ({', '.join(['%s'] * len(kinds))})) AS adverse FROM ({ranked}) AS top "
           f"JOIN {people} AS p ON p.id = top.person_id WHERE p.merged_into_id IS NULL ORDER BY top.weight DESC, p.id")
    return list(Person.objects.raw(sql, [*kinds, *params]))


def _scored(people: list[Person], score: Any, threshold: float, *, a_hashes: list[str] | None = None,
            exclude: int | None = None) -> list[Found]:
    """Score candidates from their stored matching data (no further query)."""
    if a_hashes:
        people = people + list(Person.objects.current().filter(a_number_hash__in=a_hashes)
                               .exclude(pk__in=[p.pk for p in people]).only(*PERSON_FIELDS, "match_data"))
    found = []
    for person in people:
        if person.pk == exclude:
            continue
        result = score(matching.Record.from_data(person.pk, person.match_data))
        if result.score >= threshold:
            found.append(Found(person, result))
    return found


def _visible(user: Any, found: list[Found]) -> list[Found]:
    """Through the gate, object by object (people already loaded: no query unless restricted)."""
    return [f for f in found if can(user, "view", f.person)]


def _findable(user: Any, found: list[Found], *, with_cards: bool = True) -> list[Found]:
    """People whose card the user may see; those whose file they may not open are marked
    ``card_only`` and carry no reasons that come from the file (birth date, address, A-number).
    The restricted among them are checked in one query, however many there are."""
    if not has_capability(user, "people.view"):
        return []
    files = _visible_ids(user, [f.person.pk for f in found if f.person.restricted])
    out = []
    for f in found:
        if not f.person.restricted or f.person.pk in files:
            out.append(f)
        elif with_cards and not f.person.hidden:
            out.append(Found(f.person, _card_match(f.match), card_only=True))
    return out


CARD_REASONS = frozenset({matching.R_NAME, matching.R_NICKNAME, matching.R_SPELLING, matching.R_TYPO,
                          matching.R_INITIAL, matching.R_PARTIAL_NAME, matching.R_SWAPPED_SURNAMES,
                          matching.R_MISSING_SURNAME, matching.R_OTHER_NAME, matching.R_MARRIED,
                          matching.R_PHONE})


def _card_match(match: matching.Match) -> matching.Match:
    return matching.Match(match.score, tuple(r for r in match.reasons if r in CARD_REASONS))


def _visible_ids(user: Any, ids: list[int]) -> set[int]:
    if not ids:
        return set()
    return set(restrict(Person.objects.filter(pk__in=ids), user, "view").values_list("pk", flat=True))


def search_people(user: Any, text: str, *, limit: int = 20, threshold: float = SHOW_THRESHOLD,
                  cards: bool = False) -> list[Found]:
    """The search box: any order, any part of a name, accents ignored, nicknames understood;
    birth dates, phones and A-numbers too. Ranked, each with its reasons. ``cards``: also the
    people whose card alone the user may see (the front desk), marked ``card_only``."""
    query = matching.parse_query(text[:200])
    if query.empty:
        return []
    hashes = [lookup_hash(a) for a in query.a_numbers]
    people = candidate_people(matching.query_keys(query))
    if len(people) < 5 and query.tokens:  # nothing shares two words: try each word alone
        have = {p.pk for p in people}
        people += [p for p in candidate_people(matching.query_keys(query, with_single=True)) if p.pk not in have]
    found = _scored(people, lambda record: matching.score_query(query, record, identifier_hashes=hashes), threshold,
                    a_hashes=hashes)
    found.sort(key=lambda f: (-f.match.score, f.person.first_surname, f.person.pk))
    if cards:  # a card never confirms a birth date or an A-number
        return _findable(user, found, with_cards=not (hashes or query.dates or query.year))[:limit]
    return _visible(user, found)[:limit]


def match_record(record: matching.Record, *, limit: int = 10, threshold: float = LIKELY_THRESHOLD,
                 exclude: int | None = None) -> list[Found]:
    """Everyone who may be the person described by ``record``, regardless of who asks
    (callers pass the result through the gate)."""
    people = candidate_people(matching.record_query_keys(record), RECORD_CANDIDATES)
    a_hashes = [record.identifier] if record.identifier else None
    found = _scored(people, lambda other: matching.compare(record, other), threshold, a_hashes=a_hashes,
                    exclude=exclude)
    found.sort(key=lambda f: -f.match.score)
    return found[:limit]


@dataclass
class IntakeMatches:
    """What the intake screen shows while someone types."""

    likely: list[Found] = field(default_factory=list)  # this user sees the file, or the card
    conflicts: list[dict[str, Any]] = field(default_factory=list)  # visible conflict findings
    hidden_conflict: bool = False  # something this user may not see: "ask a supervisor"
    hidden_match: list[int] = field(default_factory=list)  # hidden people who may be this one (never shown)

    @property
    def result(self) -> str:
        return "possible" if self.conflicts or self.hidden_conflict else "clear"


def adverse_person_ids(ids: list[int]) -> dict[int, list[Relationship]]:
    if not ids:
        return {}
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

    Every record is considered. A person whose file is restricted is offered by her card (so
    nobody opens a second record for her); a hidden person who may match is only counted in
    ``hidden_match``, which the page turns into "a restricted record may match; ask a supervisor".
    """
    out = IntakeMatches()
    matches = match_record(record, exclude=exclude) if record.names and record.names[0].given else []
    findable = _findable(user, matches)
    visible = {f.person.pk for f in findable}
    out.likely = findable
    out.hidden_match = [f.person.pk for f in matches if f.person.pk not in visible]
    adverse_of = adverse_person_ids([f.person.pk for f in matches if f.person.pk in visible and
                                     f.match.score >= CONFLICT_THRESHOLD and getattr(f.person, "adverse", True)])
    for found in matches:
        pk = found.person.pk
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
