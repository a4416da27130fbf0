"""What screeners and deadline calculators return: plain, immutable, JSON-able dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from .dates import format_date
from .messages import Message, msg

Status = Literal["eligible", "possibly_eligible", "not_eligible", "unknown"]
STATUSES: tuple[Status, ...] = ("eligible", "possibly_eligible", "unknown", "not_eligible")
Level = Literal["pass", "fail", "review", "missing", "info"]


@dataclass(frozen=True)
class Reason:
    """One step of the explanation, with the rule it rests on."""

    message: Message
    level: Level
    source: str | None = None
    verified: bool = True

    def to_dict(self, lang: str = "en") -> dict[str, object]:
        return {"code": self.message.code, "level": self.level, "text": self.message.render(lang),
                "params": self.message.to_dict()["params"], "source": self.source,
                "verified": self.verified}


@dataclass(frozen=True)
class KeyDate:
    name: str
    date: date
    source: str | None = None
    verified: bool = True

    def label(self, lang: str) -> str:
        return msg(f"keydate.{self.name}").render(lang)

    def to_dict(self, lang: str = "en") -> dict[str, object]:
        return {"name": self.name, "date": self.date.isoformat(), "label": self.label(lang),
                "text": format_date(self.date, lang),
                "source": self.source, "verified": self.verified}


@dataclass(frozen=True)
class ScreenResult:
    program: str
    status: Status
    reasons: tuple[Reason, ...]
    key_dates: tuple[KeyDate, ...]
    missing_facts: tuple[str, ...]
    sources: tuple[str, ...]
    warnings: tuple[Message, ...]
    cohort: str | None = None

    def to_dict(self, lang: str = "en") -> dict[str, object]:
        return {
            "program": self.program,
            "cohort": self.cohort,
            "status": self.status,
            "summary": msg(f"status.{self.status}").render(lang),
            "reasons": [r.to_dict(lang) for r in self.reasons],
            "key_dates": [k.to_dict(lang) for k in self.key_dates],
            "missing_facts": list(self.missing_facts),
            "sources": list(self.sources),
            "warnings": [{"code": w.code, "text": w.render(lang), "params": w.to_dict()["params"]}
                         for w in self.warnings],
        }

    def render(self, lang: str = "en") -> str:
        head = msg("program." + self.program).render(lang)
        if self.cohort:
            head += f" ({self.cohort})"
        lines = [f"{head}: {msg('status.' + self.status).render(lang)}"]
        lines += [f"  - {r.message.render(lang)}" + (f" [{r.source}]" if r.source else "") for r in self.reasons]
        lines += [f"  * {k.label(lang)}: {_fmt(k.date, lang)}" for k in self.key_dates]
        lines += [f"  ! {w.render(lang)}" for w in self.warnings]
        return "\n".join(lines)


@dataclass(frozen=True)
class Screening:
    on: date
    rules_version: str
    results: tuple[ScreenResult, ...]

    def to_dict(self, lang: str = "en") -> dict[str, object]:
        return {"on": self.on.isoformat(), "rules_version": self.rules_version,
                "results": [r.to_dict(lang) for r in self.results]}

    def render(self, lang: str = "en") -> str:
        return "\n\n".join(r.render(lang) for r in self.results)


@dataclass(frozen=True)
class Deadline:
    kind: str
    variant: str
    start: date
    due: date | None
    opens: date | None
    rolled_from: date | None
    rule: Message
    rule_id: str
    source: str
    verified: bool
    warnings: tuple[Message, ...]
    other_dates: tuple[KeyDate, ...]
    rules_version: str

    def to_dict(self, lang: str = "en") -> dict[str, object]:
        return {
            "kind": self.kind,
            "from": self.start.isoformat(),
            "due": _iso(self.due),
            "opens": _iso(self.opens),
            "rolled_from": _iso(self.rolled_from),
            "rule": self.rule.render(lang),
            "source": self.source,
            "verified": self.verified,
            "variant": self.variant,
            "rule_id": self.rule_id,
            "other_dates": [k.to_dict(lang) for k in self.other_dates],
            "warnings": [{"code": w.code, "text": w.render(lang)} for w in self.warnings],
            "rules_version": self.rules_version,
        }

    def render(self, lang: str = "en") -> str:
        lines = [self.rule.render(lang) + f" [{self.source}]"]
        if self.opens:
            lines.append(f"  * {msg('keydate.opens').render(lang)}: {_fmt(self.opens, lang)}")
        if self.due:
            lines.append(f"  * {msg('keydate.due').render(lang)}: {_fmt(self.due, lang)}")
        lines += [f"  * {k.label(lang)}: {_fmt(k.date, lang)}" for k in self.other_dates]
        lines += [f"  ! {w.render(lang)}" for w in self.warnings]
        return "\n".join(lines)


def render(obj: ScreenResult | Screening | Deadline, lang: str = "en") -> str:
    """Plain text explanation in ``lang`` ("en" or "es")."""
    return obj.render(lang)


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _fmt(day: date, lang: str) -> str:
    return format_date(day, lang)
