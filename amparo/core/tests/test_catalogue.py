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
    fresh = {(p.relative_to(copy / "amparo"), e.msgid)
             for p in (copy / "amparo").glob("**/locale/es/LC_MESSAGES/django.po") for e in polib.pofile(str(p))}
    known = {(p.relative_to(PACKAGE), e.msgid) for p in CATALOGUES for e in polib.pofile(str(p))}
    missing = sorted(str(item) for item in fresh - known)
    assert not missing, f"run `make messages` and translate: {missing[:10]}"
