"""Record linkage whose weights are learnt from the records themselves (Fellegi–Sunter with EM).

The hand-set score of ``matching.compare`` stays for the search box; the duplicate pass,
``find_duplicates`` and the conflict check's "same person" decision use this model:

1. **Comparison levels** per field (``LEVELS``): each pair of records gets, for every field both
   have, one level — same, nickname, sound-alike, Jaro-Winkler bands, initial, surnames swapped,
   one of two surnames, day/month swapped, year only... A field either record lacks is *missing*
   and weighs nothing (neutral).
2. **Estimation** (``fit``): u (how often two *different* people reach a level) from random
   pairs; then m (how often the *same* person does) and the share of matches among candidate
   pairs by expectation maximisation over the blocked pairs, run on the counts of distinct level
   patterns (a few thousand), so it needs no numpy and takes well under a second.
3. **Term frequencies**: agreeing on a common value (García, María, 1 January) counts for less
   than agreeing on a rare one (Iraheta): the weight of an agreeing level is corrected by
   log2(average frequency / frequency of this value), as splink does.
4. **Scoring** (``Model.explain``): the match weight is the sum of the field weights plus the
   prior; the match probability follows from it. Pairs at or above a stated probability
   (``MATCH_PROBABILITY``) are suggested; the breakdown is what staff read.

A fitted ``Model`` is plain JSON (``to_json``/``from_json``), stored and versioned in
``people.FittedModel``; online checks load it once per process and never refit.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import OSA, JaroWinkler

from . import matching
from .matching import Record, canonicals, phonetic

FIT_SAMPLE = 100_000  # records a fit looks at (term frequencies count everyone)
MATCH_PROBABILITY = 0.99  # a pair at or above this probability of being one person is suggested
SCHEMA = 2  # the levels changed: a stored model of another schema is fitted again

LEVELS: dict[str, tuple[str, ...]] = {
    "given": ("same", "one_given", "nickname", "phonetic", "jw_high", "first_same", "jw_mid", "initial", "other"),
    "surname": ("same", "swapped", "one_missing", "phonetic", "jw_high", "one_of_two", "jw_mid", "other"),
    "birth": ("same", "swapped", "days_apart", "one_digit", "year_month", "year", "other"),
    "phone": ("same", "last7", "other"),
    "address": ("same_street", "same_postcode", "same_city", "other"),
    "identifier": ("same", "one_edit", "other"),
}
FIELDS = tuple(LEVELS)
MISSING = -1
# Levels whose weight is corrected by how common the shared value is, and which table says so.
TF_LEVELS: dict[str, dict[int, str]] = {
    "given": {0: "given", 1: "given1", 2: "given1", 5: "given1"},
    "surname": {0: "surname", 1: "surname", 2: "surname1", 5: "surname1"},
    "birth": {0: "birth"},
    "address": {2: "city"},
}
TF_MIN_COUNT = 2  # a value two records share is seen at least twice: rarer values count as seen twice
TF_MAX_VALUES = 20_000
TF_CLAMP = 6.0  # bits, either way
# Compound nicknames that stand for two given names.
COMPOUNDS: dict[str, tuple[str, ...]] = {
    "chema": ("jose", "maria"), "josema": ("jose", "maria"), "juanma": ("juan", "manuel"),
    "maite": ("maria", "teresa"), "marite": ("maria", "teresa"), "marilu": ("maria", "luisa"),
    "mariajo": ("maria", "jose"), "majo": ("maria", "jose"), "juanjo": ("juan", "jose"),
    "josele": ("jose",), "chente": ("vicente",), "chelo": ("consuelo",), "lencho": ("lorenzo",),
    "chuy": ("jesus",), "chus": ("jesus",), "tono": ("antonio",), "nacho": ("ignacio",),
}


# --- Comparison levels -----------------------------------------------------------------------

@lru_cache(maxsize=200_000)
def _jw(a: str, b: str) -> float:
    return JaroWinkler.normalized_similarity(a, b)


def _expand(given: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for token in given:
        out.extend(COMPOUNDS.get(token, (token,)))
    return tuple(out)


def _nickname(x: str, y: str) -> bool:
    return bool(canonicals(x) & canonicals(y)) or COMPOUNDS.get(x, (x,))[:1] == COMPOUNDS.get(y, (y,))[:1]


_OCR = str.maketrans("0123456789", "olzeasbtbg")  # digits read for the letters they look like


def _letters(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Names with a digit in them (scanned or mistyped: "1isa", "c0x") read as letters."""
    return tuple(t.translate(_OCR) for t in tokens) if any(c.isdigit() for t in tokens for c in t) else tokens


