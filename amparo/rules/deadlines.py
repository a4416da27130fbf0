"""Deadline calculators for every row of the RULES.md deadline table.

Counting: calendar days (or months/years) from the start date. When the rule says so
(``roll = true`` in the data), a last day on a Saturday, Sunday or U.S. federal holiday
moves to the next business day, and ``rolled_from`` keeps the unmoved date. Dates that are
recommendations or validity limits (DACA renewal window, Supplement B) and earliest-filing
dates ("opens") are never moved: moving them later could make a filing late or early.

``days`` is for kinds whose period is set by the notice (``rfe``, ``noid``): it is the
period stated on the notice and must be between 1 and the regulatory maximum. Every other
kind rejects it. ``mailed`` adds the rule's mailing days (``rfe``, ``noid``, ``i290b``) and is
rejected where the rule adds none.
"""

from __future__ import annotations

from datetime import date, timedelta

from .check import record_message
from .dates import add_months, add_years, check_range, is_business_day, next_business_day
from .loader import RuleSet, load_ruleset
from .messages import Message, msg
from .records import DEADLINE_KINDS, Record
from .results import Deadline, KeyDate

DEFAULT_VARIANT: dict[str, str] = dict.fromkeys(DEADLINE_KINDS, "standard") | {
    "naturalization_early_filing": "five_year",
}
START_MEANS: dict[str, str] = {
    "bia_appeal": "the date of the immigration judge's decision",
    "motion_to_reopen": "the date of the final order",
    "motion_to_reconsider": "the date of the final order",
    "rfe": "the date of the request for evidence",
    "noid": "the date of the notice of intent to deny",
    "i290b": "the date of the USCIS decision",
    "asylum_one_year": "the date of the last arrival in the U.S.",
    "daca_renewal_window": "the date the current DACA expires",
    "naturalization_early_filing": "the date the person became a permanent resident",
    "u_supplement_b": "the date the Supplement B was signed",
    "asylum_ead": "the date a complete I-589 was filed",
}


class DeadlineError(ValueError):
    """A deadline request that makes no sense (unknown kind, --days or --mailed where they do not apply)."""


def list_deadline_kinds() -> tuple[str, ...]:
    return DEADLINE_KINDS


def list_variants(kind: str, ruleset: RuleSet | None = None) -> tuple[str, ...]:
    rules = ruleset or load_ruleset()
    names: list[str] = []
    for rec in rules.of_kind("deadline_rule", deadline=kind):
        if rec.text("variant") not in names:
            names.append(rec.text("variant"))
    return tuple(names)


