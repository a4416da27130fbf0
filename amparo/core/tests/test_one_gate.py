"""Views and the API ask the permission gate (core.permissions), never the roles table directly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from amparo.accounts.roles import Role
from amparo.core.permissions import can

PACKAGE = Path(__file__).resolve().parents[2]
ASKS_THE_ROLES_TABLE = re.compile(r"\bhas_capability\(")


def _views_and_api() -> list[Path]:
    found = [PACKAGE / "api.py"]
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts or path.parent.name in ("core", "accounts"):
            continue
        if path.name in ("api.py", "views.py", "search.py", "editing.py", "actions.py", "panels.py") or \
                path.name.endswith("_views.py"):
            found.append(path)
    return sorted(found)


@pytest.mark.parametrize("path", _views_and_api(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_views_and_api_ask_the_gate(path):
    lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if ASKS_THE_ROLES_TABLE.search(line)]
    assert not lines, f"{path.relative_to(PACKAGE)}:{lines}: use core.permissions.can(user, ...) or require()"


def test_can_answers_for_a_capability(make_user):
    attorney, volunteer = make_user(Role.ATTORNEY), make_user(Role.VOLUNTEER)
    assert can(attorney, "cases.break_glass")
    assert not can(volunteer, "cases.break_glass")
    attorney.is_active = False
    assert not can(attorney, "cases.break_glass")
