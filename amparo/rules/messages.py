"""Bilingual message catalogue: every reason, warning and label is a code plus parameters.

The texts live in ``data/messages/*.toml`` as tables whose leaves have ``en`` and ``es``::

    [tps.in_force]
    en = "The designation is in force until {until}."
    es = "La designación está vigente hasta el {until}."

Parameters are formatted per language by name and type: dates ("July 4, 2026" /
"4 de julio de 2026"), ``country``/``countries`` (country names), ``fields`` (fact labels),
``program`` (program names), money (``amount``, ``limit``, ``income`` and ``*_amount``),
``count`` (a grouped number: "10,000" / "10 000"),
nested :class:`Message` values and :class:`Localized` free text.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Union

from .dates import format_date

LANGS: tuple[str, ...] = ("en", "es")
MESSAGES_DIR = Path(__file__).parent / "data" / "messages"


@dataclass(frozen=True)
class Localized:
    """Free text given in the data itself (an override's ``note`` / ``note_es``)."""

    en: str
    es: str | None = None

    def get(self, lang: str) -> str:
        return self.es if lang == "es" and self.es else self.en


Param = Union[str, int, float, bool, date, tuple[str, ...], tuple[int, ...], "Message", Localized, None]


@dataclass(frozen=True)
class Message:
    code: str
    params: tuple[tuple[str, Param], ...] = ()

    def render(self, lang: str) -> str:
        return render_text(self.code, lang, dict(self.params))

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "params": {k: param_json(v) for k, v in self.params}}


def msg(code: str, **params: Param) -> Message:
    """A message; the code must be in the catalogue (a typo fails at once, not in front of a client)."""
    if code not in catalogue():
        raise KeyError(f"message code {code!r} is not in the catalogue (amparo/rules/data/messages)")
    return Message(code, tuple(sorted(params.items())))


def param_json(value: Param) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Message):
        return value.to_dict()
    if isinstance(value, Localized):
        return {"en": value.en, "es": value.es}
    return value


@lru_cache(maxsize=1)
def catalogue() -> Mapping[str, Mapping[str, str]]:
    """All messages, code -> {"en": ..., "es": ...}; fails loudly on a malformed file."""
    out: dict[str, dict[str, str]] = {}
    for path in sorted(MESSAGES_DIR.glob("*.toml")):
        with path.open("rb") as fh:
            try:
                data = tomllib.load(fh)
            except tomllib.TOMLDecodeError as exc:
                raise ValueError(f"{path.name}: not valid TOML: {exc}") from None
        _flatten(data, "", path.name, out)
    return out


def _flatten(table: Mapping[str, object], prefix: str, fname: str, out: dict[str, dict[str, str]]) -> None:
    langs = {k: v for k, v in table.items() if k in LANGS}
    if langs:
        code = prefix.rstrip(".")
        if set(langs) != set(LANGS) or not all(isinstance(v, str) and v.strip() for v in langs.values()):
            raise ValueError(f"{fname}: message {code!r} needs non-empty 'en' and 'es' texts")
        if code in out:
            raise ValueError(f"{fname}: message {code!r} is defined twice")
        out[code] = {lang: str(langs[lang]) for lang in LANGS}
    for key, value in table.items():
        if key in LANGS:
            continue
        if not isinstance(value, dict):
            raise ValueError(f"{fname}: {prefix}{key}: expected a table with 'en' and 'es'")
        _flatten(value, f"{prefix}{key}.", fname, out)


def has(code: str) -> bool:
    return code in catalogue()


def label(code: str, lang: str, fallback: str) -> str:
    entry = catalogue().get(code)
    return entry[lang] if entry else fallback


MONEY_NAMES = frozenset({"amount", "limit", "income"})


def format_money(value: float) -> str:
    return f"${value:,.0f}" if float(value).is_integer() else f"${value:,.2f}"


def format_param(name: str, value: Param, lang: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, Message):
        return value.render(lang)
    if isinstance(value, Localized):
        return value.get(lang)
    if isinstance(value, date):
        return format_date(value, lang)
    if isinstance(value, bool):
        return label("word.yes" if value else "word.no", lang, str(value))
    if name == "country" and isinstance(value, str):
        return label(f"country.{value}", lang, value)
    if name == "program" and isinstance(value, str):
        return label(f"program.{value}", lang, value)
    if isinstance(value, tuple):
        if name == "countries":
            return join_words([label(f"country.{v}", lang, str(v)) for v in value], lang)
        if name == "fields":
            return "; ".join(fact_label(str(v), lang) for v in value)
        return join_words([str(v) for v in value], lang)
    if isinstance(value, (int, float)) and (name in MONEY_NAMES or name.endswith("_amount")):
        return format_money(value)
    if isinstance(value, int) and name == "count":
        return f"{value:,}" if lang == "en" else f"{value:,}".replace(",", "\u00a0")
    return str(value)


def join_words(items: list[str], lang: str) -> str:
    """"A, B and C" / "A, B y C"."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + (" y " if lang == "es" else " and ") + items[-1]


def fact_label(path: str, lang: str) -> str:
    """A fact path such as ``arrivals[0].apprehended`` as words: "arrivals: apprehended at entry"."""
    parts = [p.split("[")[0] for p in path.split(".")]
    code = "fact." + ".".join(parts)
    if has(code):
        return catalogue()[code][lang]
    return label("fact." + parts[0], lang, path)


def render_text(code: str, lang: str, params: Mapping[str, Param]) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    template = catalogue()[code][lang]
    formatted = {k: format_param(k, v, lang) for k, v in params.items()}
    try:
        return template.format_map(formatted)
    except (KeyError, IndexError, ValueError) as exc:
        raise ValueError(f"message {code!r} ({lang}) needs parameter {exc}") from None
