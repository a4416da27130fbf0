"""Amparo's immigration rules engine: immigration law as dated, sourced data plus pure functions.

No Django, no database, no clock: facts and "today" come in as arguments, plain dataclasses
come out. See README.md in this folder for the data format and the command line.

    >>> from datetime import date
    >>> from amparo.rules import Facts, screen, compute_deadline
    >>> compute_deadline("bia_appeal", date(2025, 6, 4)).due
    datetime.date(2025, 7, 7)
"""

from __future__ import annotations

from .deadlines import DeadlineError, compute_deadline, list_deadline_kinds, list_variants
from .facts import Arrival, Criminal, Facts, FactsError, MarriageToUSC, TPSRegistration, Trip
from .loader import RuleSet, load_ruleset
from .messages import LANGS, Message
from .records import Record, RuleDataError
from .results import Deadline, KeyDate, Reason, Screening, ScreenResult, Status, render
from .screening import list_programs, screen


def rules_version(ruleset: RuleSet | None = None) -> str:
    """``<latest effective date in the data>.<content hash>`` of the packaged data (+ overrides)."""
    return (ruleset or load_ruleset()).version


__all__ = [
    "LANGS", "Arrival", "Criminal", "Deadline", "DeadlineError", "Facts", "FactsError", "KeyDate",
    "MarriageToUSC", "Message", "Reason", "Record", "RuleDataError", "RuleSet", "ScreenResult",
    "Screening", "Status", "TPSRegistration", "Trip", "compute_deadline", "list_deadline_kinds",
    "list_programs", "list_variants", "load_ruleset", "render", "rules_version", "screen",
]