def compute_deadline(kind: str, start: date, *, mailed: bool = False, days: int | None = None,
                     variant: str | None = None, ruleset: RuleSet | None = None) -> Deadline:
    """The deadline of ``kind`` counted from ``start`` (see ``START_MEANS`` for what it is)."""
    rules = ruleset or load_ruleset()
    try:
        check_range(start, "start date")
    except ValueError as exc:
        raise DeadlineError(str(exc)) from None
    if kind not in DEADLINE_KINDS:
        raise DeadlineError(f"unknown deadline kind {kind!r}; known kinds: {', '.join(DEADLINE_KINDS)}")
    default = DEFAULT_VARIANT[kind]
    variant = variant or default
    if variant not in list_variants(kind, rules):
        raise DeadlineError(f"unknown variant {variant!r} for {kind}; "
                            f"known: {', '.join(list_variants(kind, rules))}")
    warnings: list[Message] = []
    rec = rules.at("deadline_rule", start, deadline=kind, variant=variant)
    if rec is None and variant != default:
        rec = rules.at("deadline_rule", start, deadline=kind, variant=default)
        warnings.append(msg("deadline.variant_not_in_force", variant=variant, start=start))
    if rec is None:
        raise DeadlineError(f"the rule data has no {kind} rule for a start date of {start.isoformat()}")
    _check_options(kind, rec, mailed, days)

    period = _period(rec, mailed, days)
    due: date | None = None
    opens: date | None = None
    other: list[KeyDate] = []
    if kind in ("bia_appeal", "motion_to_reopen", "motion_to_reconsider", "i290b", "rfe", "noid"):
        due = None if rec.get("no_deadline") else start + timedelta(days=period)
    elif kind == "asylum_one_year":
        due = add_years(start, rec.num("years"), "earlier")
    elif kind == "u_supplement_b":
        due = add_months(start, rec.num("months"), "earlier")
    elif kind == "daca_renewal_window":
        opens = start - timedelta(days=rec.num("opens_days_before"))
        due = start - timedelta(days=rec.num("closes_days_before"))
    elif kind == "naturalization_early_filing":
        anniversary = add_years(start, rec.num("years"), "later")
        opens = anniversary - timedelta(days=rec.num("early_days"))
        other.append(KeyDate("anniversary", anniversary, rec.source, rec.verified))
    elif kind == "asylum_ead":
        opens = start + timedelta(days=rec.num("file_after_days"))
        other.append(KeyDate("earliest_ead", start + timedelta(days=rec.num("issue_after_days")),
                             rec.source, rec.verified))

    rolled_from: date | None = None
    if due is not None and rec.flag("roll"):
        moved = next_business_day(due)
        if moved != due:
            rolled_from, due = due, moved
            warnings.append(msg("deadline.rolled", original=rolled_from, moved=due))
    elif due is not None and not is_business_day(due):
        warnings.append(msg("deadline.not_rolled", day=due))

    verified = rec.verified
    for policy in rules.all_at("policy", start, topic=f"deadline.{kind}"):
        verified = verified and policy.verified
        detail = record_message(policy)
        warnings.append(detail if policy.verified else
                        msg("warning.unverified", detail=detail, source=policy.source))
    if not rec.verified:
        warnings.append(msg("warning.unverified", detail=_rule_message(kind, rec, mailed, period),
                            source=rec.source))

    return Deadline(
        kind=kind, variant=str(rec.text("variant")), start=start, due=due, opens=opens,
        rolled_from=rolled_from, rule=_rule_message(kind, rec, mailed, period), rule_id=rec.id,
        source=rec.source, verified=verified, warnings=tuple(warnings), other_dates=tuple(other),
        rules_version=rules.version,
    )


def _check_options(kind: str, rec: Record, mailed: bool, days: int | None) -> None:
    mail_days = rec.opt_num("mail_days")
    if mailed and mail_days is None:
        raise DeadlineError(f"--mailed does not apply to {kind}: its rule ({rec.source}) adds no mailing days")
    max_days = rec.opt_num("max_days")
    if max_days is not None:
        if days is None:
            raise DeadlineError(f"{kind} needs --days: the response period stated on the notice "
                                f"(at most {max_days} days, {rec.source})")
        if not 1 <= days <= max_days:
            raise DeadlineError(f"--days for {kind} must be from 1 to {max_days} ({rec.source}); got {days}")
    elif days is not None:
        raise DeadlineError(f"--days does not apply to {kind}: its period is fixed by rule ({rec.source}), "
                            "not by the notice")


def _period(rec: Record, mailed: bool, days: int | None) -> int:
    """The number of days counted for day-based kinds (0 for the others)."""
    base = days if rec.get("max_days") is not None and days is not None else rec.opt_num("days") or 0
    return base + ((rec.opt_num("mail_days") or 0) if mailed else 0)


def _rule_message(kind: str, rec: Record, mailed: bool, period: int) -> Message:
    code = f"deadline.rule.{kind}.{rec.text('variant')}" + (".mailed" if mailed else "")
    params: dict[str, int] = {"days": period}
    for name in ("years", "months", "early_days", "opens_days_before", "closes_days_before",
                 "file_after_days", "issue_after_days", "mail_days"):
        value = rec.opt_num(name)
        if value is not None:
            params[name] = value
    return msg(code, **params)
