"""Screening people with the rules engine, and recording new dated rules."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from amparo.core.audit import log_action
from amparo.rules import Facts, RuleDataError, RuleSet, load_ruleset, screen

from .models import RuleOverride, Screening

_cache_lock = threading.Lock()
_cache: dict[str, Any] = {"key": None, "ruleset": None}


def active_overrides() -> list[dict[str, Any]]:
    return [o.record for o in RuleOverride.objects.filter(withdrawn_at__isnull=True).order_by("id")]


def current_ruleset() -> RuleSet:
    """The packaged rule data with every active dated rule recorded in the application."""
    key = tuple(RuleOverride.objects.filter(withdrawn_at__isnull=True).order_by("id").values_list("id", flat=True))
    with _cache_lock:
        if _cache["key"] != key:
            _cache["ruleset"] = load_ruleset(active_overrides())
            _cache["key"] = key
        return _cache["ruleset"]


def _outcome(results: list[dict[str, Any]]) -> dict[str, str]:
    return {f"{r['program']}:{r['cohort']}" if r.get("cohort") else str(r["program"]): str(r["status"])
            for r in results}


@transaction.atomic
def run_screening(*, facts: dict[str, Any], on: dt.date, by: Any, person: Any = None, label: str = "") -> Screening:
    """Screen ``facts`` on ``on`` and save it, with the rules version used. Raises FactsError."""
    parsed = Facts.from_json(facts)
    ruleset = current_ruleset()
    result = screen(parsed, on, ruleset=ruleset)
    as_dict_en = result.to_dict("en")
    as_dict_es = result.to_dict("es")
    screening = Screening.objects.create(
        person=person,
        label=label.strip()[:200],
        on=on,
        facts=parsed.to_json(),
        rules_version=ruleset.version,
        outcome=_outcome(as_dict_en["results"]),  # type: ignore[arg-type]
        results_en=as_dict_en["results"],
        results_es=as_dict_es["results"],
        created_by=by,
    )
    log_action(action="screening.create", actor=by, obj=screening,
               object_label=f"screening #{screening.pk}",
               extra={"rules_version": ruleset.version, "on": on.isoformat(), "person": person.pk if person else None})
    return screening


def _next_record_id(kind: str) -> str:
    return f"app-{kind}-{RuleOverride.objects.count() + 1}-{timezone.now():%Y%m%d%H%M%S}"


@transaction.atomic
def record_rule(*, record: dict[str, Any], by: Any) -> RuleOverride:
    """Record a new dated rule; it is validated exactly like the packaged data.

    Raises ``RuleDataError`` with the loader's message when the rule is not valid.
    """
    record = {k: v for k, v in record.items() if v not in (None, "")}
    record.setdefault("id", _next_record_id(str(record.get("kind", "rule"))))
    for key in ("effective_from", "effective_to"):
        if isinstance(record.get(key), dt.date):
            record[key] = record[key].isoformat()
    load_ruleset([*active_overrides(), record])  # raises RuleDataError naming the field
    override = RuleOverride.objects.create(
        record_id=record["id"],
        kind=record["kind"],
        record=record,
        effective_from=dt.date.fromisoformat(record["effective_from"]),
        effective_to=dt.date.fromisoformat(record["effective_to"]) if record.get("effective_to") else None,
        source=record["source"],
        verified=bool(record["verified"]),
        created_by=by,
    )
    log_action(action="rule.create", actor=by, obj=override, changes={"record": [None, record]})
    return override


@transaction.atomic
def withdraw_rule(*, override: RuleOverride, by: Any, reason: str) -> RuleOverride:
    if override.withdrawn_at is None:
        override.withdrawn_at = timezone.now()
        override.withdrawn_by = by
        override.withdrawn_reason = reason.strip()[:500]
        override.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
        log_action(action="rule.withdraw", actor=by, obj=override, extra={"reason": override.withdrawn_reason})
    return override


@dataclass(frozen=True)
class Change:
    screening: Screening
    before: dict[str, str]
    after: dict[str, str]

    @property
    def programs(self) -> list[tuple[str, str | None, str | None]]:
        keys = sorted(set(self.before) | set(self.after))
        return [(k, self.before.get(k), self.after.get(k)) for k in keys if self.before.get(k) != self.after.get(k)]


def changed_screenings(screenings: Any, *, on: dt.date, ruleset: RuleSet | None = None) -> list[Change]:
    """Saved screenings that would come out differently if done again on ``on`` with the rules
    now in force (a new notice, a court order, or simply time passing: a deadline gone by)."""
    ruleset = ruleset or current_ruleset()
    changes = []
    for saved in screenings.iterator(chunk_size=200):
        result = screen(Facts.from_json(saved.facts), on, ruleset=ruleset).to_dict("en")
        now = _outcome(result["results"])  # type: ignore[arg-type]
        if now != saved.outcome:
            changes.append(Change(saved, saved.outcome, now))
    return changes


__all__ = ["RuleDataError", "changed_screenings", "current_ruleset", "record_rule", "run_screening", "withdraw_rule"]
