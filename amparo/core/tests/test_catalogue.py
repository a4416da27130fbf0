"""Spanish is complete: every message translated, none fuzzy, placeholders intact."""

import re
from pathlib import Path

import polib

PO = Path(__file__).resolve().parents[2] / "locale" / "es" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")


def test_every_message_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(PO))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"


def test_placeholders_survive_translation():
    for entry in polib.pofile(str(PO)):
        if entry.obsolete:
            continue
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            assert sorted(PLACEHOLDER.findall(text)) == expected or entry.msgid_plural, entry.msgid


def test_the_catalogue_is_up_to_date_with_the_code(tmp_path):
    """Strings in templates and code that are missing from the catalogue would show in English."""
    import os
    import shutil
    import subprocess
    import sys

    # Work on a copy of the tree: makemessages writes where the settings' LOCALE_PATHS point.
    root = PO.parents[4]
    copy = tmp_path / "repo"
    shutil.copytree(root / "amparo", copy / "amparo", ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"))
    shutil.copy(root / "manage.py", copy / "manage.py")
    env = {**os.environ, "AMPARO_VAR_DIR": str(tmp_path / "var"), "PYTHONPATH": str(copy)}
    subprocess.run(
        [sys.executable, "../manage.py", "makemessages", "--locale", "es", "--no-obsolete",
         "--add-location", "never", "--verbosity", "0"],
        cwd=copy / "amparo", env=env, check=True,
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / "amparo/locale/es/LC_MESSAGES/django.po"))}
    known = {e.msgid for e in polib.pofile(str(PO))}
    missing = sorted(fresh - known)
    assert not missing, f"run `make messages` and translate: {missing[:10]}"
