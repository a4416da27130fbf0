"""Which civics test a naturalization applicant takes, and its numbers, by N-400 filing date.

The numbers are the ``civics_test`` records of ``data/naturalization.toml`` (RULES.md,
"Civics test by N-400 filing date", confidence H): filed before 2025-10-20, the 2008 test;
on or after, the 2025 test; the 65/20 special consideration (65 or older and a permanent
resident for 20 years) replaces the bank, the number asked and the pass mark of either.

The officer stops asking once the applicant reaches the pass mark, or once it can no longer be
reached. RULES.md states that stop rule only for the 2025 test (12 right or 9 wrong: the
record's ``stop_wrong``). For the 2008 test and the 65/20 consideration the number of wrong
answers that ends the test is derived, ``asked - pass_mark + 1``, and the answer says so in
``derived`` and ``warnings``: it is arithmetic, not a stated rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .loader import RuleSet, load_ruleset

SPECIAL = "65_20"


class CivicsError(ValueError):
    pass


@dataclass(frozen=True)
class CivicsTest:
    filed: date
    version: str                   # "2008" or "2025"
    sixty_five_twenty: bool
    questions_in_bank: int
    asked: int
    pass_mark: int
    stop_after_correct: int
    stop_after_wrong: int
    source: str
    verified: bool
    rule_ids: tuple[str, ...]
    derived: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    rules_version: str = ""

    def outcome(self, correct: int, wrong: int) -> str | None:
        """``passed``, ``failed`` or None while the officer would keep asking."""
        if correct >= self.stop_after_correct:
            return "passed"
        if wrong >= self.stop_after_wrong or correct + wrong >= self.asked:
            return "passed" if correct >= self.pass_mark else "failed"
        return None

    def to_dict(self) -> dict[str, object]:
        return {"filed": self.filed.isoformat(), "version": self.version,
                "sixty_five_twenty": self.sixty_five_twenty, "questions_in_bank": self.questions_in_bank,
                "asked": self.asked, "pass_mark": self.pass_mark,
                "stop_after_correct": self.stop_after_correct, "stop_after_wrong": self.stop_after_wrong,
                "source": self.source, "verified": self.verified, "rule_ids": list(self.rule_ids),
                "derived": list(self.derived), "warnings": list(self.warnings),
                "rules_version": self.rules_version}


def civics_test(filed: date, *, sixty_five_twenty: bool = False, ruleset: RuleSet | None = None) -> CivicsTest:
    """The civics test for an N-400 filed (or to be filed) on ``filed``."""
    rules = ruleset or load_ruleset()
    base = None
    for rec in rules.all_at("civics_test", filed):       # the latest in force wins, as in RuleSet.at
        if rec.text("version") != SPECIAL and (base is None or rec.effective_from >= base.effective_from):
            base = rec
    if base is None:
        raise CivicsError(f"no civics test is recorded for a filing on {filed.isoformat()}")
    used = [base]
    numbers = base
    if sixty_five_twenty:
        special = rules.at("civics_test", filed, version=SPECIAL)
        if special is None:
            raise CivicsError(f"no 65/20 consideration is recorded for a filing on {filed.isoformat()}")
        used.append(special)
        numbers = special
    asked, pass_mark = numbers.num("asked"), numbers.num("pass_correct")
    stated_wrong = numbers.opt_num("stop_wrong")
    derived: list[str] = []
    warnings: list[str] = []
    if stated_wrong is None:
        stated_wrong = asked - pass_mark + 1
        derived.append("stop_after_wrong")
        warnings.append(f"stop_after_wrong ({stated_wrong}) is derived (asked - pass_mark + 1), "
                        "not stated by the source: check before relying on it")
    return CivicsTest(
        filed=filed, version=base.text("version"), sixty_five_twenty=sixty_five_twenty,
        questions_in_bank=numbers.num("questions"), asked=asked, pass_mark=pass_mark,
        stop_after_correct=pass_mark, stop_after_wrong=stated_wrong,
        source="; ".join(r.source for r in used), verified=all(r.verified for r in used),
        rule_ids=tuple(r.id for r in used), derived=tuple(derived), warnings=tuple(warnings),
        rules_version=rules.version,
    )
