"""The one matching engine: search, intake, the conflict check, duplicates and imports use it.

Three steps, each usable alone:

1. **Normalization** of Spanish (and English) names: case and accents ignored, particles
   (de, del, de la, y) and titles dropped, nicknames and English forms brought to one
   canonical name (Pepe/Chepe -> José, Paco/Pancho -> Francisco, John -> Juan), and a
   Spanish phonetic code that makes b/v, s/z/c, y/ll, silent h and j/g sound alike.
2. **Blocking keys**: short strings stored (``PersonKey``) and indexed, so candidates for a
   name among a million people are found with one index lookup, never a scan.
3. **Scoring** of a candidate against a record or a typed query, 0..1, with the reasons
   that explain it (same birth date, nickname, surnames in the other order, married name...).

No Django models here: records are plain ``Record`` objects, so the same code runs on a CSV
(``find_duplicates``), on the database and in the benchmarks.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import Any

from rapidfuzz.distance import JaroWinkler

# --- Normalization ---------------------------------------------------------------------------

PARTICLES = frozenset({"de", "del", "la", "las", "los", "y", "e", "el", "da", "do", "dos", "van", "von", "vda",
                       "viuda"})
TITLES = frozenset({"sr", "sra", "srta", "dr", "dra", "lic", "licda", "don", "dona", "mr", "mrs", "ms", "miss"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# Canonical name -> its nicknames, diminutives and English forms (all already normalized).
VARIANTS: dict[str, tuple[str, ...]] = {
    "jose": ("pepe", "chepe", "cheo", "pepito", "chepito", "joseph", "joe", "josue"),
    "francisco": ("paco", "pancho", "chico", "kiko", "frank", "francis", "franco", "chisco", "panchito"),
    "maria": ("mary", "mari", "marie", "maruca", "mariita"),
    "guadalupe": ("lupe", "lupita", "pita"),
    "jesus": ("chucho", "chuy", "chus"),
    "ignacio": ("nacho",),
    "enrique": ("kike", "henry", "quique"),
    "guillermo": ("memo", "william", "willy", "will", "billy"),
    "roberto": ("beto", "robert", "bob", "bobby", "tito"),
    "alberto": ("albert", "beto"),
    "eduardo": ("lalo", "edward", "eddie", "edgardo"),
    "manuel": ("manolo", "meme", "manny", "emmanuel", "manu"),
    "antonio": ("tono", "tonio", "anthony", "tony", "toño"),
    "rosario": ("chayo", "charo"),
    "concepcion": ("concha", "conchita", "chon"),
    "dolores": ("lola", "lolita"),
    "mercedes": ("meche", "mecha"),
    "margarita": ("mago", "margaret", "maggie"),
    "refugio": ("cuca", "cuco", "cuquita"),
    "jorge": ("george", "coque"),
    "juan": ("john", "johnny", "juancho", "juanito"),
    "pedro": ("peter", "perico"),
    "carlos": ("charles", "charlie", "carlitos"),
    "miguel": ("michael", "mike", "micky"),
    "pablo": ("paul",),
    "luis": ("lewis", "louis", "lucho", "wicho"),
    "alejandro": ("alex", "alejo", "jano", "alexander", "alejandra"),
    "rafael": ("rafa", "fito"),
    "ramon": ("moncho",),
    "santiago": ("chago", "james", "diego"),
    "salvador": ("chava", "chavo", "salva"),
    "gregorio": ("goyo",),
    "gabriel": ("gabo", "gabe"),
    "fernando": ("nando", "fer", "ferdinand"),
    "ricardo": ("richard", "rick", "ricky", "richi"),
    "daniel": ("dani", "danny"),
    "javier": ("xavier", "javi"),
    "isabel": ("chabela", "isabela", "elizabeth", "elisabeth", "lisbeth", "isa"),
    "teresa": ("tere", "teresita", "theresa"),
    "catalina": ("cata", "catherine", "katherine", "katerin", "caterin", "kathy"),
    "josefina": ("chepa", "fina", "pepa", "josephine"),
    "ana": ("anita", "ann", "anne", "anna"),
    "jessica": ("yesica", "yessica", "jesica"),
    "yesenia": ("jesenia",),
    "jonathan": ("jonatan", "yonatan"),
    "bryan": ("brayan", "brian"),
    "estefania": ("stephanie", "estefani", "estefany", "stefany"),
    "gerson": ("jerson",),
    "jasmin": ("yasmin", "jazmin", "yazmin"),
    "giovanni": ("geovanni", "yovani", "geovany", "jovani"),
    "humberto": ("beto",),
    "asuncion": ("chon",),
    "rigoberto": ("rigo",),
    "heriberto": ("beto",),
    "adalberto": ("beto",),
    "socorro": ("coco",),
    "consuelo": ("chelo",),
    "graciela": ("chela",),
    "marcela": ("chela",),
    "cristina": ("cris", "tina", "christina"),
    "patricia": ("paty", "patty", "pati"),
    "susana": ("susan", "susy"),
    "elena": ("helen", "ellen"),
    "veronica": ("vero",),
    "victoria": ("vicky",),
    "alfredo": ("fredy", "freddy"),
    "esperanza": ("lancha", "espe"),
}
# A nickname that belongs to several names (Beto) keeps only the first; scoring also checks
# the reverse table so "Beto" matches Roberto and Alberto alike.
_ALL_CANONICALS: dict[str, set[str]] = defaultdict(set)
for _canonical, _nicknames in VARIANTS.items():
    _ALL_CANONICALS[_canonical].add(_canonical)
    for _nick in _nicknames:
        _ALL_CANONICALS[unicodedata.normalize("NFKD", _nick).encode("ascii", "ignore").decode()].add(_canonical)
_CANONICAL: dict[str, str] = {nick: sorted(names)[0] if len(names) > 1 else next(iter(names))
                              for nick, names in _ALL_CANONICALS.items()}


def strip_accents(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def normalize(text: str | None) -> str:
    """Lower case, no accents, letters and digits separated by single spaces."""
    if not text:
        return ""
    return _NON_ALNUM.sub(" ", strip_accents(text).lower()).strip()


def name_tokens(text: str | None) -> tuple[str, ...]:
    """The words of a name that identify it: no particles, no titles, no punctuation."""
    return tuple(t for t in normalize(text).split() if t not in PARTICLES and t not in TITLES and not t.isdigit())


def canonical(token: str) -> str:
    return _CANONICAL.get(token, token)


def canonicals(token: str) -> set[str]:
    return _ALL_CANONICALS.get(token, {token})


_PHON_RULES = [
    (re.compile(r"ph"), "f"), (re.compile(r"th"), "t"), (re.compile(r"sch"), "s"),
    (re.compile(r"ch"), "C"), (re.compile(r"sh"), "C"),
    (re.compile(r"qu"), "k"), (re.compile(r"gu(?=[ei])"), "G"), (re.compile(r"g(?=[ei])"), "j"),
    (re.compile(r"c(?=[ei])"), "s"), (re.compile(r"c"), "k"), (re.compile(r"k"), "k"),
    (re.compile(r"z"), "s"), (re.compile(r"x"), "s"), (re.compile(r"v"), "b"), (re.compile(r"w"), "u"),
    (re.compile(r"ll"), "i"), (re.compile(r"y"), "i"), (re.compile(r"h"), ""),
    (re.compile(r"n(?=[bp])"), "m"), (re.compile(r"G"), "g"),
]
_DOUBLES = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def phonetic(token: str) -> str:
    """A Spanish sound-alike code: Hernández = Ernandes, Yesenia = Llesenia, Gabriel = Gaviel is not."""
    code = token
    for pattern, repl in _PHON_RULES:
        code = pattern.sub(repl, code)
    code = _DOUBLES.sub(r"\1", code)
    return code.lower() or token


def key_token(token: str) -> str:
    """The form of a name word used in blocking keys: canonical name, then its sound."""
    return phonetic(canonical(token))


# --- Records -----------------------------------------------------------------------------------

GIVEN, ALIAS, MARRIED, DOCUMENT = "primary", "alias", "married", "document"


@dataclass(frozen=True, slots=True)
class NameVariant:
    given: tuple[str, ...]
    surnames: tuple[str, ...]
    kind: str = GIVEN  # primary, alias, married, document, birth, other


@dataclass(slots=True)
class Record:
    """What matching knows of a person or a CSV row; every text already normalized."""

    id: object
    names: tuple[NameVariant, ...]
    birth: dt.date | None = None
    birth_precision: str = "day"
    phones: tuple[str, ...] = ()
    identifier: str = ""  # an A-number (or its keyed hash): only equality is used
    postcode: str = ""
    street: str = ""
    city: str = ""
    restricted: bool = False

    @property
    def all_tokens(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for variant in self.names:
            for token in (*variant.given, *variant.surnames):
                seen.setdefault(token, None)
        return tuple(seen)

    def to_data(self) -> dict[str, object]:
        """JSON stored with a person, so matching never needs a second query."""
        return {
            "n": [[list(v.given), list(v.surnames), v.kind] for v in self.names],
            "b": self.birth.isoformat() if self.birth else "",
            "bp": self.birth_precision,
            "p": list(self.phones), "i": self.identifier, "z": self.postcode, "s": self.street, "c": self.city,
        }

    @classmethod
    def from_data(cls, pk: object, data: dict, *, restricted: bool = False) -> Record:  # type: ignore[type-arg]
        birth = data.get("b") or ""
        return cls(
            id=pk,
            names=tuple(NameVariant(tuple(g), tuple(s), k) for g, s, k in data.get("n", [])),
            birth=dt.date.fromisoformat(birth) if birth else None,
            birth_precision=data.get("bp") or "day",
            phones=tuple(data.get("p", ())), identifier=data.get("i", ""), postcode=data.get("z", ""),
            street=data.get("s", ""), city=data.get("c", ""), restricted=restricted,
        )


def normalize_phone(text: str | None) -> str:
    """Digits only; the last ten (a US number without its country code, or a local number)."""
    digits = re.sub(r"\D", "", text or "")
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits[-10:] if len(digits) >= 7 else ""


_COMPOUND_AFTER_DE = frozenset({"la", "las", "los", "el"})


def split_married(surnames: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """ "López de Hernández" -> (("lopez",), ("hernandez",)); "de la Cruz" stays one surname."""
    words = normalize(surnames).split()
    for i, word in enumerate(words):
        if i > 0 and word == "de" and i + 1 < len(words) and words[i + 1] not in _COMPOUND_AFTER_DE \
                and words[i - 1] not in ("de", "del"):
            own, married = " ".join(words[:i]), " ".join(words[i + 1:])
            return name_tokens(own), name_tokens(married)
    return name_tokens(surnames), ()


def make_record(
    pk: object, *, given_names: str = "", first_surname: str = "", second_surname: str = "",
    other_names: Iterable[tuple[str, str, str, str]] = (), preferred_name: str = "",
    birth: dt.date | None = None, birth_precision: str = "day", phones: Iterable[str] = (),
    identifier: str = "", postcode: str = "", street: str = "", city: str = "", restricted: bool = False,
) -> Record:
    """A record from the parts of a name; ``other_names`` are (kind, given, first, second) with
    an empty given name meaning "the same given names" (a married name often changes only
    the surnames)."""
    given = name_tokens(given_names)
    surnames, married = split_married(f"{first_surname} {second_surname}")
    names = [NameVariant(given, surnames, GIVEN)]
    if married:  # "López de Hernández": her own surname, and the married form as another name
        names.append(NameVariant(given, surnames + married, MARRIED))
    if preferred_name and name_tokens(preferred_name) != given:
        names.append(NameVariant(name_tokens(preferred_name), surnames, ALIAS))
    for kind, o_given, o_first, o_second in other_names:
        o_surnames = name_tokens(o_first) + name_tokens(o_second)
        variant = NameVariant(name_tokens(o_given) or given, o_surnames or surnames, kind)
        if variant.given or variant.surnames:
            names.append(variant)
    return Record(
        id=pk, names=tuple(names), birth=birth, birth_precision=birth_precision or "day",
        phones=tuple(p for p in (normalize_phone(x) for x in phones) if p),
        identifier=identifier, postcode=normalize(postcode).replace(" ", ""), street=normalize(street),
        city=normalize(city), restricted=restricted,
    )


# --- Blocking keys ---------------------------------------------------------------------------

def block_keys(record: Record, *, single_tokens: bool = True) -> set[str]:
    """The keys stored for a record. Two records that may be the same person share at least one.

    gs: a given name with a surname; ss: the two surnames in either order; sy: a surname with
    the birth year; d: the birth date; p: a phone; n: any one name word (search box only).
    """
    keys: set[str] = set()
    for variant in record.names:
        given = [key_token(t) for t in variant.given[:2] if len(t) > 1]
        surnames = [phonetic(t) for t in variant.surnames if len(t) > 1]
        for g in given:
            for s in surnames:
                keys.add(f"gs:{g}|{s}")
        for a, b in combinations(sorted(surnames), 2):
            keys.add(f"ss:{a}|{b}")
            for g in given:  # the whole name: rare, so an exact full name ranks first among candidates
                keys.add(f"gss:{g}|{a}|{b}")
        if record.birth:
            for s in surnames:
                keys.add(f"sy:{s}|{record.birth.year}")
        if single_tokens:
            keys.update(f"n:{t}" for t in (*given, *surnames))
    if record.birth and record.birth_precision == "day":
        keys.add(f"d:{record.birth.isoformat()}")
    keys.update(f"p:{p}" for p in record.phones)
    return {k[:100] for k in keys}


def pass_keys(record: Record) -> set[str]:
    """Selective keys for a full duplicate pass (every pair sharing one is compared).

    Each key survives different mistakes: birth date with a surname or the first given name
    (surname typos, swaps), given name + surname + birth year (day/month swapped, a digit
    wrong), both surnames + initial (birth date missing), phone, identifier.
    """
    keys: set[str] = set()
    exact = record.birth if record.birth and record.birth_precision == "day" else None
    for variant in record.names:
        given = [key_token(t) for t in variant.given[:2] if len(t) > 1]
        surnames = [phonetic(t) for t in variant.surnames if len(t) > 1]
        for s in surnames:
            if record.birth:
                keys.update(f"gsy:{g}|{s}|{record.birth.year}" for g in given)
            if exact:  # day and month in either order: a swapped date still meets its record
                keys.add(f"ds:{exact.year}-{min(exact.month, exact.day)}-{max(exact.month, exact.day)}|{s}")
        for a, b in combinations(sorted(set(surnames)), 2):
            keys.add(f"ssg:{a}|{b}|{variant.given[0][:1] if variant.given else '-'}")
        if exact:  # the date with the first given name or the first surname: given name and surname
            # typed in each other's box still meet
            keys.update(f"dg:{exact.isoformat()}|{t}" for t in (*given[:1], *(key_token(s) for s in
                                                                          variant.surnames[:1] if len(s) > 1)))
        keys.update(f"gsn:{g}|{s}" for g in given[:1] for s in surnames[:1])
        if exact and variant.given and variant.surnames:  # both names mistyped, or swapped: the date
            # with their initials in either order
            initials = sorted((variant.given[0][:1], variant.surnames[0][:1]))
            keys.add(f"di:{exact.isoformat()}|{initials[0]}{initials[1]}")
    keys.update(f"p:{p}" for p in record.phones)
    if ident := record.identifier:
        keys.add(f"i:{ident}")
        if 5 <= len(ident) <= 12:  # a short identifier typed by hand: one digit wrong or missing still meets
            keys.update(f"i-:{ident[:k]}{ident[k + 1:]}" for k in range(len(ident)))
    if record.street and record.postcode:  # the same address: a household, or a name mistyped
        keys.add(f"a:{record.postcode}|{record.street}")
    if record.street and record.city:
        keys.add(f"ac:{record.city}|{record.street}")
    return keys


@dataclass
class Query:
    """What someone typed in the search box, taken apart."""

    text: str
    tokens: tuple[str, ...] = ()
    dates: tuple[dt.date, ...] = ()
    year: int | None = None
    phones: tuple[str, ...] = ()
    a_numbers: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.tokens or self.dates or self.year or self.phones or self.a_numbers)


_DATE_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_DATE_SLASH = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
_A_NUMBER = re.compile(r"\b[aA][\s-]?((?:\d[\s-]?){8,9})\b|\b(\d{3}-\d{3}-\d{3})\b")
_PHONE = re.compile(r"(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b|\b\d{3}[\s.-]\d{4}\b")
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def parse_query(text: str) -> Query:
    """Take dates, A-numbers, phones and name words out of one line of text."""
    rest = text
    a_numbers: list[str] = []
    for m in _A_NUMBER.finditer(rest):
        digits = re.sub(r"\D", "", m.group(0))
        if 8 <= len(digits) <= 9:
            a_numbers.append(digits.zfill(9))
    rest = _A_NUMBER.sub(" ", rest)
    dates: list[dt.date] = []
    for m in _DATE_ISO.finditer(rest):
        if d := _safe_date(int(m[1]), int(m[2]), int(m[3])):
            dates.append(d)
    rest = _DATE_ISO.sub(" ", rest)
    for m in _DATE_SLASH.finditer(rest):
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        for d in (_safe_date(y, b, a), _safe_date(y, a, b)):  # 03/04/1981 is read both ways
            if d and d not in dates:
                dates.append(d)
    rest = _DATE_SLASH.sub(" ", rest)
    phones = [normalize_phone(m.group(0)) for m in _PHONE.finditer(rest)]
    rest = _PHONE.sub(" ", rest)
    year = None
    if m := _YEAR.search(rest):
        year = int(m[1])
        rest = _YEAR.sub(" ", rest)
    digits = re.sub(r"\D", "", rest)
    if not a_numbers and len(digits) in (8, 9) and not name_tokens(rest):
        a_numbers.append(digits.zfill(9))
    return Query(text=text, tokens=name_tokens(rest), dates=tuple(dates), year=year,
                 phones=tuple(p for p in phones if p), a_numbers=tuple(a_numbers))


def query_keys(query: Query, *, with_single: bool = False) -> set[str]:
    """Keys to look up for a typed query: every pair of words, in either role and order."""
    keys: set[str] = set()
    words = [t for t in query.tokens if len(t) > 1][:6]
    coded = list(dict.fromkeys(words))
    for a, b in combinations(coded, 2):
        for g, s in ((a, b), (b, a)):
            keys.add(f"gs:{key_token(g)}|{phonetic(s)}")
    for i, j in combinations(range(len(words)), 2):
        x, y = sorted((phonetic(words[i]), phonetic(words[j])))
        keys.add(f"ss:{x}|{y}")
        for k, g in enumerate(words):
            if k not in (i, j):
                keys.add(f"gss:{key_token(g)}|{x}|{y}")
    years = {d.year for d in query.dates} | ({query.year} if query.year else set())
    for t in coded:
        for year in years:
            keys.add(f"sy:{phonetic(t)}|{year}")
    if with_single or len(coded) == 1:
        keys.update(f"n:{key_token(t)}" for t in coded)
        keys.update(f"n:{phonetic(t)}" for t in coded)
    keys.update(f"d:{d.isoformat()}" for d in query.dates)
    keys.update(f"p:{p}" for p in query.phones)
    return {k[:100] for k in keys}


def record_query_keys(record: Record) -> set[str]:
    """Keys to look up for a structured record (intake, import), including day/month swapped."""
    keys = block_keys(record, single_tokens=False)
    birth = record.birth
    if birth and record.birth_precision == "day" and birth.day <= 12 and (
            swapped := _safe_date(birth.year, birth.day, birth.month)):
        keys.add(f"d:{swapped.isoformat()}")
    return keys


# --- Scoring -----------------------------------------------------------------------------------

# Reason codes, explained to people by ``people.reasons.describe``.
R_IDENTIFIER = "same_identifier"
R_IDENTIFIER_DIFFERS = "identifier_differs"
R_NAME = "same_name"
R_NICKNAME = "nickname"
R_SPELLING = "spelling"
R_TYPO = "typo"
R_INITIAL = "initial"
R_SWAPPED_SURNAMES = "surnames_swapped"
R_MISSING_SURNAME = "second_surname_missing"
R_OTHER_NAME = "other_name"
R_MARRIED = "married_name"
R_BIRTH = "same_birth_date"
R_BIRTH_SWAPPED = "birth_day_month_swapped"
R_BIRTH_YEAR = "same_birth_year"
R_BIRTH_CLOSE = "birth_date_close"
R_BIRTH_DIFFERS = "birth_date_differs"
R_PHONE = "same_phone"
R_ADDRESS = "same_address"
R_POSTCODE = "same_postcode"
R_PARTIAL_NAME = "partial_name"


@lru_cache(maxsize=500_000)
def token_similarity(a: str, b: str) -> tuple[float, str]:
    """How alike two name words are, and why: (1.0, same) .. (0, unrelated)."""
    if a == b:
        return 1.0, R_NAME
    if canonicals(a) & canonicals(b):
        return 0.95, R_NICKNAME
    if len(a) == 1 or len(b) == 1:
        return (0.8, R_INITIAL) if a[0] == b[0] else (0.0, "")
    if phonetic(a) == phonetic(b):
        return 0.93, R_SPELLING
    jw = JaroWinkler.normalized_similarity(a, b)
    if jw >= 0.88 and min(len(a), len(b)) >= 4:
        return 0.9 * jw, R_TYPO
    return 0.0, ""


def _align(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[float, list[tuple[int, int, float, str]]]:
    """Best one-to-one pairing of the words of ``a`` with those of ``b`` (greedy by similarity)."""
    scored = []
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            sim, why = token_similarity(x, y)
            if sim > 0:
                scored.append((sim, i, j, why))
    scored.sort(reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    total = 0.0
    for sim, i, j, why in scored:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append((i, j, sim, why))
        total += sim
    return total, pairs


@dataclass
class Match:
    score: float
    reasons: tuple[str, ...] = field(default_factory=tuple)


def _name_score(a: NameVariant, b: NameVariant) -> tuple[float, set[str]]:
    reasons: set[str] = set()
    if not (a.given or a.surnames) or not (b.given or b.surnames):
        return 0.0, reasons
    g_total, g_pairs = _align(a.given, b.given)
    s_total, s_pairs = _align(a.surnames, b.surnames)
    if a.given and b.given:
        given = g_total / min(len(a.given), len(b.given))
        if len(a.given) != len(b.given):
            given *= 0.95
    else:
        given = 0.6
    if a.surnames and b.surnames:
        surnames = s_total / min(len(a.surnames), len(b.surnames))
        if len(a.surnames) != len(b.surnames):
            surnames *= 0.96
            if s_pairs:
                reasons.add(R_MISSING_SURNAME)
        if len(s_pairs) >= 2 and s_pairs[0][0] != s_pairs[0][1] and \
                sorted(p[0] for p in s_pairs) == sorted(p[1] for p in s_pairs):
            reasons.add(R_SWAPPED_SURNAMES)
    else:
        surnames = 0.5
    structured = 0.4 * given + 0.6 * surnames
    # Words typed in the wrong box (both surnames in one field, a given name as a surname).
    pairs = g_pairs + s_pairs
    if structured < 0.9:  # pooling can only help a name that did not already agree
        all_a, all_b = a.given + a.surnames, b.given + b.surnames
        p_total, p_pairs = _align(all_a, all_b)
        pooled = 0.93 * p_total / max(len(all_a), len(all_b), 1) if len(p_pairs) >= 2 else 0.0
        if pooled > structured:
            structured, pairs = pooled, p_pairs
    for _i, _j, _sim, why in pairs:
        if why and why != R_NAME:
            reasons.add(why)
    return min(structured, 1.0), reasons


def _birth(a: Record, b: Record) -> tuple[float, str]:
    if not a.birth or not b.birth:
        return 0.0, ""
    x, y = a.birth, b.birth
    coarse = "year" if "year" in (a.birth_precision, b.birth_precision) else (
        "month" if "month" in (a.birth_precision, b.birth_precision) else "day")
    if x.year == y.year and (coarse == "year" or (x.month == y.month and (coarse == "month" or x.day == y.day))):
        return (0.25, R_BIRTH) if coarse == "day" else (0.12, R_BIRTH_YEAR)
    if coarse == "day" and x.year == y.year and x.day == y.month and x.month == y.day:
        return 0.17, R_BIRTH_SWAPPED
    if coarse == "day":
        same_md = x.month == y.month and x.day == y.day
        if same_md and abs(x.year - y.year) <= 10 and _one_digit_apart(str(x.year), str(y.year)):
            return 0.08, R_BIRTH_CLOSE
        if abs((x - y).days) <= 2 or (x.year == y.year and (x.month == y.month or x.day == y.day) and (
                _one_digit_apart(f"{x.month:02}{x.day:02}", f"{y.month:02}{y.day:02}"))):
            return 0.08, R_BIRTH_CLOSE
    if x.year == y.year:
        return -0.12, R_BIRTH_DIFFERS
    return -0.35, R_BIRTH_DIFFERS


def _one_digit_apart(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(c != d for c, d in zip(a, b, strict=True)) == 1


def compare(a: Record, b: Record) -> Match:
    """How likely ``a`` and ``b`` are the same person (0..1), with the reasons."""
    best, best_reasons = 0.0, set()
    for va in a.names:
        for vb in b.names:
            score, reasons = _name_score(va, vb)
            if vb.kind != GIVEN or va.kind != GIVEN:
                kinds = {va.kind, vb.kind} - {GIVEN}
                reasons.add(R_MARRIED if MARRIED in kinds else R_OTHER_NAME)
                score *= 0.98
            if score > best:
                best, best_reasons = score, reasons
    reasons = set(best_reasons)
    score = 0.75 * best
    adjust, why = _birth(a, b)
    if why == R_BIRTH_CLOSE and best < 0.99:
        adjust = 0.0  # a near birth date supports only a name that agrees in full
    score += adjust
    if why:
        reasons.add(why)
    if a.phones and b.phones and set(a.phones) & set(b.phones):
        score += 0.12
        reasons.add(R_PHONE)
    if a.postcode and a.postcode == b.postcode:
        if a.street and b.street and JaroWinkler.normalized_similarity(a.street, b.street) > 0.9:
            score += 0.08
            reasons.add(R_ADDRESS)
        else:
            score += 0.02
            reasons.add(R_POSTCODE)
    if a.identifier and b.identifier:
        if a.identifier == b.identifier:
            score = max(score, 0.97)
            reasons.add(R_IDENTIFIER)
        else:
            score -= 0.5
            reasons.add(R_IDENTIFIER_DIFFERS)
    if best >= 0.999 and not reasons & {R_SWAPPED_SURNAMES, R_MISSING_SURNAME}:
        reasons.add(R_NAME)
    return Match(round(max(0.0, min(score, 1.0)), 3), tuple(sorted(reasons)))


def score_bound(a: Record, b: Record) -> float:
    """The most ``compare(a, b).score`` can be, from everything but the names (cheap): a pair whose
    bound is under the threshold is never compared in full, and nothing is lost."""
    bound = 0.75
    if a.identifier and b.identifier:
        if a.identifier == b.identifier:
            return 1.0
        bound -= 0.5
    x, y = a.birth, b.birth
    if x is not None and y is not None:
        if a.birth_precision == "day" and b.birth_precision == "day" and x != y and abs(x.year - y.year) > 10:
            bound -= 0.35  # the common case, decided at once
        else:
            adjust, why = _birth(a, b)
            bound += 0.08 if why == R_BIRTH_CLOSE else adjust
    if a.phones and b.phones and any(p in b.phones for p in a.phones):
        bound += 0.12
    if a.postcode and a.postcode == b.postcode:
        bound += 0.08
    return bound


def score_query(query: Query, record: Record, *, identifier_hashes: Iterable[str] = ()) -> Match:
    """How well a person answers what was typed in the search box."""
    reasons: set[str] = set()
    parts: list[float] = []
    hashes = set(identifier_hashes)
    if hashes:
        if record.identifier in hashes:
            return Match(1.0, (R_IDENTIFIER,))
        parts.append(0.0)
    if query.tokens:
        best = 0.0
        for variant in record.names:
            tokens = variant.given + variant.surnames
            if not tokens:
                continue
            total, pairs = _align(query.tokens, tokens)
            coverage = total / len(query.tokens)
            matched_surnames = {j - len(variant.given) for _i, j, _s, _w in pairs if j >= len(variant.given)}
            completeness = len(matched_surnames) / max(len(variant.surnames), 1)
            unmatched = len(tokens) - len(pairs)  # words of the name nobody typed: a small penalty
            score = coverage * (0.85 + 0.15 * completeness) * (1 - 0.02 * min(unmatched, 3))
            if variant.kind != GIVEN:
                score *= 0.98
            if score > best:
                best = score
                why = {w for _i, _j, _s, w in pairs if w and w != R_NAME}
                if variant.kind == MARRIED:
                    why.add(R_MARRIED)
                elif variant.kind != GIVEN:
                    why.add(R_OTHER_NAME)
                if len(pairs) < len(query.tokens):
                    why.add(R_PARTIAL_NAME)
                s_order = [j for _i, j, _s, _w in sorted(pairs) if j >= len(variant.given)]
                if len(s_order) >= 2 and s_order != sorted(s_order):
                    why.add(R_SWAPPED_SURNAMES)
                best_reasons = why
        parts.append(best)
        if best > 0:
            reasons |= best_reasons
            if not best_reasons & {R_PARTIAL_NAME, R_TYPO, R_SPELLING, R_NICKNAME, R_INITIAL}:
                reasons.add(R_NAME)
    if query.dates:
        hit = ""
        if record.birth:
            for d in query.dates:
                if record.birth == d and record.birth_precision == "day":
                    hit = R_BIRTH
                    break
                if record.birth.year == d.year and record.birth_precision != "day":
                    hit = R_BIRTH_YEAR
        parts.append({R_BIRTH: 1.0, R_BIRTH_YEAR: 0.7}.get(hit, 0.0))
        if hit:
            reasons.add(hit)
    if query.year:
        hit_year = bool(record.birth and record.birth.year == query.year)
        parts.append(1.0 if hit_year else 0.3)
        if hit_year:
            reasons.add(R_BIRTH_YEAR)
    if query.phones:
        hit_phone = bool(set(query.phones) & set(record.phones))
        parts.append(1.0 if hit_phone else 0.0)
        if hit_phone:
            reasons.add(R_PHONE)
    if not parts:
        return Match(0.0)
    return Match(round(sum(parts) / len(parts), 3), tuple(sorted(reasons)))


# --- Pairs over a set of records ----------------------------------------------------------------

MAX_BLOCK = 120  # larger blocks (very common names) are cut into windows sorted by name
WINDOW = 24
DUPLICATE_THRESHOLD = 0.8
PARTITIONS = 16  # blocks are spread over this many shares, each worked on by one process at a time


def _pairs_in_block(members: list[int], name_only: bool, pool: list[Record]) -> Iterator[tuple[int, int]]:
    """Index pairs worth comparing within one block (either order; the caller sorts them)."""
    if name_only:  # name-only blocks: only for records without a birth date
        undated = [i for i in members if pool[i].birth is None]
        if not undated:
            return
        if len(members) > MAX_BLOCK:
            members = sorted(members, key=lambda i: (_sort_name(pool[i]), i))
            positions = {m: k for k, m in enumerate(members)}
            for u in undated:
                for k in range(max(0, positions[u] - WINDOW), min(len(members), positions[u] + WINDOW)):
                    yield u, members[k]
        else:
            for u in undated:
                for other in members:
                    yield u, other
        return
    if len(members) > MAX_BLOCK:
        members = sorted(members, key=lambda i: (_sort_name(pool[i]), pool[i].birth or dt.date.min, i))
        for k in range(0, len(members), WINDOW // 2):
            yield from combinations(members[k:k + WINDOW], 2)
    else:
        yield from combinations(members, 2)


def _sort_name(record: Record) -> str:
    variant = record.names[0] if record.names else None
    return " ".join(key_token(t) for t in variant.given) if variant else ""


_SHARED: list[Record] = []  # the records, inherited by forked workers
_BOUND = None  # another engine's bound for step 2 (``candidate_codes``), inherited by forked workers


def _keys_of(span: tuple[int, int]) -> list[array]:
    """Step 1, for records ``span``: (key hash, record index * 2 + name-only flag) in one array
    per share. Hashes are the same in every forked worker (one hash seed)."""
    shares = [array("q") for _ in range(PARTITIONS)]
    for index in range(*span):
        for key in pass_keys(_SHARED[index]):
            h = hash(key)
            share = shares[h % PARTITIONS]
            share.append(h)
            share.append(index * 2 + key.startswith("gsn:"))
    return shares


def _pairs_of(args: tuple[list[array], int | None, float]) -> array:
    """Step 2, for one share of the blocks: the candidate pairs within its blocks that pass a
    cheap bound (birth dates, phones, postcode, identifiers), coded as i * size + j."""
    parts, offset, threshold = args
    pool = _SHARED
    bound = _BOUND or score_bound
    blocks: dict[int, list[int]] = defaultdict(list)
    for part in parts:
        for k in range(0, len(part), 2):
            blocks[part[k]].append(part[k + 1])
    seen: set[int] = set()  # i * size + j: a pair in 28 bytes rather than a tuple's 100
    size = len(pool) + 1
    bound_floor = None if threshold is None else (threshold - 0.001 if _BOUND is None else threshold)
    out = array("q")
    for coded in blocks.values():
        if len(coded) < 2:
            continue
        members = [c >> 1 for c in coded]
        for x, y in _pairs_in_block(members, bool(coded[0] & 1), pool):
            if x == y:
                continue
            i, j = (x, y) if x < y else (y, x)
            if offset is not None and not (i < offset <= j):
                continue
            code = i * size + j
            if code in seen:
                continue
            seen.add(code)
            if bound_floor is None or bound(pool[i], pool[j]) >= bound_floor:  # scores: 3 places
                out.append(code)
    return out


def _compare_codes(args: tuple[list[int], float]) -> list[tuple[int, int, Match]]:
    """Step 3: the full comparison of pairs that passed the bound."""
    codes, threshold = args
    pool = _SHARED
    size = len(pool) + 1
    out = []
    for code in codes:
        i, j = divmod(code, size)
        match = compare(pool[i], pool[j])
        if match.score >= threshold:
            out.append((i, j, match))
    return out


def find_pairs(records: list[Record], *, against: list[Record] | None = None,
               threshold: float = DUPLICATE_THRESHOLD, workers: int = 1) -> Iterator[tuple[Record, Record, Match]]:
    """Likely duplicates (or links to ``against``), each with its score and reasons.

    Step 1 computes every record's keys (in ``workers`` forked processes, in slices); the keys
    are spread over ``PARTITIONS`` shares by hash, so every block lies whole in one share.
    Step 2 works share by share: pairs within blocks, and a bound from birth dates, phones,
    postcode and identifiers that drops most of them without looking at names. Step 3 compares
    the rest in full (a pair found in two shares is compared once).
    """
    pool = records + (against or [])
    for i, j, match in candidate_codes(records, against=against, workers=workers, floor=threshold,
                                       compare=_compare_codes):
        yield pool[i], pool[j], match


def candidate_codes(records: list[Record], *, against: list[Record] | None = None, workers: int = 1,
                    bound: Callable[[Record, Record], float] | None = None, floor: float | None = None,
                    compare: Callable[[tuple[list[int], float]], list[Any]] | None = None) -> list[Any]:
    """The three steps of ``find_pairs`` with another engine's ``bound`` (kept when at least
    ``floor``; no bound when ``floor`` is None) and ``compare`` (called on chunks of pair codes
    ``i * (len(pool) + 1) + j`` in the forked workers). Without ``compare``: the codes."""
    global _SHARED, _BOUND
    pool = records + (against or [])
    offset = len(records) if against is not None else None
    parallel = workers > 1 and len(pool) >= PARALLEL_MIN
    step = max(1, -(-len(pool) // (workers * 8 if parallel else 1)))
    spans = [(k, min(k + step, len(pool))) for k in range(0, len(pool), step)]
    _SHARED, _BOUND = pool, bound
    try:
        if parallel:
            import multiprocessing

            gc.freeze()  # the collector in a worker would touch, and so copy, every inherited object
            with multiprocessing.get_context("fork").Pool(workers) as processes:
                keyed = processes.map(_keys_of, spans)
                shares = ([chunk[p] for chunk in keyed] for p in range(PARTITIONS))
                codes = _unique(processes.imap_unordered(_pairs_of, ((parts, offset, floor)
                                                                     for parts in shares)))
                if compare is None:
                    return codes
                chunks = ((codes[k:k + 5000], floor) for k in range(0, len(codes), 5000))
                return [t for part in processes.imap(compare, chunks) for t in part]
        keyed = [_keys_of(span) for span in spans]
        codes = _unique(_pairs_of(([chunk[p] for chunk in keyed], offset, floor)) for p in range(PARTITIONS))
        return codes if compare is None else compare((codes, floor))  # type: ignore[arg-type]
    finally:
        _SHARED, _BOUND = [], None
        if parallel:
            gc.unfreeze()


def candidate_pairs(records: list[Record], *, against: list[Record] | None = None,
                    workers: int = 1) -> list[tuple[Record, Record]]:
    """Every pair the blocking keys bring together (no bound): what a model is fitted on."""
    pool = records + (against or [])
    size = len(pool) + 1
    return [(pool[i], pool[j]) for i, j in (divmod(c, size) for c in
                                            candidate_codes(records, against=against, workers=workers))]


def _unique(parts: Iterable[array]) -> list[int]:
    codes: set[int] = set()
    for part in parts:
        codes.update(part)
    return sorted(codes)


PARALLEL_MIN = 20_000  # below this, forking costs more than it saves
