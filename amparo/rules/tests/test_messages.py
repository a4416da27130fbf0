"""The bilingual catalogue: every code used exists in English and real Spanish."""

from __future__ import annotations

import ast
import re
import string
from datetime import date
from pathlib import Path

import pytest

from amparo.rules import Facts, list_deadline_kinds, list_programs, list_variants, load_ruleset, screen
from amparo.rules.facts import FACT_FIELDS
from amparo.rules.messages import LANGS, catalogue, msg
from amparo.rules.records import TPS_STATES
from amparo.rules.results import STATUSES

PACKAGE = Path(__file__).resolve().parents[1]
STEP_METHODS = {"ok", "fail", "review", "info", "cannot_tell", "msg"}

# Spanish words that must carry an accent; finding them bare means a mistyped translation.
# (Only words that are wrong without the accent: "prorroga" and "solicito" are verbs, so not listed.)
UNACCENTED = [
    "dias", "fisica", "fisico", "peticion", "informacion", "razon", "despues", "tambien", "segun",
    "ultimo", "ultima", "numero", "maximo", "minimo", "pais", "paises", "proteccion", "decision",
    "revision", "apelacion", "anulacion", "terminacion", "designacion",
    "inscripcion", "reinscripcion", "exencion", "ciudadania", "educacion", "civica", "civico",
    "condicion", "deportacion", "clasificacion", "situacion", "presentacion", "todavia", "aqui",
    "sera", "podra", "debera", "cumplira", "cumplio", "economicas", "agresion", "anos", "ano",
    "publico", "mexico", "haiti", "hawai", "region", "juridico", "espanol", "nino", "ninos",
    "mas", "senor", "tramite", "soviet", "conyuge", "conyuges", "esta vigente", "vencio",
    "suspendio", "emision", "detencion", "suspension", "notificacion", "acreditacion", "anticipacion",
]
SPANISH_WORDS = {"de", "la", "el", "en", "que", "los", "las", "del", "para", "por", "no", "se", "un",
                 "una", "es", "y", "o", "con", "si", "sí", "al", "desde", "hasta", "fecha", "años", "a"}
SAME_IN_BOTH = re.compile(r"^(country\.|record\.note$|word\.no$|fact\.veteran$)")


def _codes_in_source() -> set[str]:
    found: set[str] = set()
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            first = node.args[0]
            if name in STEP_METHODS and isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.add(first.value)
            if name == "key_date" and isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.add("keydate." + first.value)
    return found


def _dynamic_codes() -> set[str]:
    codes = {f"status.{s}" for s in STATUSES} | {f"program.{p}" for p in list_programs()}
    codes |= {f"fact.{f}" for f in FACT_FIELDS} | {f"tps.state.{s}" for s in TPS_STATES}
    codes |= {f"bar.{n}" for n in ("felonies", "misdemeanors", "significant_misdemeanors")}
    codes |= {"nat.civics_2008", "nat.civics_2025", "keydate.five_year_early_filing",
              "keydate.three_year_early_filing", "keydate.anniversary", "keydate.earliest_ead"}
    for kind in list_deadline_kinds():
        for variant in list_variants(kind):
            codes.add(f"deadline.rule.{kind}.{variant}")
    codes |= {"deadline.rule.rfe.standard.mailed", "deadline.rule.noid.standard.mailed",
              "deadline.rule.i290b.standard.mailed"}
    codes |= {r.message for r in load_ruleset().records if r.message}
    codes |= {f"country.{r.get('country')}" for r in load_ruleset().records if r.get("country")}
    return codes


def test_every_code_used_in_code_or_data_is_in_the_catalogue() -> None:
    used = _codes_in_source() | _dynamic_codes()
    assert len(used) > 150
    missing = sorted(c for c in used if c not in catalogue())
    assert not missing, missing


def test_every_message_has_english_and_spanish() -> None:
    for code, texts in catalogue().items():
        assert set(texts) == set(LANGS), code
        assert all(texts[lang].strip() for lang in LANGS), code


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_english_and_spanish_take_the_same_parameters() -> None:
    for code, texts in catalogue().items():
        assert _placeholders(texts["en"]) == _placeholders(texts["es"]), code


