"""Spanish is complete: every message translated, none fuzzy, placeholders intact, none missing.

Each app keeps its own catalogue (amparo/<app>/locale/es/LC_MESSAGES/django.po); the shared
one is amparo/locale/es/LC_MESSAGES/django.po. Every one of them is checked.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[2]
ROOT = PACKAGE.parent
CATALOGUES = sorted([PACKAGE / "locale/es/LC_MESSAGES/django.po", *PACKAGE.glob("*/locale/es/LC_MESSAGES/django.po")])
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_message_is_translated_and_none_is_fuzzy(po):
    catalogue = polib.pofile(str(po))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_placeholders_survive_translation(po):
    for entry in polib.pofile(str(po)):
        if entry.obsolete:
            continue
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            continue  # a singular form may say "one" instead of %(counter)s
        assert sorted(PLACEHOLDER.findall(entry.msgstr)) == expected, entry.msgid


def test_the_catalogues_are_up_to_date_with_the_code(tmp_path):
    """Strings in templates and code that are missing from the catalogues would show in English."""
    # Work on a copy of the tree: makemessages writes where the settings' LOCALE_PATHS point.
    copy = tmp_path / "repo"
    shutil.copytree(PACKAGE, copy / "amparo", ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"))
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    env = {**os.environ, "AMPARO_VAR_DIR": str(tmp_path / "var"), "PYTHONPATH": str(copy)}
    subprocess.run(
        [sys.executable, "../manage.py", "makemessages", "--locale", "es", "--no-obsolete",
         "--add-location", "never", "--verbosity", "0"],
        cwd=copy / "amparo", env=env, check=True,
    )
    fresh = {(p.relative_to(copy / "amparo"), e.msgctxt, e.msgid)
             for p in (copy / "amparo").glob("**/locale/es/LC_MESSAGES/django.po") for e in polib.pofile(str(p))}
    known = {(p.relative_to(PACKAGE), e.msgctxt, e.msgid) for p in CATALOGUES for e in polib.pofile(str(p))}
    missing = sorted(str(item) for item in fresh - known)
    assert not missing, f"run `make messages` and translate: {missing[:10]}"


def test_one_english_message_has_one_spanish_translation_across_catalogues():
    """Django merges the catalogues and the first one loaded wins: a msgid translated two ways
    shows one of them everywhere ("Clear" as the conflict result read "Limpiar", the button verb).
    Words with two senses take a context (pgettext / {% translate ... context ... %}) instead."""
    seen: dict[tuple[str | None, str], dict[str, str]] = {}
    for po in CATALOGUES:
        for entry in polib.pofile(str(po)):
            if entry.obsolete or not entry.translated():
                continue
            text = entry.msgstr or " | ".join(v for _, v in sorted(entry.msgstr_plural.items()))
            seen.setdefault((entry.msgctxt, entry.msgid), {})[str(po.relative_to(PACKAGE))] = text
    clashes = {f"{ctx + ' | ' if ctx else ''}{msgid}": found for (ctx, msgid), found in seen.items()
               if len(set(found.values())) > 1}
    assert not clashes, f"one English message, several Spanish translations: {dict(list(clashes.items())[:10])}"


# The glossary (../shared/GLOSSARY.md) as checks: Spanish that must never appear, and the
# Spanish a key English term must be given. Each pattern is searched case-insensitively.
FORBIDDEN = {
    r"\bsuspensi[oó]n de la deportaci[oó]n\b": "withholding of removal is «suspensión de remoción (withholding)»",
    r"\bd[ií]as? naturales?\b": "«días calendario» (Spain says «días naturales»)",
    r"\bcitaci[oó]n\b": "a traffic ticket is a «multa (ticket)»",
    r"\badmisi[oó]n(es)?\b": "intake is «entrevista inicial»; «admisión» is lawful entry",
    r"\bnegad[oa]s?\b|\bnegaci[oó]n\b": "«denegado», «denegación»",
    r"\bse corre\b": "say the date does not move to the next business day",
    r"\ba[ñn]ad(ir|a|an|i[oó]|id[oa]s?|e|en)\b": "«agregar» (Latin American)",
    r"\brellenables?\b": "«para llenar»",
    r"\bportadillas?\b": "«hoja separadora»",
    r"\bgestor(a|es)?\b": "case manager is «administrador/a de casos»",
    r"\btribunal(es)?\b": "a court is a «corte» (corte de inmigración, corte estatal)",
    r"[a-záéíóúñ]\((a|as)\)": "one gender-inclusive style: «abogado/a», not «abogado(a)»",
    r"\b(vosotros|vuestr[oa]s?|os)\b": "usted, never vosotros",
    r"\b(tienes|puedes|debes|quieres|necesitas|eres|estás)\b": "usted, never tú",
}
REQUIRED = {  # English term (in the msgid) -> Spanish it must be given (in the msgstr)
    r"\bwithholding of removal\b": r"suspensi[oó]n de remoci[oó]n",
    r"\bnotice to appear\b": r"notificaci[oó]n de comparecencia",
    r"\bboard of immigration appeals\b": r"junta de apelaciones de inmigraci[oó]n",
    r"\bfee waiver\b": r"exenci[oó]n de tarifas",
    r"\bcalendar days?\b": r"d[ií]as? calendario",
    r"\bbusiness days?\b": r"d[ií]as? h[aá]bil(es)?",
    r"(?-i:^Granted$)": r"^Aprobad[oa]$",  # the case outcome; an access "granted" is another sense
    r"\bdenied\b": r"\bdeneg(ad[oa]s?|ó|aron)\b",
    r"\bdenials?\b": r"\bdenegaci[oó]n(es)?\b",
    r"\bintakes?\b": r"entrevistas? inicial(es)?|recepci[oó]n",
    r"\bcase managers?\b": r"administrador/a de casos|administradores de casos",
    r"\baccredited representatives?\b": r"representantes? acreditad[oa]",
    r"\bgood moral character\b": r"buen car[aá]cter moral",
    r"\baggravated felony\b": r"delito grave agravado",
    r"\bmotion to reconsider\b": r"moci[oó]n para reconsiderar",
    r"\bmotion to reopen\b": r"moci[oó]n para reabrir",
    r"\bmaster calendar\b": r"audiencia preliminar",
    r"\bindividual hearing\b": r"audiencia individual",
    r"\bremoval proceedings\b": r"proceso de deportaci[oó]n",
    r"\bimmigration court\b": r"corte de inmigraci[oó]n",
    r"\btemporary protected status\b": r"estatus de protecci[oó]n temporal",
    r"\brequest for evidence\b": r"solicitud de evidencia",
    r"\bnotice of intent to deny\b": r"aviso de intenci[oó]n de denegar",
    r"\bbrief advice\b": r"asesor[ií]a breve",
    r"\bwork permit\b|\bemployment authorization\b": r"permiso de trabajo",
    r"\bno conflict\b": r"sin conflicto",
}


def _spanish_texts():
    """(where, English, Spanish) for every catalogue entry and every rules message."""
    for po in CATALOGUES:
        for entry in polib.pofile(str(po)):
            if entry.obsolete:
                continue
            texts = [entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values())
            for text in texts:
                yield str(po.relative_to(PACKAGE)), f"{entry.msgctxt or ''}|{entry.msgid}", entry.msgid, text
    from amparo.rules.messages import catalogue as rules_catalogue
    for code, langs in rules_catalogue().items():
        yield "rules/data/messages", code, langs["en"], langs["es"]
    for spanish in sorted(LETTERS.glob("*.es.html")):
        english = spanish.with_name(spanish.name.replace(".es.", ".en."))
        yield "letters", spanish.name, english.read_text(encoding="utf-8"), spanish.read_text(encoding="utf-8")


LETTERS = PACKAGE / "documents/templates/documents/letters"


@pytest.mark.parametrize("letter", sorted(LETTERS.glob("*.html")), ids=lambda p: p.name)
def test_letters_speak_to_the_client(letter):
    """A letter to a client greets and addresses the client, not "the client" in the third person."""
    if letter.name == "layout.html" or letter.name.startswith("engagement."):
        return  # the layout holds no body; the agreement names both parties, then says «usted»
    text = letter.read_text(encoding="utf-8")
    greeting = "<p>Estimado/a {{ client.name }}:</p>" if ".es." in letter.name else "<p>Dear {{ client.name }}:</p>"
    assert text.startswith(greeting)
    assert text.count("{{ client.name }}") == 1, "after the greeting, the client is «usted» / “you”"


def test_the_spanish_follows_the_glossary():
    wrong = []
    for where, key, english, spanish in _spanish_texts():
        for pattern, why in FORBIDDEN.items():
            if re.search(pattern, spanish, re.IGNORECASE):
                wrong.append(f"{where}: {key!r} -> {spanish!r}: {why}")
        for term, required in REQUIRED.items():
            if (re.search(term, english, re.IGNORECASE) and not re.search(required, spanish, re.IGNORECASE)
                    and not re.search(term, spanish, re.IGNORECASE)):  # a title quoted as published
                wrong.append(f"{where}: {key!r} -> {spanish!r}: needs {required!r}")
    assert not wrong, f"{len(wrong)} against ../shared/GLOSSARY.md:\n" + "\n".join(wrong[:40])


def test_the_glossary_checks_catch_what_they_are_meant_to():
    """The patterns themselves: each forbidden form is caught in a sentence where it occurs."""
    samples = ["Suspensión de la deportación / CAT", "30 días naturales", "Nueva admisión", "Negado",
               "Añadir un término", "PDF rellenable", "Gestor de casos", "Abogado(a)", "no se corre",
               "cualquier citación", "¿Puedes venir?"]
    for sample in samples:
        assert any(re.search(p, sample, re.IGNORECASE) for p in FORBIDDEN), sample
    assert not any(re.search(p, "Suspensión de remoción (withholding); 204(a); agregue", re.IGNORECASE)
                   for p in FORBIDDEN)


def _glued(text: str, placeholder: str) -> tuple[bool, bool]:
    """Whether a letter touches the placeholder on its left / right ("desde%(date)s")."""
    i = text.find(placeholder)
    before = text[i - 1] if i > 0 else ""
    after = text[i + len(placeholder)] if i + len(placeholder) < len(text) else ""
    return before.isalpha(), after.isalpha()


def test_no_word_is_glued_to_a_value_in_spanish():
    """A value is never run into the word before or after it ("desde10"), unless the English does so too."""
    glued = []
    for where, key, english, spanish in _spanish_texts():
        for placeholder in set(PLACEHOLDER.findall(spanish)):
            if placeholder in english and any(s and not e for s, e in zip(_glued(spanish, placeholder),
                                                                        _glued(english, placeholder))):
                glued.append(f"{where}: {key!r} -> {spanish!r}")
    assert not glued, "\n".join(glued[:20])
    assert _glued("desde%(date)s", "%(date)s") == (True, False)


def test_a_word_with_two_senses_reads_right_in_each():
    """«Sin conflicto» for a conflict check that found nothing, «Limpiar» for the filters' link;
    a deadline that is done is «Cumplido», its button says what it does; the intake role is «Recepción»."""
    from django.template import Context, Template
    from django.utils import translation

    from amparo.accounts.roles import Role
    from amparo.legal.models import Deadline
    from amparo.people.models import ConflictCheck

    with translation.override("es"):
        assert str(ConflictCheck.Result.CLEAR.label) == "Sin conflicto"
        assert Template('{% load i18n %}{% translate "Clear" %}').render(Context()) == "Limpiar"
        assert str(Deadline.State.DONE.label) == "Cumplido"
        button = '{% load i18n %}{% translate "Done" context "button: mark the deadline done" %}'
        assert Template(button).render(Context()) == "Marcar como cumplido"
        assert Template('{% load i18n %}{% translate "Done" %}').render(Context()) == "Listo"
        assert str(Role.INTAKE.label) == "Recepción"
        assert Template('{% load i18n %}{% translate "Intake" %}').render(Context()) == "Entrevista inicial"
