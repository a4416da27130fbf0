"""How an app plugs in: its AppConfig declares everything the rest of Amparo needs to know.

An app's AppConfig subclasses ``AmparoAppConfig`` and fills in the attributes it uses::

    class LoansConfig(AmparoAppConfig):
        name = "amparo.loans"
        nav = [Nav(50, "loans:list", _("Loans"), "loans.view")]
        policies = "amparo.loans.policies"
        panels = [Panel("person", "loans", template="loans/_person_panel.html",
                        context="amparo.loans.panels.person_context", capability="loans.view")]
        search_sources = [SearchSource("loans", _("Loans"), "amparo.loans.search.loans_provider")]
        person_grants = [PersonGrant("loans.officer", person_ids="amparo.loans.grants.person_ids",
                                     allows="amparo.loans.grants.allows")]
        merge_hooks = [MergeHook("loans.borrower", "amparo.loans.merge.BorrowerMergeHook")]
        periodic_jobs = [PeriodicJob("loans.close_of_business", "amparo.loans.jobs.close_of_business",
                                     daily_at=time(18, 0), label=_("Close of business"))]
        audit_actions = {"loan.disburse": _("Loan disbursed")}
        demo = "amparo.loans.demo.load"

Core reads every app's declarations once, in ``CoreConfig.ready()`` (``load()``; all app
configs and models exist by then), and hands each to the registry that serves it:
``core.context_processors`` (navigation), ``core.panels``, ``core.search``, the permission gate
(by importing ``policies``), ``people.policies`` (grants), ``people.services`` (merge hooks),
``core.scheduler`` (periodic jobs) and ``core.audit`` (labels). ``demo`` is called by
``manage.py load_demo`` after the legal core's demo center, app by app in INSTALLED_APPS order
(``demo_loaders()``): it takes no argument, creates nothing twice, and returns one line for the
terminal. ``served_sources`` tell the reports whom each program served (``served_sources()``).
Callables are named by dotted path, so an apps.py imports nothing at class definition and
declaring costs nothing until core loads it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import AppConfig, apps
from django.utils.module_loading import import_string

Target = str | Callable[..., Any]


def resolve(target: Target) -> Any:
    """A dotted path ("amparo.legal.selectors.due_soon") or the object itself."""
    return import_string(target) if isinstance(target, str) else target


@dataclass(frozen=True)
class Nav:
    """A menu entry: shown to users with ``capability`` (None: everyone signed in), by ``order``."""

    order: int
    url_name: str
    label: Any
    capability: str | None = None


@dataclass(frozen=True)
class Panel:
    """A panel on a page another app owns (places: see ``core.panels.PLACES``).

    ``context(request, obj) -> dict | None`` reads through the permission gate; None hides it."""

    place: str
    key: str
    template: str
    context: Target
    order: int = 50
    capability: str | None = None


@dataclass(frozen=True)
class SearchSource:
    """A global-search provider ``fn(user, query, limit) -> list[SearchHit]`` (applies the gate)."""

    key: str
    label: Any
    provider: Target


@dataclass(frozen=True)
class PersonGrant:
    """Access to particular (restricted) people this app gives particular users (people.policies)."""

    key: str
    person_ids: Target
    allows: Target


@dataclass(frozen=True)
class MergeHook:
    """An object (or class, instantiated once) with ``before_merge(*, keep, drop, by)`` and
    ``after_undo(*, merge, by)``, run inside a merge of two people and its undo."""

    key: str
    hook: Target


@dataclass(frozen=True)
class ServedSource:
    """Who a program served in a period, for the reports that count each person once across programs.

    ``people(start, end)`` (dates, inclusive) returns rows ``(person_id, office_id or None,
    first_served)``: one per person and office the program served in the period, with the date
    the program first served that person (ever, so the report can tell new from returning).

    ``queryset(start, end)``, optional, is the same rows as a ``values()`` queryset with the
    columns ``SERVED_COLUMNS`` (``served_person``, ``served_office``, ``first_served``, a date),
    so that the reports count a million people in the database instead of in Python. A program
    that offers it defines ``people`` from it (``served_rows``), keeping one definition; the
    reports count in the database only when every source offers it."""

    key: str
    label: Any
    people: Target
    queryset: Target | None = None


SERVED_COLUMNS = ("served_person", "served_office", "first_served")


def served_rows(queryset: Any) -> list[tuple[int, int | None, dt.date]]:
    """The rows of a ``ServedSource.queryset``, as its ``people`` returns them."""
    return [tuple(row) for row in queryset.values_list(*SERVED_COLUMNS)]  # type: ignore[misc]


@dataclass(frozen=True)
class PeriodicJob:
    """A job the worker runs once per period (``core.scheduler``): exactly one of ``every``
    (a timedelta of at least a minute) or ``daily_at`` (a local time); ``func(run)`` gets a
    ``JobContext`` and returns an ``Outcome`` or a short text for the jobs page."""

    key: str
    func: Target
    every: dt.timedelta | None = None
    daily_at: dt.time | None = None
    label: Any = ""


class AmparoAppConfig(AppConfig):
    """The one way an app plugs into Amparo. Every attribute is optional."""

    # Imported into each apps.py, this base must not count as that app's config: Django picks
    # the one AppConfig subclass of an apps.py whose ``default`` is not False.
    default = False

    nav: Sequence[Nav] = ()
    policies: str | Sequence[str] = ()  # the module(s) registering this app's policies with the gate
    panels: Sequence[Panel] = ()
    search_sources: Sequence[SearchSource] = ()
    person_grants: Sequence[PersonGrant] = ()
    merge_hooks: Sequence[MergeHook] = ()
    periodic_jobs: Sequence[PeriodicJob] = ()
    audit_actions: Mapping[str, Any] = {}
    demo: Target | None = None  # ``load() -> str``: the app's demo records (manage.py load_demo)
    served_sources: Sequence[ServedSource] = ()  # who the app's programs served (reports)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.default = cls.__dict__.get("default", True)


def amparo_apps() -> list[AmparoAppConfig]:
    return [c for c in apps.get_app_configs() if isinstance(c, AmparoAppConfig)]


def served_sources() -> list[ServedSource]:
    """Every program's ServedSource, in INSTALLED_APPS order (the reports' unduplicated counts)."""
    return [source for config in amparo_apps() for source in config.served_sources]


def demo_loaders() -> list[tuple[str, Callable[[], str]]]:
    """Each app's demo loader, in INSTALLED_APPS order, as (app label, callable)."""
    return [(config.label, resolve(config.demo)) for config in amparo_apps() if config.demo]