def test_spanish_is_real_spanish_with_accents() -> None:
    problems = []
    for code, texts in catalogue().items():
        es = texts["es"]
        plain = re.sub(r"\{[a-z_]+\}", " ", es)
        words = set(re.findall(r"[a-záéíóúüñ]+", plain.lower()))
        if "Ã" in es or "â€" in es or "\ufffd" in es:
            problems.append((code, "mojibake"))
        for bare in UNACCENTED:
            if re.search(rf"\b{bare}\b", plain, re.IGNORECASE):
                problems.append((code, bare))
        if SAME_IN_BOTH.search(code):
            continue
        if es == texts["en"]:
            problems.append((code, "same as English"))
        if len(words) > 3 and not words & SPANISH_WORDS and not re.search("[áéíóúüñ¿¡]", plain.lower()):
            problems.append((code, "no Spanish function words"))
    assert not problems, problems


def test_spanish_uses_accented_words_somewhere() -> None:
    text = " ".join(t["es"] for t in catalogue().values())
    for word in ("días", "física", "año", "sí", "país", "designación", "ciudadanía", "cónyuge", "México",
                 "Haití", "revisión", "último"):
        assert word.lower() in text.lower(), word


def test_unknown_codes_fail_at_once() -> None:
    with pytest.raises(KeyError):
        msg("no.such.code")


def test_rendering_formats_dates_money_and_countries_per_language() -> None:
    m = msg("fee.i821_initial", since=date(2025, 7, 22), amount=500)
    assert m.render("en") == "Initial TPS application (I-821) fee since July 22, 2025: $500; it cannot be waived."
    assert "22 de julio de 2025" in m.render("es") and "$500" in m.render("es")
    never = msg("tps.never_designated", country="MX")
    assert never.render("en") == "Mexico has never been designated for TPS."
    assert never.render("es") == "México nunca ha sido designado para el TPS."
    missing = msg("missing.facts", fields=("birth_date", "married_to_usc.since", "arrivals[0].apprehended"))
    assert missing.render("es") == ("Datos que faltan: fecha de nacimiento; fecha del matrimonio con el "
                                    "ciudadano estadounidense; si la persona fue detenida en cada entrada.")
    both = msg("nacara202.not_national", countries=("NI", "CU"))
    assert both.render("en") == "NACARA 202 covers nationals of Nicaragua and Cuba only."
    assert both.render("es") == "NACARA 202 solo incluye a nacionales de Nicaragua y Cuba."
    with pytest.raises(ValueError):
        m.render("fr")


def test_a_full_screening_renders_in_both_languages() -> None:
    facts = Facts.from_json({"birth_date": "2008-02-01", "nationalities": ["HT"],
                             "arrivals": [{"date": "2023-11-20", "manner": "parole", "apprehended": False}],
                             "trips": []})
    result = screen(facts, date(2026, 7, 1))
    en, es = result.render("en"), result.render("es")
    assert "Haiti" in en and "Haití" in es
    assert "Not eligible" in en or "Possibly eligible" in en
    assert "julio" not in en and "Mullin v. Doe" in es
    summaries = {catalogue()[f"status.{s}"]["es"] for s in STATUSES}
    for item in result.results:
        assert item.to_dict("es")["summary"] in summaries


def test_every_packaged_note_has_its_spanish() -> None:
    """A record shown without a message shows its note: in Spanish, the note_es."""
    from amparo.rules import load_ruleset
    lacking = [r.id for r in load_ruleset().records if r.note and not r.note_es]
    assert not lacking, f"records whose note has no note_es: {lacking}"


def test_a_record_with_neither_message_nor_note_never_shows_its_id() -> None:
    from amparo.rules import load_ruleset
    from amparo.rules.check import record_message
    rules = load_ruleset([{"kind": "policy", "id": "db-42", "topic": "tps.note", "effect": "info",
                           "effective_from": "2026-01-01", "source": "91 FR 1234", "verified": True}])
    message = record_message(rules.by_id("db-42"))
    assert message.render("en") == "A rule from 91 FR 1234."
    assert message.render("es") == "Una regla según 91 FR 1234."
    note_only = load_ruleset([{"kind": "policy", "id": "db-43", "topic": "tps.note", "effect": "info",
                               "effective_from": "2026-01-01", "source": "x", "verified": True, "note": "English"}])
    assert record_message(note_only.by_id("db-43")).render("es") == "English"  # no note_es: the English, not the id
