"""Words for search: folding (case and accents), a light bilingual stemmer, and synonyms.

The same ``terms()`` turns a document into the words stored for search and a query into the
words looked for, so both sides always agree, on SQLite and on PostgreSQL.

Stemming is Snowball's (PyStemmer): a word is folded (lower case, accents dropped, so typing
an accent or not never matters), then stemmed by the English and then by the Spanish Snowball
stemmer. One word gives one term whatever the document's language, so phrases keep their
positions and a query needs no language: "JESUITS", "jesuit", "jesuita" and "jesuitas" all
become ``jesuit``; "tortured", "torture" and "tortura" become ``tortur``. Where English and
Spanish words differ, the ``SYNONYMS`` table joins them (masacre/massacre, batallón/battalion...):
each group is indexed under its first word's stem. Archivists extend the table here; it is
documented in docs/archive.md. A change of stemmer changes the stored terms: run
``manage.py archive_reindex`` after upgrading.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import Stemmer

WORD = re.compile(r"[^\W_]+", re.UNICODE)

_STOP = (
    "a an and are as at be by for from has have in is it its of on or that the this to was were which with will "
    "al con de del el en es la las lo los o para por que se su sus un una y"
)
STOPWORDS = frozenset(_STOP.split(" "))

# Key terms in English and Spanish that the stemmer alone would not join. First word = key.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("jesuit", "jesuita"),
    ("massacre", "masacre", "matanza"),
    ("murder", "asesinato", "asesinado", "asesinar", "assassination", "assassinated", "assassinate"),
    ("killing", "killed", "kill", "matar", "mataron"),
    ("disappearance", "disappeared", "desaparecido", "desaparicion", "desaparecer"),
    ("kidnapping", "kidnapped", "kidnap", "secuestro", "secuestrado", "secuestrar"),
    ("detention", "detained", "detain", "arrest", "arrested", "detencion", "detenido", "capturado", "captura"),
    ("torture", "tortura", "torturado"),
    ("threat", "threatened", "amenaza", "amenazado"),
    ("displacement", "displaced", "desplazamiento", "desplazado"),
    ("refugee", "refugiado"),
    ("priest", "sacerdote"),
    ("archbishop", "arzobispo"),
    ("bishop", "obispo"),
    ("church", "iglesia"),
    ("battalion", "batallon"),
    ("brigade", "brigada"),
    ("soldier", "soldado"),
    ("army", "ejercito"),
    ("police", "policia"),
    ("guard", "guardia"),
    ("death", "muerte"),
    ("peasant", "campesino"),
    ("university", "universidad"),
    ("student", "estudiante"),
    ("union", "sindicato"),
    ("human", "humano"),
    ("right", "derecho"),
    ("woman", "women", "mujer"),
    ("child", "children", "nino"),
    ("commander", "comandante", "jefe"),
    ("colonel", "coronel"),
    ("lieutenant", "teniente"),
    ("captain", "capitan"),
    ("general", "general"),
)

_ENGLISH = Stemmer.Stemmer("english")
_SPANISH = Stemmer.Stemmer("spanish")


def fold(text: str) -> str:
    """Lower case without accents: "Atlácatl" -> "atlacatl", "ÑANDÚ" -> "nandu"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def stem(word: str) -> str:
    """A folded word through the English, then the Spanish Snowball stemmer (see the module's docstring)."""
    if len(word) <= 3 or not word.isalpha():
        return word
    return _SPANISH.stemWord(_ENGLISH.stemWord(word))


def _build_synonyms() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in SYNONYMS:
        key = stem(fold(group[0]))
        for word in group:
            table[stem(fold(word))] = key
    return table


SYNONYM_STEMS = _build_synonyms()


@lru_cache(maxsize=50_000)
def term(word: str) -> str:
    """One word as search stores it: folded, stemmed, joined to its synonym group."""
    stemmed = stem(fold(word))
    return SYNONYM_STEMS.get(stemmed, stemmed)


def words(text: str) -> list[str]:
    return WORD.findall(fold(text))


def terms(text: str) -> list[str]:
    return [SYNONYM_STEMS.get(s, s) for s in (stem(w) for w in words(text) if w not in STOPWORDS)]


def terms_text(*parts: str) -> str:
    return " ".join(t for part in parts if part for t in terms(part))


def parse_groups(query: str) -> list[tuple[str, list[str]]]:
    """A query as groups: each quoted phrase is one group, every other word its own.

    Each group is ``(the words as typed, their terms)``. All groups must match. Stop words
    are dropped ("los jesuitas" looks for ``jesuit``).
    """
    groups: list[tuple[str, list[str]]] = []
    for match in re.finditer(r'"([^"]*)"|(\S+)', query[:500]):
        phrase, single = match.groups()
        raw = phrase if phrase is not None else single
        found = terms(raw)
        if found:
            groups.append((" ".join(words(raw)), found))
    return groups[:12]


def parse_query(query: str) -> list[list[str]]:
    return [found for _raw, found in parse_groups(query)]


WITHHELD = "[…]"


def _letter_class(ch: str) -> str:
    variants = {"a": "aáàâäã", "e": "eéèêë", "i": "iíìîï", "o": "oóòôöõ", "u": "uúùûü", "n": "nñ", "c": "cç"}
    return f"[{variants[ch]}]" if ch in variants else re.escape(ch)


def redact(text: str, names: Iterable[str], replacement: str = WITHHELD) -> str:
    """``text`` with every given name replaced, ignoring case and accents ("José" = "JOSE")."""
    patterns = []
    for name in sorted({n.strip() for n in names if n and len(n.strip()) > 2}, key=len, reverse=True):
        parts = [ "".join(_letter_class(c) for c in fold(part)) for part in name.split()]
        patterns.append(r"\s+".join(parts))
    if not patterns or not text:
        return text
    return re.sub(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)", replacement, text, flags=re.IGNORECASE)


def highlight(text: str, wanted: Iterable[str], *, width: int = 28, max_chars: int = 100_000) -> str:
    """An HTML snippet of ``text`` around the first matching word, matches in ``<mark>``.

    Words are stemmed only up to the first match and inside the window, so long texts stay cheap.
    The text is escaped here; the result is safe to show as is.
    """
    wanted = set(wanted)
    text = text[:max_chars]
    spans: list[tuple[int, int]] = []
    first = None
    for match in WORD.finditer(text):
        spans.append(match.span())
        if first is None and term(match.group()) in wanted:
            first = len(spans) - 1
        if first is not None and len(spans) >= first + width:
            break
        if first is None and len(spans) > 5000:
            break
    if not spans:
        return ""
    first = first or 0
    lo = max(0, first - width // 3)
    hi = min(len(spans), lo + width)
    out: list[str] = ["… " if lo > 0 else ""]
    cursor = spans[lo][0]
    for i in range(lo, hi):
        a, b = spans[i]
        out.append(html.escape(text[cursor:a]))
        piece = html.escape(text[a:b])
        out.append(f"<mark>{piece}</mark>" if term(piece if "&" not in piece else text[a:b]) in wanted else piece)
        cursor = b
    if hi < len(spans) or spans[-1][1] < len(text.rstrip()):
        out.append(" …")
    return "".join(out)