def navigation() -> list[Nav]:
    return sorted((entry for config in amparo_apps() for entry in config.nav), key=lambda e: (e.order, e.url_name))


_loaded = False


def load() -> None:
    """Hand every app's declarations to the registries (once; called by ``CoreConfig.ready``)."""
    global _loaded
    if _loaded:
        return
    from amparo.people import policies as people_policies
    from amparo.people import services as people_services

    from . import audit, panels, search
    from .scheduler import register_job

    for config in amparo_apps():
        for module in [config.policies] if isinstance(config.policies, str) else config.policies:
            import_module(module)
        for panel in config.panels:
            panels.register(panel.place, panel.key, template=panel.template, order=panel.order,
                            capability=panel.capability, context=_lazy(panel.context))
        for source in config.search_sources:
            search.register(source.key, source.label)(_lazy(source.provider))
        for grant in config.person_grants:
            people_policies.register_grants(grant.key, person_ids=_lazy(grant.person_ids), allows=_lazy(grant.allows))
        for merge_hook in config.merge_hooks:
            hook = resolve(merge_hook.hook)
            people_services.MERGE_HOOKS[merge_hook.key] = hook() if isinstance(hook, type) else hook
        for job in config.periodic_jobs:
            register_job(name=job.key, func=_lazy(job.func), every=job.every, daily_at=job.daily_at,
                         label=job.label)
        audit.register_action_labels(config.audit_actions)
    _loaded = True


def _lazy(target: Target) -> Callable[..., Any]:
    """A callable that imports its target on first call (views and selectors import forms,
    templates and other apps, which need not load while the app registry is being set up)."""
    if not isinstance(target, str):
        return target
    resolved: list[Callable[..., Any]] = []

    def call(*args: Any, **kwargs: Any) -> Any:
        if not resolved:
            resolved.append(import_string(target))
        return resolved[0](*args, **kwargs)

    call.__qualname__ = call.__name__ = target.rsplit(".", 1)[-1]
    call.__module__ = target.rsplit(".", 1)[0]
    return call
