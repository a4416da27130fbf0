"""Every action written to the audit trail has words, in English and Spanish.

The codes are read from the source: every ``log_action(action=...)`` call outside tests. A code
built from a function's parameter (``_save(..., action="archive.source")``) is followed to the
calls of that function; the admin's ``<model>.create`` / ``<model>.update`` to the models edited
in the admin. A new ``log_action`` whose code no AppConfig declares in ``audit_actions`` fails here.
"""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import pytest
from django.contrib import admin
from django.utils import translation

from amparo.core.admin_site import AuditedModelAdmin
from amparo.core.audit import action_label, declared_actions
from amparo.core.plugins import amparo_apps

PACKAGE = Path(__file__).resolve().parents[2]
UNKNOWN = "\0"


def _sources() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(PACKAGE.rglob("*.py"))
            if "tests" not in path.parts and "migrations" not in path.parts}


def _is_log_action(call: ast.Call) -> bool:
    func = call.func
    return (isinstance(func, ast.Name) and func.id == "log_action") or (
        isinstance(func, ast.Attribute) and func.attr == "log_action")


def _strings(node: ast.AST, env: dict[str, list[str]]) -> list[str]:
    """Every string ``node`` can evaluate to; UNKNOWN stands for a part the source does not tell."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body, env) + _strings(node.orelse, env)
    if isinstance(node, ast.JoinedStr):
        parts = [_strings(v.value if isinstance(v, ast.FormattedValue) else v, env) for v in node.values]
        return ["".join(combination) for combination in itertools.product(*parts)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return [a + b for a in _strings(node.left, env) for b in _strings(node.right, env)]
    if isinstance(node, ast.Name) and node.id in env:
        return env[node.id]
    return [UNKNOWN]


def _arguments_given(sources: dict[Path, ast.Module], function: str, position: int, name: str) -> list[str]:
    values: list[str] = []
    for tree in sources.values():
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            called = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
            if called != function:
                continue
            values += [v for kw in call.keywords if kw.arg == name for v in _strings(kw.value, {})]
            if position < len(call.args):
                values += _strings(call.args[position], {})
    return values


def logged_actions() -> dict[str, str]:
    """Action code -> where it is logged (file:line), for every log_action in the code."""
    sources = _sources()
    found: dict[str, str] = {}
    for path, tree in sources.items():
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            positional = [a.arg for a in function.args.args]
            parameters = set(positional) | {a.arg for a in function.args.kwonlyargs}
            for call in ast.walk(function):
                if not (isinstance(call, ast.Call) and _is_log_action(call)):
                    continue
                for keyword in (kw for kw in call.keywords if kw.arg == "action"):
                    names = {n.id for n in ast.walk(keyword.value) if isinstance(n, ast.Name)} & parameters
                    env = {name: _arguments_given(sources, function.name,
                                                  positional.index(name) if name in positional else 10**6, name)
                           for name in names}
                    where = f"{path.relative_to(PACKAGE)}:{call.lineno}"
                    for code in _strings(keyword.value, env):
                        found.setdefault(code, where)
    return found


def _admin_codes(template: str) -> list[str]:
    """The admin logs "<model name>.<verb>" for every model it edits with AuditedModelAdmin."""
    return [template.replace(UNKNOWN, model._meta.model_name)
            for model, model_admin in admin.site._registry.items() if isinstance(model_admin, AuditedModelAdmin)]


def test_the_source_scan_finds_the_actions_it_should():
    """The scanner itself: literal codes, codes built from a parameter, and from a conditional."""
    actions = logged_actions()
    assert {"case.open", "login", "document.upload"} <= set(actions)
    assert {"case.deadline.done", "case.deadline.cancel"} <= set(actions)  # via _close_deadline(..., action)
    assert {"archive.source.create", "archive.career.change", "archive.involvement.create"} <= set(actions)
    assert len(actions) > 90


def test_every_logged_action_is_declared_with_a_label():
    declared = declared_actions()
    missing = []
    for code, where in sorted(logged_actions().items()):
        if UNKNOWN in code:
            assert where.startswith("core/admin_site.py"), f"{where}: an action code the scan cannot follow"
            missing += [f"{c} ({where})" for c in _admin_codes(code) if action_label(c) == c]
        elif code not in declared:
            missing.append(f"{code} ({where})")
    assert not missing, "declare these in the app's AppConfig.audit_actions: " + ", ".join(missing)


@pytest.mark.parametrize("code", sorted(declared_actions()))
def test_every_label_reads_in_english_and_in_spanish(code):
    with translation.override("en"):
        english = action_label(code)
    with translation.override("es"):
        spanish = action_label(code)
    assert english != code
    assert spanish != english, f"{code}: {english!r} has no Spanish translation"


def test_reference_data_edited_in_the_admin_reads_in_words():
    with translation.override("es"):
        office = action_label("office.create")
        closing = action_label("closingcode.update")
    assert office.startswith("Alta en datos de referencia: ") and office != "Alta en datos de referencia: Office"
    assert closing.startswith("Cambio en datos de referencia: ")
    assert action_label("no.such.action") == "no.such.action"


def test_each_app_declares_only_its_own_codes_once():
    seen: dict[str, str] = {}
    for config in amparo_apps():
        for code in config.audit_actions:
            assert code not in seen, f"{code} declared by {seen.get(code)} and {config.label}"
            seen[code] = config.label
