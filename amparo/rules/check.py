"""The builder every screener uses to collect reasons and decide a status.

Status, from the collected steps:
* any ``fail`` resting on verified data -> ``not_eligible``
* else any missing fact, or a question the data cannot answer -> ``unknown``
* else any ``review`` step, or any pass resting on unverified data -> ``possibly_eligible``
* else -> ``eligible``
A fail that rests on unverified data counts as ``review``: the screen never says "not
eligible" on the strength of a fact nobody has checked.
"""

from __future__ import annotations

from datetime import date

from .loader import RuleSet
from .messages import Localized, Message, Param, msg
from .records import Record
from .results import STATUSES, KeyDate, Level, Reason, ScreenResult, Status


class Check:
    def __init__(self, program: str, on: date, rules: RuleSet, cohort: str | None = None) -> None:
        self.program = program
        self.on = on
        self.rules = rules
        self.cohort = cohort
        self.reasons: list[Reason] = []
        self.key_dates: list[KeyDate] = []
        self.missing_facts: list[str] = []
        self.sources: list[str] = []
        self.warnings: list[Message] = []
        self._warned: set[str] = set()
        self.failed = False
        self.to_review = False
        self.undetermined = False

    # --- records -----------------------------------------------------------------------------
    def use(self, rec: Record | None) -> None:
        """Cite a record; an unverified one also adds a "check before relying on this" warning."""
        if rec is None:
            return
        if rec.source not in self.sources:
            self.sources.append(rec.source)
        if not rec.verified and rec.id not in self._warned:
            self._warned.add(rec.id)
            self.warnings.append(msg("warning.unverified", detail=record_message(rec), source=rec.source))

    # --- steps ---------------------------------------------------------------------------------
    def ok(self, code: str, rec: Record | None = None, **params: Param) -> None:
        if rec is not None and not rec.verified:
            self.to_review = True
        self._add("pass", msg(code, **params), rec)

    def fail(self, code: str, rec: Record | None = None, **params: Param) -> None:
        if rec is not None and not rec.verified:
            self.to_review = True
            self._add("review", msg(code, **params), rec)
            return
        self.failed = True
        self._add("fail", msg(code, **params), rec)

    def review(self, code: str, rec: Record | None = None, **params: Param) -> None:
        self.to_review = True
        self._add("review", msg(code, **params), rec)

    def info(self, code: str, rec: Record | None = None, **params: Param) -> None:
        self._add("info", msg(code, **params), rec)

    def cannot_tell(self, code: str, rec: Record | None = None, **params: Param) -> None:
        """The data cannot answer (e.g. no record for this country): ``unknown`` with a reason."""
        self.undetermined = True
        self._add("missing", msg(code, **params), rec)

    def missing(self, *fields: str) -> None:
        """Facts the screen needs and does not have."""
        new = [f for f in fields if f not in self.missing_facts]
        if new:
            self.missing_facts.extend(new)
            self._add("missing", msg("missing.facts", fields=tuple(new)), None)

    def key_date(self, name: str, day: date, rec: Record | None = None) -> None:
        if any(k.name == name for k in self.key_dates):
            return
        self.use(rec)
        self.key_dates.append(KeyDate(name, day, rec.source if rec else None, rec.verified if rec else True))

    def record_step(self, rec: Record, default_level: Level = "info") -> None:
        """A policy record as a step: its ``effect`` says whether it is info, review or a bar."""
        effect = rec.get("effect") or default_level
        message = record_message(rec)
        level: Level = "fail" if effect == "bar" else "review" if effect == "review" else "info"
        if level == "fail" and rec.verified:
            self.failed = True
        elif level in ("fail", "review"):
            self.to_review = True
            level = "review"
        self._add(level, message, rec)

    def policies(self, topic: str) -> None:
        """Every policy record on ``topic`` in force on the screening date, as steps."""
        for rec in self.rules.all_at("policy", self.on, topic=topic):
            self.record_step(rec)

    def _add(self, level: Level, message: Message, rec: Record | None) -> None:
        self.use(rec)
        self.reasons.append(Reason(message, level, rec.source if rec else None, rec.verified if rec else True))

    # --- result ----------------------------------------------------------------------------------
    @property
    def status(self) -> Status:
        if self.failed:
            return "not_eligible"
        if self.missing_facts or self.undetermined:
            return "unknown"
        if self.to_review:
            return "possibly_eligible"
        return "eligible"

    def result(self) -> ScreenResult:
        return ScreenResult(
            program=self.program, status=self.status, reasons=tuple(self.reasons),
            key_dates=tuple(self.key_dates), missing_facts=tuple(self.missing_facts),
            sources=tuple(self.sources), warnings=tuple(self.warnings), cohort=self.cohort,
        )

    def absorb(self, other: Check) -> None:
        """Take another check's steps (for screeners with several paths, e.g. 5- and 3-year)."""
        self.reasons.extend(r for r in other.reasons if r not in self.reasons)
        for k in other.key_dates:
            if all(k.name != mine.name for mine in self.key_dates):
                self.key_dates.append(k)
        for s in other.sources:
            if s not in self.sources:
                self.sources.append(s)
        for w in other.warnings:
            if w not in self.warnings:
                self.warnings.append(w)


def best_of(program: str, on: date, rules: RuleSet, paths: list[Check]) -> ScreenResult:
    """One result for a program with alternative paths: the best status wins; every path's
    reasons are kept; missing facts come from the paths that share the winning status."""
    order = {s: i for i, s in enumerate(STATUSES)}
    best = min((p.status for p in paths), key=lambda s: order[s])
    out = Check(program, on, rules)
    for p in paths:
        out.absorb(p)
        if p.status == best:
            out.missing_facts.extend(f for f in p.missing_facts if f not in out.missing_facts)
    return ScreenResult(program=program, status=best, reasons=tuple(out.reasons),
                        key_dates=tuple(out.key_dates), missing_facts=tuple(out.missing_facts),
                        sources=tuple(out.sources), warnings=tuple(out.warnings))


def combine(program: str, on: date, rules: RuleSet, common: Check, paths: list[Check]) -> ScreenResult:
    """Requirements every path shares (``common``) plus alternative paths: the result is the
    best path, made no better than the shared requirements allow."""
    order = {s: i for i, s in enumerate(STATUSES)}
    best = best_of(program, on, rules, paths)
    status = max(common.status, best.status, key=lambda s: order[s])
    missing = list(common.missing_facts) + [f for f in best.missing_facts if f not in common.missing_facts]
    common_result = common.result()
    warnings = list(common_result.warnings) + [w for w in best.warnings if w not in common_result.warnings]
    sources = list(common_result.sources) + [s for s in best.sources if s not in common_result.sources]
    reasons = common_result.reasons + tuple(r for r in best.reasons if r not in common_result.reasons)
    return ScreenResult(program=program, status=status, reasons=reasons,
                        key_dates=common_result.key_dates + best.key_dates, missing_facts=tuple(missing),
                        sources=tuple(sources), warnings=tuple(warnings))


def record_message(rec: Record) -> Message:
    """The record's own message, given the record's fields (``country``, ``amount``...) and its
    dates (``since``, ``until``) as parameters; or its free-text note when it has no message."""
    params: dict[str, Param] = dict(rec.values)
    params.update(since=rec.effective_from, until=rec.effective_to)
    if rec.message:
        return msg(rec.message, **params)
    if rec.note:
        return msg("record.note", note=Localized(rec.note, rec.note_es), **params)
    return msg("record.unnamed", source=rec.source)