def _initials_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Each name of the shorter sequence is the other's name in its place, or its initial."""
    return all(t == u or (len(t) == 1 and u.startswith(t)) or (len(u) == 1 and t.startswith(u))
               for t, u in zip(a, b, strict=False))


@lru_cache(maxsize=500_000)
def given_level(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[int, str]:
    """Level of two given-name sequences and the value whose frequency corrects it.

    "one_given": one record has a given name the other lacks (Juan / Juan Eduardo);
    "first_same": a name in common but another that differs (José Luis / José Manuel), weaker:
    brothers are named so; a typo in one of several names is "jw_high"."""
    if not a or not b:
        return MISSING, ""
    a, b = _letters(a), _letters(b)
    if a == b:
        return 0, " ".join(a)
    x, y = a[0], b[0]
    sa, sb = set(a), set(b)
    shared = sa & sb
    if sa <= sb or sb <= sa:
        return 1, x if x == y else min(shared)
    if shared and _initials_agree(a, b):  # María J / María José: the initial says no more than that
        return 1, x
    ea, eb = _expand(a), _expand(b)
    if ea == eb or (len(ea) != len(a) or len(eb) != len(b)) and (
            ea[:len(eb)] == eb or eb[:len(ea)] == ea):
        return 2, matching.canonical(ea[0])
    if x != y and _nickname(x, y):
        return 2, matching.canonical(x)
    whole = _jw(" ".join(a), " ".join(b))
    if len(a) == len(b) > 1:
        if all(len(t) > 1 and len(u) > 1 and phonetic(t) == phonetic(u) for t, u in zip(a, b, strict=True)):
            return 3, ""
        if whole >= 0.92 and all(_jw(t, u) >= 0.8 for t, u in zip(a, b, strict=True)):
            return 4, ""
    if shared:
        return 5, x if x == y else min(shared)
    if len(x) > 1 and len(y) > 1 and phonetic(x) == phonetic(y):
        return 3, ""
    sim = max(_jw(x, y), whole)
    if sim >= 0.92:
        return 4, ""
    if sim >= 0.85:
        return 6, ""
    if (len(x) == 1 or len(y) == 1) and x[0] == y[0]:
        return 7, ""
    return 8, ""


@lru_cache(maxsize=500_000)
def surname_level(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[int, str]:
    if not a or not b:
        return MISSING, ""
    a, b = _letters(a), _letters(b)
    if a == b:
        return 0, " ".join(sorted(a))
    if len(a) >= 2 and len(b) >= 2 and sorted(a) == sorted(b):
        return 1, " ".join(sorted(a))
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < len(long) and set(short) <= set(long):
        return 2, short[0]
    pa, pb = tuple(phonetic(t) for t in short), tuple(phonetic(t) for t in long)
    if sorted(pa) == sorted(pb) or (len(short) < len(long) and set(pa) <= set(pb)):
        return 3, ""
    if all(max(_jw(t, u) for u in long) >= 0.88 for t in short):
        return 4, ""
    shared = set(a) & set(b)
    if shared:
        return 5, min(shared)
    if _jw(a[0], b[0]) >= 0.8:
        return 6, ""
    return 7, ""


def _digits_apart(x: int, y: int) -> int:
    apart = 0
    while x or y:
        apart += x % 10 != y % 10
        x //= 10
        y //= 10
    return apart


def _identifier_level(a: str, b: str) -> int:
    if a == b:
        return 0
    if len(a) >= 5 and len(b) >= 5 and OSA.distance(a, b) <= 1:  # one digit mistyped, two swapped
        return 1
    return 2


def corroborated(a: Record, b: Record) -> bool:
    """Something besides names and birth date ties the two records: a phone, the street
    address or the identifier (within one typo)."""
    if a.phones and b.phones and phone_level(a, b) < 2:
        return True
    if a.identifier and b.identifier and _identifier_level(a.identifier, b.identifier) < 2:
        return True
    return bool(a.street and b.street and address_level(a, b)[0] == 0)


NEAR = frozenset({2, 3, 4})  # days apart, one digit apart, same year and month


def birth_level(a: Record, b: Record) -> tuple[int, str]:
    """The birth-date level. Two dates both known to the day that nearly agree (a few days or one
    digit apart, the same month) count as near only when a phone, street address or identifier
    also ties the records; alone they are what tells apart two people of the same name born
    close together (cousins, a common name in a large file), so they count as different dates."""
    level, key = _birth_level(a, b)
    if level in NEAR and a.birth_precision == "day" == b.birth_precision and not corroborated(a, b):
        return 6, ""
    return level, key


def _birth_level(a: Record, b: Record) -> tuple[int, str]:
    x, y = a.birth, b.birth
    if x is None or y is None:
        return MISSING, ""
    if a.birth_precision != "day" or b.birth_precision != "day":
        if "year" in (a.birth_precision, b.birth_precision):
            return (5, "") if x.year == y.year else (6, "")
        if (x.year, x.month) == (y.year, y.month):
            return 4, ""
        return (5, "") if x.year == y.year else (6, "")
    if x == y:
        return 0, x.isoformat()
    if abs((x - y).days) <= 3:
        return 2, ""
    if x.year != y.year:
        if abs(x.year - y.year) > 10 or x.month != y.month or x.day != y.day:
            return 6, ""
        return (3, "") if _digits_apart(x.year, y.year) == 1 else (6, "")
    if x.month == y.day and x.day == y.month:
        return 1, ""
    if _digits_apart(x.month * 100 + x.day, y.month * 100 + y.day) == 1:
        return 3, ""
    # Known to the day on both sides and only the year agrees: as far apart as any other dates
    # (the "year" level is for a date known only to the year or month).
    return (4, "") if x.month == y.month else (6, "")


def phone_level(a: Record, b: Record) -> int:
    if not a.phones or not b.phones:
        return MISSING
    if set(a.phones) & set(b.phones):
        return 0
    if {p[-7:] for p in a.phones} & {p[-7:] for p in b.phones}:
        return 1
    return 2


def address_level(a: Record, b: Record) -> tuple[int, str]:
    """One comparison for street, ZIP code and city (they agree together, so they are not
    counted as independent evidence): the most precise part both records have decides."""
    if not (a.street or a.postcode or a.city) or not (b.street or b.postcode or b.city):
        return MISSING, ""
    if a.street and b.street and (a.street == b.street or _jw(a.street, b.street) >= 0.92) and (
            not (a.postcode and b.postcode) or a.postcode == b.postcode
            # the very same street, a ZIP code digit mistyped or two swapped
            or a.street == b.street and OSA.distance(a.postcode, b.postcode) <= 1):
        return 0, ""
    if a.postcode and b.postcode:
        return (1, "") if a.postcode == b.postcode else (3, "")
    if a.city and b.city and (a.city == b.city or _jw(a.city, b.city) >= 0.92):
        return 2, a.city
    return 3, ""


def name_levels(a: Record, b: Record) -> tuple[int, str, int, str]:
    """Given-name and surname levels of the best-agreeing pair of names (aliases, married names)."""
    best: tuple[int, str, int, str] | None = None
    best_rank = 99
    for va in a.names:
        for vb in b.names:
            g, gk = given_level(va.given, vb.given)
            s, sk = surname_level(va.surnames, vb.surnames)
            rank = (g if g >= 0 else 4) + (s if s >= 0 else 4)
            if rank < best_rank:
                best, best_rank = (g, gk, s, sk), rank
    if best_rank >= 8 and a.names and b.names:  # given name and surname typed in each other's box
        va, vb = a.names[0], b.names[0]
        g, gk = given_level(va.given, vb.surnames[:1])
        s, sk = surname_level(va.surnames[:1], vb.given)
        if 0 <= g < 8 and 0 <= s < 7 and g + s + 1 < best_rank:
            best = (g, gk, s, sk)
    return best or (MISSING, "", MISSING, "")


def levels(a: Record, b: Record, fields: Sequence[str]) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """The level of every field in ``fields`` for the pair, and the values that correct them."""
    out: list[int] = []
    keys: list[str] = []
    names = None
    for f in fields:
        key = ""
        if f in ("given", "surname"):
            names = names or name_levels(a, b)
            level, key = (names[0], names[1]) if f == "given" else (names[2], names[3])
        elif f == "birth":
            level, key = birth_level(a, b)
        elif f == "phone":
            level = phone_level(a, b)
        elif f == "address":
            level, key = address_level(a, b)
        else:
            level = MISSING if not a.identifier or not b.identifier else _identifier_level(a.identifier, b.identifier)
        out.append(level)
        keys.append(key)
    return tuple(out), tuple(keys)


# --- What a file holds -----------------------------------------------------------------------

def present_fields(records: Sequence[Record], *, minimum: float = 0.01) -> tuple[str, ...]:
    """The fields at least ``minimum`` of the records have: the model adapts to the file."""
    if not records:
        return ()
    counts: Counter[str] = Counter()
    step = max(1, len(records) // 20_000)
    sample = records[::step]
    for r in sample:
        variant = r.names[0] if r.names else None
        counts["given"] += bool(variant and variant.given)
        counts["surname"] += bool(variant and variant.surnames)
        counts["birth"] += r.birth is not None
        counts["phone"] += bool(r.phones)
        counts["address"] += bool(r.street or r.city or r.postcode)
        counts["identifier"] += bool(r.identifier)
    return tuple(f for f in FIELDS if counts[f] >= minimum * len(sample))


def _tf_values(record: Record) -> Iterator[tuple[str, str]]:
    variant = record.names[0] if record.names else None
    if variant and variant.given:
        yield "given", " ".join(variant.given)
        yield "given1", matching.canonical(_expand(variant.given)[0])
        if variant.given[0] != matching.canonical(variant.given[0]):
            pass
    if variant and variant.surnames:
        yield "surname", " ".join(sorted(variant.surnames))
        for token in set(variant.surnames):
            yield "surname1", token
    if record.birth and record.birth_precision == "day":
        yield "birth", record.birth.isoformat()
    if record.city:
        yield "city", record.city


def term_frequencies(records: Sequence[Record]) -> dict[str, dict[str, float]]:
    """For each table: the share of records with each common value, plus ``_mean`` (the chance
    two random records share a value) and ``_default`` (the share assumed for a rare value)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for r in records:
        for table, value in _tf_values(r):
            counts[table][value] += 1
    n = max(len(records), 1)
    tables: dict[str, dict[str, float]] = {}
    for table, counter in counts.items():
        total = sum(counter.values()) or 1
        mean = sum((c / total) ** 2 for c in counter.values())
        common = {v: round(c / n, 8) for v, c in counter.most_common(TF_MAX_VALUES) if c >= TF_MIN_COUNT}
        default = TF_MIN_COUNT / n
        if len(counter) > TF_MAX_VALUES:
            default = max(default, counter.most_common(TF_MAX_VALUES)[-1][1] / n)
        tables[table] = {**common, "_mean": mean, "_default": default}
    return tables


# --- The model -------------------------------------------------------------------------------

@dataclass
class Model:
    fields: tuple[str, ...]
    m: dict[str, list[float]]
    u: dict[str, list[float]]
    prior: float  # share of matches among candidate pairs
    tf: dict[str, dict[str, float]] = field(default_factory=dict)
    threshold: float = MATCH_PROBABILITY
    description: dict = field(default_factory=dict)  # type: ignore[type-arg]
    matches_per_record: float = 0.0  # expected true pairs per record: the prior for any file size

    def to_json(self) -> dict:  # type: ignore[type-arg]
        return {"schema": SCHEMA, "fields": list(self.fields), "m": self.m, "u": self.u, "prior": self.prior,
                "matches_per_record": self.matches_per_record, "tf": self.tf, "threshold": self.threshold,
                "levels": {f: list(LEVELS[f]) for f in self.fields}}

    @classmethod
    def from_json(cls, data: dict, description: dict | None = None) -> Model:  # type: ignore[type-arg]
        return cls(fields=tuple(data["fields"]), m=data["m"], u=data["u"], prior=data["prior"],
                   tf=data.get("tf", {}), threshold=data.get("threshold", MATCH_PROBABILITY),
                   description=description or {}, matches_per_record=data.get("matches_per_record", 0.0))

    def for_population(self, records: int, against: int | None = None) -> Model:
        """The same model for a file of another size: the share of matches among all pairs falls
        as the file grows (the duplicates of a record are a few, its pairs are ``records``)."""
        if not self.matches_per_record:
            return self
        pairs_per_record = against if against is not None else max(records - 1, 1) / 2
        prior = min(0.5, max(self.matches_per_record / max(pairs_per_record, 1), 1e-12))
        return Model(fields=self.fields, m=self.m, u=self.u, prior=prior, tf=self.tf, threshold=self.threshold,
                     description=self.description, matches_per_record=self.matches_per_record)

    def __post_init__(self) -> None:
        self._weights = {f: [math.log2(mm / uu) for mm, uu in zip(self.m[f], self.u[f], strict=True)]
                         for f in self.fields}
        self.prior_weight = math.log2(self.prior / (1 - self.prior))
        self.threshold_weight = math.log2(self.threshold / (1 - self.threshold)) - self.prior_weight
        names = [f for f in ("given", "surname") if f in self.fields]
        self._names_max = sum(max(self._weights[f]) + (TF_CLAMP if f in TF_LEVELS else 0) for f in names)
        self._others = [f for f in self.fields if f not in ("given", "surname")]

    def level_weight(self, f: str, level: int, key: str = "") -> float:
        if level < 0:
            return 0.0
        weight = self._weights[f][level]
        table_name = TF_LEVELS.get(f, {}).get(level)
        if table_name and key and (table := self.tf.get(table_name)):
            share = table.get(key, table["_default"])
            weight += max(-TF_CLAMP, min(TF_CLAMP, math.log2(table["_mean"] / share)))
        return weight

    def weight(self, a: Record, b: Record) -> float:
        found, keys = levels(a, b, self.fields)
        return sum(self.level_weight(f, lv, k) for f, lv, k in zip(self.fields, found, keys, strict=True))

    def explain(self, a: Record, b: Record) -> Explanation:
        found, keys = levels(a, b, self.fields)
        parts = [(f, LEVELS[f][lv] if lv >= 0 else "missing", round(self.level_weight(f, lv, k), 2))
                 for f, lv, k in zip(self.fields, found, keys, strict=True)]
        total = sum(w for _f, _l, w in parts)
        return Explanation(parts=tuple(parts), prior=round(self.prior_weight, 2),
                           probability=probability(total + self.prior_weight))

    def bound(self, a: Record, b: Record) -> float:
        """The most the weight of the pair can reach, from everything but the names (cheap)."""
        found, keys = levels(a, b, self._others)
        return self._names_max + sum(self.level_weight(f, lv, k) for f, lv, k in
                                     zip(self._others, found, keys, strict=True))

    def parameters_text(self) -> str:
        """The fitted parameters, one line per level (``find_duplicates --explain``)."""
        lines = [f"prior (share of matches among all pairs): {self.prior:.3g}  "
                 f"weight {self.prior_weight:+.2f}", f"threshold: match probability >= {self.threshold}"]
        for f in self.fields:
            lines.append(f"{f}:")
            for level, mm, uu in zip(LEVELS[f], self.m[f], self.u[f], strict=True):
                lines.append(f"  {level:<12} m={mm:.4f}  u={uu:.6f}  weight={math.log2(mm / uu):+.2f}")
        for table, values in sorted(self.tf.items()):
            lines.append(f"term frequencies {table}: {len(values) - 2} common values, "
                         f"mean {values['_mean']:.5f}")
        return "\n".join(lines)


def probability(weight: float) -> float:
    if weight > 60:
        return 1.0
    if weight < -60:
        return 0.0
    return 2 ** weight / (1 + 2 ** weight)


@dataclass(frozen=True)
class Explanation:
    parts: tuple[tuple[str, str, float], ...]  # (field, level, weight in bits)
    prior: float
    probability: float

    @property
    def weight(self) -> float:
        return round(self.prior + sum(w for _f, _l, w in self.parts), 2)

    def reasons(self) -> tuple[str, ...]:
        """The old reason codes (for lists and exports that show them)."""
        codes = set()
        for f, level, _w in self.parts:
            code = REASON_CODES.get((f, level))
            if code:
                codes.add(code)
        return tuple(sorted(codes))

    def to_data(self) -> list[list[object]]:
        return [[f, level, w] for f, level, w in self.parts] + [["prior", "", self.prior]]


REASON_CODES = {
    ("given", "same"): matching.R_NAME, ("given", "nickname"): matching.R_NICKNAME,
    ("given", "phonetic"): matching.R_SPELLING, ("given", "jw_high"): matching.R_TYPO,
    ("given", "first_same"): matching.R_PARTIAL_NAME,
    ("given", "jw_mid"): matching.R_TYPO, ("given", "initial"): matching.R_INITIAL,
    ("surname", "swapped"): matching.R_SWAPPED_SURNAMES, ("surname", "one_missing"): matching.R_MISSING_SURNAME,
    ("surname", "phonetic"): matching.R_SPELLING, ("surname", "jw_high"): matching.R_TYPO,
    ("birth", "same"): matching.R_BIRTH, ("birth", "swapped"): matching.R_BIRTH_SWAPPED,
    ("birth", "days_apart"): matching.R_BIRTH_CLOSE, ("birth", "one_digit"): matching.R_BIRTH_CLOSE,
    ("birth", "year"): matching.R_BIRTH_YEAR,
    ("birth", "other"): matching.R_BIRTH_DIFFERS, ("phone", "same"): matching.R_PHONE,
    ("address", "same_street"): matching.R_ADDRESS, ("address", "same_postcode"): matching.R_POSTCODE,
    ("identifier", "same"): matching.R_IDENTIFIER, ("identifier", "other"): matching.R_IDENTIFIER_DIFFERS,
}


# --- Estimation --------------------------------------------------------------------------------

def _normalize(counts: list[float], pseudo: float) -> list[float]:
    total = sum(counts) + pseudo * len(counts)
    return [(c + pseudo) / total for c in counts]


def random_pair_u(records: Sequence[Record], fields: Sequence[str], *, pairs: int = 100_000,
                  seed: int = 1) -> dict[str, list[float]]:
    """u: how often two records taken at random (nearly always two people) reach each level."""
    rng = random.Random(seed)
    counts = {f: [0.0] * len(LEVELS[f]) for f in fields}
    n = len(records)
    if n < 2:
        return {f: _normalize(counts[f], 1.0) for f in fields}
    for _ in range(pairs):
        i, j = rng.randrange(n), rng.randrange(n)
        if i == j:
            continue
        found, _keys = levels(records[i], records[j], fields)
        for f, lv in zip(fields, found, strict=True):
            if lv >= 0:
                counts[f][lv] += 1
    return {f: _normalize(counts[f], 0.5) for f in fields}


def _initial_m(f: str) -> list[float]:
    k = len(LEVELS[f])
    raw = [0.9] + [0.1 / (k - 1)] * (k - 1)
    raw[-1] = 0.02
    return _normalize(raw, 0.0)


Levels = dict[str, list[float]]


def expectation_maximisation(patterns: Counter[tuple[int, ...]], fields: Sequence[str], u: Levels, *,
                             prior: float = 0.2, iterations: int = 60,
                             estimate_u: bool = False) -> tuple[Levels, Levels, float, int]:
    """m (and, if asked, u) and the share of matches, from the counts of level patterns."""
    m = {f: _initial_m(f) for f in fields}
    u = {f: list(u[f]) for f in fields}
    rounds = 0
    for rounds in range(1, iterations + 1):  # noqa: B007 - the count is returned
        sum_m = {f: [0.0] * len(LEVELS[f]) for f in fields}
        sum_u = {f: [0.0] * len(LEVELS[f]) for f in fields}
        matched = total = 0.0
        for pattern, count in patterns.items():
            pm, pu = prior, 1 - prior
            for f, lv in zip(fields, pattern, strict=True):
                if lv >= 0:
                    pm *= m[f][lv]
                    pu *= u[f][lv]
            g = pm / (pm + pu) if pm + pu > 0 else 0.0
            matched += g * count
            total += count
            for f, lv in zip(fields, pattern, strict=True):
                if lv >= 0:
                    sum_m[f][lv] += g * count
                    sum_u[f][lv] += (1 - g) * count
        new_prior = min(max(matched / total, 1e-6), 1 - 1e-6) if total else prior
        new_m = {f: _normalize(sum_m[f], 0.1) for f in fields}
        change = abs(new_prior - prior) + max(abs(a - b) for f in fields for a, b in zip(new_m[f], m[f], strict=True))
        m, prior = new_m, new_prior
        if estimate_u:
            u = {f: _normalize(sum_u[f], 0.1) for f in fields}
        if change < 1e-6:
            break
    return m, u, prior, rounds


def _session_key(record: Record, rule: str) -> str:
    variant = record.names[0] if record.names else None
    if rule == "birth":
        return record.birth.isoformat() if record.birth and record.birth_precision == "day" else ""
    if rule == "names":
        if variant and variant.given and variant.surnames:
            return f"{matching.key_token(variant.given[0])}|{phonetic(variant.surnames[0])}"
        return ""
    if rule == "phone":
        return record.phones[0] if record.phones else ""
    if rule == "identifier":
        return record.identifier
    return f"{record.postcode}|{record.street}" if record.street else ""


# Each training session blocks on one rule and estimates m for the fields the rule does not fix.
SESSION_FIXES = {"birth": {"birth"}, "names": {"given", "surname"}, "phone": {"phone"},
                 "identifier": {"identifier"}, "address": {"address"}}


def session_pairs(records: Sequence[Record], rule: str, *, max_pairs: int, seed: int,
                  max_block: int = 60) -> list[tuple[Record, Record]]:
    """Pairs of records sharing the rule's key (large blocks sampled), at most ``max_pairs``."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        if key := _session_key(record, rule):
            blocks[key].append(index)
    rng = random.Random(seed)
    pairs: list[tuple[int, int]] = []
    for key in sorted(blocks):
        members = blocks[key]
        if len(members) < 2:
            continue
        if len(members) > max_block:
            members = rng.sample(members, max_block)
        pairs.extend((members[x], members[y]) for x in range(len(members)) for y in range(x + 1, len(members)))
    if len(pairs) > max_pairs:
        pairs = rng.sample(pairs, max_pairs)
    return [(records[i], records[j]) for i, j in pairs]


def _estimate_prior(model_weights: Iterable[float], total_pairs: float, scale: float) -> float:
    """The share of matches among all pairs: the fixed point of "expected matches among the
    candidate pairs, over all pairs" (pairs that are not candidates count as non-matches)."""
    factors = [2 ** min(w, 60) for w in model_weights]
    prior = 1e-4
    for _ in range(200):
        expected = scale * sum(prior * f / (prior * f + 1 - prior) for f in factors)
        new = min(max(expected / total_pairs, 1e-12), 0.5)
        if abs(new - prior) < prior * 1e-6:
            prior = new
            break
        prior = new
    return prior


def fit(records: Sequence[Record], *, against: Sequence[Record] | None = None, max_pairs: int = 200_000,
        random_pairs: int = 100_000, seed: int = 1, threshold: float = MATCH_PROBABILITY,
        workers: int = 1) -> Model:
    """Estimate a model from ``records`` (linked to ``against``, if given). Seeded: the same
    records give the same model.

    u comes from random pairs; m from EM in training sessions, each on the pairs that share one
    key (same birth date; same given name and surname; else phone, identifier or address) and
    estimating only the fields that key does not fix (as splink trains); the share of matches
    among all pairs from the candidate pairs the duplicate pass would compare.
    """
    everyone = list(records) + list(against or [])
    counts = {"records": len(records), "against": len(against) if against is not None else None}
    if len(everyone) > FIT_SAMPLE:  # a random sample estimates the same m, u and share of matches
        rng = random.Random(seed)
        share = FIT_SAMPLE / len(everyone)
        records = rng.sample(list(records), max(2, round(len(records) * share)))
        if against is not None:
            against = rng.sample(list(against), max(1, round(len(against) * share)))
    pool = list(records) + list(against or [])
    fields = present_fields(pool)
    if not {"given", "surname"} & set(fields):
        raise ValueError("the records have no names to compare")
    u = random_pair_u(pool, fields, pairs=random_pairs, seed=seed)
    m_sum = {f: [0.0] * len(LEVELS[f]) for f in fields}
    m_weight = dict.fromkeys(fields, 0.0)
    sessions = []
    rules = ["names"] + [r for r in ("birth", "phone", "identifier", "address") if r in fields]
    for rule in rules:
        estimated = [f for f in fields if f not in SESSION_FIXES[rule]]
        pairs = session_pairs(pool, rule, max_pairs=max_pairs, seed=seed)
        if len(pairs) < 50:
            continue
        patterns: Counter[tuple[int, ...]] = Counter(levels(a, b, estimated)[0] for a, b in pairs)
        m, _u, share, rounds = expectation_maximisation(patterns, estimated, u)
        sessions.append({"rule": rule, "pairs": len(pairs), "patterns": len(patterns), "iterations": rounds,
                         "match_share": round(share, 5), "estimated": estimated})
        matches = share * len(pairs)
        for f in estimated:
            m_sum[f] = [x + matches * y for x, y in zip(m_sum[f], m[f], strict=True)]
            m_weight[f] += matches
        if all(m_weight[f] for f in fields):
            break
    m_final = {f: _normalize([x / m_weight[f] for x in m_sum[f]], 0.0) if m_weight[f] else _initial_m(f)
               for f in fields}
    for f in fields:  # a level the data never showed (in matches or at random) says nothing: neutral
        for k, (mm, uu) in enumerate(zip(m_final[f], u[f], strict=True)):
            if uu < 1e-5 and mm < 1e-4:
                m_final[f][k] = uu
    tf = term_frequencies(everyone)  # term frequencies from everyone: rare names need the full count
    model = Model(fields=fields, m=m_final, u=u, prior=0.5, tf=tf, threshold=threshold)
    candidates = matching.candidate_codes(list(records), against=list(against) if against is not None else None,
                                          workers=workers)
    size = len(pool) + 1
    sample = candidates if len(candidates) <= max_pairs else random.Random(seed).sample(candidates, max_pairs)
    weights = [model.weight(pool[i], pool[j]) for i, j in (divmod(c, size) for c in sample)]
    total = len(records) * len(against) if against is not None else len(records) * (len(records) - 1) / 2
    prior = _estimate_prior(weights, max(total, 1), len(candidates) / max(len(sample), 1))
    description = {**counts, "sampled_records": len(pool),
                   "fields": list(fields), "sessions": sessions, "candidate_pairs": len(candidates),
                   "random_pairs": random_pairs, "seed": seed}
    # The share of matches among pairs is the same in a uniform sample as in the whole file; the
    # expected duplicates per record are those of the whole file.
    n, k = counts["records"], counts["against"]
    per_record = prior * (k if k is not None else max(n - 1, 1) / 2)
    return Model(fields=fields, m=m_final, u=u, prior=prior, tf=tf, threshold=threshold, description=description,
                 matches_per_record=per_record)


MIN_RECORDS_TO_FIT = 2_000  # fewer records say too little about u and m: the default model is used


@lru_cache(maxsize=1)
def default_model() -> Model:
    """Parameters fitted once on generated people (``linkage_default.py``), without term
    frequencies: for a center with too few people to estimate its own."""
    from .linkage_default import PARAMETERS

    return Model.from_json(PARAMETERS, description={"default": True})


def model_for(records: Sequence[Record], *, against: Sequence[Record] | None = None, workers: int = 1,
              threshold: float = MATCH_PROBABILITY) -> Model:
    """A model fitted on ``records`` when there are enough of them, else the default one."""
    if len(records) + len(against or ()) >= MIN_RECORDS_TO_FIT:
        return fit(records, against=against, workers=workers, threshold=threshold)
    # A handful of records says nothing of how many duplicates a file holds: the share of
    # matches is taken as for a file of MIN_RECORDS_TO_FIT records at least.
    base = default_model().for_population(max(len(records), MIN_RECORDS_TO_FIT),
                                          max(len(against), MIN_RECORDS_TO_FIT) if against is not None else None)
    return Model(fields=base.fields, m=base.m, u=base.u, prior=base.prior, tf={}, threshold=threshold,
                 description=base.description, matches_per_record=base.matches_per_record)


# --- Linking a set of records ------------------------------------------------------------------

_MODEL: Model | None = None


def _bound(a: Record, b: Record) -> float:
    assert _MODEL is not None
    return _MODEL.bound(a, b)


def _explain_codes(args: tuple[list[int], float]) -> list[tuple[int, int, Explanation]]:
    codes, threshold = args
    pool = matching._SHARED
    model = _MODEL
    assert model is not None
    size = len(pool) + 1
    out = []
    for code in codes:
        i, j = divmod(code, size)
        if model.weight(pool[i], pool[j]) >= model.threshold_weight:
            out.append((i, j, model.explain(pool[i], pool[j])))
    return out


def find_links(records: list[Record], model: Model, *, against: list[Record] | None = None,
               workers: int = 1) -> Iterator[tuple[Record, Record, Explanation]]:
    """Pairs whose match probability reaches the model's threshold, each with its explanation."""
    global _MODEL
    _MODEL = model
    try:
        found = matching.candidate_codes(records, against=against, workers=workers, bound=_bound,
                                         floor=model.threshold_weight, compare=_explain_codes)
        pool = records + (against or [])
        for i, j, explanation in found:
            yield pool[i], pool[j], explanation
    finally:
        _MODEL = None
