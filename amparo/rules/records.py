"""Dated, sourced rule records and the schema each kind of record must follow.

A record is one fact of law as data: what it says (kind-specific fields), when it applies
(``effective_from`` .. ``effective_to``, both inclusive; no ``effective_to`` means no known
end), where it comes from (``source``) and whether it was verified (``verified``, with the
``confidence`` letter from RULES.md when one was given).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from .countries import is_country_code
from .dates import parse_iso_date

Value = str | int | bool | date | tuple[str, ...] | tuple[int, ...]


class RuleDataError(ValueError):
    """Rule data that does not follow the schema; the message names the file and record."""


# Field types: "str", "int", "bool", "date", "country", "countries", "ints", or a tuple of
# allowed strings (an enum). A field spec is (type, required).
FieldType = str | tuple[str, ...]
Spec = dict[str, tuple[FieldType, bool]]

PROGRAMS: tuple[str, ...] = (
    "tps", "daca_initial", "daca_renewal", "naturalization", "asylum", "abc_class",
    "nacara_203", "nacara_202", "sijs", "vawa", "u_visa", "fee_waiver",
)
DEADLINE_KINDS: tuple[str, ...] = (
    "bia_appeal", "motion_to_reopen", "motion_to_reconsider", "rfe", "noid", "i290b",
    "asylum_one_year", "daca_renewal_window", "naturalization_early_filing", "u_supplement_b",
    "asylum_ead",
)
CONFIDENCES: tuple[str, ...] = ("H", "M", "H-M", "M-H", "U")
TPS_STATES: tuple[str, ...] = (
    "in_force", "terminated", "termination_stayed", "termination_vacated", "uncertain",
)

COMMON: Spec = {
    "kind": ("str", True),
    "id": ("str", True),
    "effective_from": ("date", True),
    "effective_to": ("date", False),
    "source": ("str", True),
    "verified": ("bool", True),
    "confidence": (CONFIDENCES, False),
    "note": ("str", False),
    "note_es": ("str", False),
    "message": ("str", False),
}

KINDS: dict[str, Spec] = {
    "tps_cohort": {"country": ("country", True), "cohort": ("str", True),
                   "residence_since": ("date", True), "presence_since": ("date", True)},
    "tps_status": {"country": ("country", True), "cohort": ("str", True), "state": (TPS_STATES, True)},
    "tps_registration_window": {"country": ("country", True), "cohort": ("str", True),
                                "window": (("re_registration", "initial"), True)},
    "tps_never_designated": {"country": ("country", True)},
    "tps_rules": {"designation_min_months": ("int", True), "designation_max_months": ("int", True),
                  "decision_days_before_end": ("int", True), "auto_extension_months": ("int", True),
                  "termination_min_days": ("int", True), "re_registration_usual_days": ("int", True)},
    "criminal_bar": {"program": (PROGRAMS, True), "felonies_max": ("int", False),
                     "misdemeanors_max": ("int", False), "significant_misdemeanors_max": ("int", False),
                     "aggravated_felony_bars": ("bool", False)},
    "fee": {"form": ("str", True), "amount": ("int", True), "waivable": ("bool", True),
            "programs": ("programs", True)},
    "policy": {"topic": ("str", True), "effect": (("info", "review", "bar"), True),
               "amount": ("int", False), "days": ("int", False), "count": ("int", False)},
    "daca_initial": {"born_on_or_after": ("date", True), "arrival_before_age": ("int", True),
                     "residence_since": ("date", True), "present_on": ("date", True),
                     "no_lawful_status_on": ("date", True), "min_filing_age": ("int", True)},
    "daca_renewal": {"initial_after_expiry_years": ("int", True)},
    "naturalization_path": {"path": (("five_year", "three_year"), True), "lpr_years": ("int", True),
                            "period_months": ("int", True), "presence_months": ("int", True),
                            "state_residence_months": ("int", True), "min_age": ("int", True),
                            "spouse_citizen_years": ("int", False)},
    "absence_rule": {"program": (PROGRAMS, True), "presumptive_break_months": ("int", True),
                     "break_years": ("int", True)},
    "absence_refiling": {"program": (PROGRAMS, True), "after_return_years": ("int", True),
                         "after_return_days": ("int", True)},
    "civics_test": {"version": (("2008", "2025", "65_20"), True), "questions": ("int", True),
                    "asked": ("int", True), "pass_correct": ("int", True), "stop_wrong": ("int", False),
                    "min_age": ("int", False), "min_lpr_years": ("int", False)},
    "abc_class": {"country": ("country", True), "in_us_by": ("date", True), "registered_by": ("date", True),
                  "tps_registration_counts": ("bool", True)},
    "nacara_203": {"apprehended_after": ("date", True), "asylum_countries": ("countries", True),
                   "asylum_filed_by": ("date", True), "presence_years": ("int", True)},
    "nacara_202": {"countries": ("countries", True), "present_since": ("date", True),
                   "max_absence_days": ("int", True), "filing_deadline": ("date", True)},
    "sijs": {"max_age": ("int", True)},
    "fee_waiver_rule": {"guideline_percent": ("int", True), "reduced_fee_percent": ("int", True)},
    "poverty_guideline": {"year": ("int", True), "region": (("48_states",), True), "amounts": ("ints", True),
                          "per_additional": ("int", False)},
    "deadline_rule": {"deadline": (DEADLINE_KINDS, True), "variant": ("str", True), "roll": ("bool", True),
                      "days": ("int", False), "no_deadline": ("bool", False), "mail_days": ("int", False),
                      "max_days": ("int", False), "years": ("int", False), "months": ("int", False),
                      "early_days": ("int", False), "opens_days_before": ("int", False),
                      "closes_days_before": ("int", False), "file_after_days": ("int", False),
                      "issue_after_days": ("int", False)},
}

# The numeric parameters each deadline kind needs (exactly one group must be present).
DEADLINE_PARAMS: dict[str, tuple[tuple[str, ...], ...]] = {
    "bia_appeal": (("days",),),
    "motion_to_reopen": (("days",), ("no_deadline",)),
    "motion_to_reconsider": (("days",),),
    "rfe": (("max_days", "mail_days"),),
    "noid": (("max_days", "mail_days"),),
    "i290b": (("days", "mail_days"),),
    "asylum_one_year": (("years",),),
    "daca_renewal_window": (("opens_days_before", "closes_days_before"),),
    "naturalization_early_filing": (("years", "early_days"),),
    "u_supplement_b": (("months",),),
    "asylum_ead": (("file_after_days", "issue_after_days"),),
}
_DEADLINE_PARAM_NAMES = {"days", "no_deadline", "mail_days", "max_days", "years", "months", "early_days",
                         "opens_days_before", "closes_days_before", "file_after_days", "issue_after_days"}


@dataclass(frozen=True)
class Record:
    kind: str
    id: str
    effective_from: date
    effective_to: date | None
    source: str
    verified: bool
    confidence: str | None
    note: str | None
    note_es: str | None
    message: str | None
    values: tuple[tuple[str, Value], ...]
    origin: str

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    def get(self, name: str) -> Value | None:
        for key, value in self.values:
            if key == name:
                return value
        return None

    def text(self, name: str) -> str:
        value = self.get(name)
        if not isinstance(value, str):
            raise KeyError(f"{self.id}: {name} is not text")
        return value

    def num(self, name: str) -> int:
        value = self.get(name)
        if isinstance(value, bool) or not isinstance(value, int):
            raise KeyError(f"{self.id}: {name} is not a whole number")
        return value

    def opt_num(self, name: str) -> int | None:
        return None if self.get(name) is None else self.num(name)

    def flag(self, name: str) -> bool:
        value = self.get(name)
        if not isinstance(value, bool):
            raise KeyError(f"{self.id}: {name} is not true/false")
        return value

    def day(self, name: str) -> date:
        value = self.get(name)
        if not isinstance(value, date):
            raise KeyError(f"{self.id}: {name} is not a date")
        return value

    def ints(self, name: str) -> tuple[int, ...]:
        value = self.get(name)
        if not isinstance(value, tuple) or not all(isinstance(v, int) for v in value):
            raise KeyError(f"{self.id}: {name} is not a list of numbers")
        return tuple(int(v) for v in value)

    def texts(self, name: str) -> tuple[str, ...]:
        value = self.get(name)
        if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value):
            raise KeyError(f"{self.id}: {name} is not a list of text")
        return tuple(str(v) for v in value)

    def to_dict(self) -> dict[str, object]:
        """The record in the shape it was written (dates as ISO strings, lists as lists)."""
        out: dict[str, object] = {"kind": self.kind, "id": self.id,
                                  "effective_from": self.effective_from.isoformat()}
        if self.effective_to is not None:
            out["effective_to"] = self.effective_to.isoformat()
        out["source"] = self.source
        out["verified"] = self.verified
        for name in ("confidence", "note", "note_es", "message"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        for key, value in self.values:
            out[key] = value.isoformat() if isinstance(value, date) else \
                list(value) if isinstance(value, tuple) else value
        return out


def build_record(raw: object, where: str, *, origin: str, string_dates: bool) -> Record:
    """Validate one raw record (a TOML table or an override mapping) and build it.

    ``string_dates`` lets overrides (which come from JSON or a database) give dates as
    ``YYYY-MM-DD`` strings; packaged TOML must use real TOML dates.
    """
    if not isinstance(raw, Mapping):
        raise RuleDataError(f"{where}: a record must be a table of fields")
    kind = raw.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        raise RuleDataError(f"{where}: field 'kind': unknown kind {kind!r}; known kinds: {', '.join(KINDS)}")
    spec: Spec = {**COMMON, **KINDS[kind]}
    for key in raw:
        if key not in spec:
            raise RuleDataError(f"{where}: field {key!r}: not a field of kind {kind!r}; "
                                f"allowed: {', '.join(spec)}")
    parsed: dict[str, Value] = {}
    for name, (ftype, required) in spec.items():
        if name not in raw or raw[name] is None:
            if required:
                raise RuleDataError(f"{where}: field {name!r}: required")
            continue
        parsed[name] = _check(raw[name], ftype, f"{where}: field {name!r}", string_dates)
    if not str(parsed["id"]).strip() or not str(parsed["source"]).strip():
        raise RuleDataError(f"{where}: 'id' and 'source' must not be empty")
    start = parsed["effective_from"]
    end = parsed.get("effective_to")
    assert isinstance(start, date)
    if isinstance(end, date) and end < start:
        raise RuleDataError(f"{where}: effective_from {start} is after effective_to {end}")
    confidence = parsed.get("confidence")
    if confidence is not None and (confidence == "U") == bool(parsed["verified"]):
        raise RuleDataError(f"{where}: confidence {confidence!r} does not match verified = "
                            f"{str(parsed['verified']).lower()} (U means verified = false)")
    if kind == "deadline_rule":
        _check_deadline_params(parsed, where)
    common = set(COMMON)
    return Record(
        kind=kind, id=str(parsed["id"]), effective_from=start,
        effective_to=end if isinstance(end, date) else None,
        source=str(parsed["source"]), verified=bool(parsed["verified"]),
        confidence=_opt_str(parsed.get("confidence")), note=_opt_str(parsed.get("note")),
        note_es=_opt_str(parsed.get("note_es")), message=_opt_str(parsed.get("message")),
        values=tuple((k, v) for k, v in parsed.items() if k not in common),
        origin=origin,
    )


def _opt_str(value: Value | None) -> str | None:
    return None if value is None else str(value)


def _check(value: object, ftype: FieldType, where: str, string_dates: bool) -> Value:
    if isinstance(ftype, tuple):
        if not isinstance(value, str) or value not in ftype:
            raise RuleDataError(f"{where}: expected one of {', '.join(ftype)}, got {value!r}")
        return value
    if ftype == "str":
        if not isinstance(value, str):
            raise RuleDataError(f"{where}: expected text, got {value!r}")
        return value
    if ftype == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise RuleDataError(f"{where}: expected a whole number 0 or more, got {value!r}")
        return value
    if ftype == "bool":
        if not isinstance(value, bool):
            raise RuleDataError(f"{where}: expected true or false, got {value!r}")
        return value
    if ftype == "date":
        return _check_date(value, where, string_dates)
    if ftype == "country":
        if not isinstance(value, str) or not is_country_code(value):
            raise RuleDataError(f"{where}: expected an ISO 3166-1 alpha-2 code, got {value!r}")
        return value
    if ftype in ("countries", "programs", "ints"):
        if not isinstance(value, (list, tuple)) or not value:
            raise RuleDataError(f"{where}: expected a non-empty list, got {value!r}")
        items_of: dict[str, FieldType] = {"countries": "country", "programs": PROGRAMS, "ints": "int"}
        item = items_of[ftype]
        items = [_check(v, item, where, string_dates) for v in value]
        if ftype == "ints":
            return tuple(int(v) for v in items if isinstance(v, int))
        return tuple(str(v) for v in items)
    raise AssertionError(f"unknown field type {ftype}")


def _check_date(value: object, where: str, string_dates: bool) -> date:
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if string_dates and isinstance(value, str):
        try:
            return parse_iso_date(value)
        except ValueError as exc:
            raise RuleDataError(f"{where}: {exc}") from None
    raise RuleDataError(f"{where}: expected a date (YYYY-MM-DD, unquoted in TOML), got {value!r}")


def _check_deadline_params(parsed: dict[str, Value], where: str) -> None:
    deadline = str(parsed["deadline"])
    present = {k for k in parsed if k in _DEADLINE_PARAM_NAMES}
    groups = DEADLINE_PARAMS[deadline]
    if not any(present == set(group) for group in groups):
        wanted = " or ".join("(" + ", ".join(g) + ")" for g in groups)
        raise RuleDataError(f"{where}: a {deadline} rule needs exactly the fields {wanted}; "
                            f"it has ({', '.join(sorted(present))})")
    if parsed.get("no_deadline") is False:
        raise RuleDataError(f"{where}: 'no_deadline' must be true when present")
