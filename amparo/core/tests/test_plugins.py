"""Every app plugs in one way: its AppConfig declares, core.plugins hands it to the registries."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse

from amparo.core import panels, plugins, search
from amparo.core.permissions import policy_for
from amparo.people import policies as people_policies
from amparo.people import services as people_services

PACKAGE = Path(__file__).resolve().parents[2]
OUR_APPS = ("core", "accounts", "people", "screening", "legal", "archive", "documents")


def test_every_amparo_app_is_an_amparo_app_config():
    labels = {config.label for config in plugins.amparo_apps()}
    assert set(OUR_APPS) <= labels
    for config in apps.get_app_configs():
        if config.name.startswith("amparo."):
            assert isinstance(config, plugins.AmparoAppConfig), config.name


def test_every_declared_callable_resolves():
    """A typo in a dotted path would otherwise surface only when the panel or search first runs."""
    for config in plugins.amparo_apps():
        targets = [p.context for p in config.panels] + [s.provider for s in config.search_sources]
        targets += [t for g in config.person_grants for t in (g.person_ids, g.allows)]
        targets += [h.hook for h in config.merge_hooks] + [j.func for j in config.periodic_jobs]
        targets += [config.demo] if config.demo else []
        targets += [source.people for source in config.served_sources]
        targets += [source.queryset for source in config.served_sources if source.queryset]
        for target in targets:
            assert callable(plugins.resolve(target)), f"{config.label}: {target}"


def test_every_navigation_entry_names_a_page():
    entries = plugins.navigation()
    assert [e.order for e in entries] == sorted(e.order for e in entries)
    for entry in entries:
        assert reverse(entry.url_name)


def test_declarations_reach_their_registries():
    assert {"people", "cases", "archive", "documents"} <= {p.key for p in search.providers()}
    assert {("dashboard", "legal.due_soon"), ("person", "legal.cases"), ("person", "screening.person"),
            ("case", "documents"), ("case", "documents.filing"), ("person", "documents")} <= set(panels._panels)
    assert {"legal.parties", "documents.person"} <= set(people_services.MERGE_HOOKS)
    assert "legal.cases" in people_policies._GRANTS
    for model in apps.get_app_config("documents").get_models():
        assert policy_for(model) is not None, model


def test_periodic_jobs_declared_on_an_app_config_reach_the_scheduler():
    from amparo.core import scheduler

    names = {job.name for job in scheduler.jobs()}
    assert {"legal.deadline_reminders", "core.expire_result_files", "core.prune_job_history"} <= names
    reminders = next(job for job in scheduler.jobs() if job.name == "legal.deadline_reminders")
    assert str(reminders) and reminders.schedule is not None


REGISTRATION = re.compile(r"panels\.register\(|search\.register\(|register_grants\(|MERGE_HOOKS\[|"
                          r"register_action_labels\(|amparo_nav|^@register\(\"", re.MULTILINE)


@pytest.mark.parametrize("path", sorted(p for p in PACKAGE.rglob("*.py")
                                        if "tests" not in p.parts and p.name != "plugins.py"),
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_app_registers_any_other_way(path):
    """The registries' own modules define the functions; only core.plugins calls them."""
    text = path.read_text(encoding="utf-8")
    found = [m.group(0) for m in REGISTRATION.finditer(text)]
    definitions = {"panels.py": "", "search.py": "", "audit.py": "", "policies.py": "register_grants("}
    if path.parent.name == "core" and path.name in definitions or path.parts[-2:] == ("people", "policies.py"):
        found = [f for f in found if f not in {"register_grants(", "register_action_labels("}]
    if path.parts[-2:] == ("people", "services.py"):
        found = [f for f in found if f != "MERGE_HOOKS["]  # where the merge runs them
    assert not found, f"{path.relative_to(PACKAGE)} registers with {found}: declare it on the AppConfig"
