"""Why a record matched, in words a person reads (the engine speaks in codes)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext_lazy as _

from . import matching as m

LABELS = {
    m.R_IDENTIFIER: _("same A-number"),
    m.R_IDENTIFIER_DIFFERS: _("different A-number"),
    m.R_NAME: _("name matches"),
    m.R_NICKNAME: _("nickname or English form of the name"),
    m.R_SPELLING: _("name spelled differently"),
    m.R_TYPO: _("name with a typo"),
    m.R_INITIAL: _("initial of a name"),
    m.R_SWAPPED_SURNAMES: _("surnames in the other order"),
    m.R_MISSING_SURNAME: _("one surname missing"),
    m.R_OTHER_NAME: _("matches another name (alias or document)"),
    m.R_MARRIED: _("matches a married name"),
    m.R_BIRTH: _("same birth date"),
    m.R_BIRTH_SWAPPED: _("birth date with day and month swapped"),
    m.R_BIRTH_YEAR: _("same birth year"),
    m.R_BIRTH_CLOSE: _("birth date one digit apart"),
    m.R_BIRTH_DIFFERS: _("different birth date"),
    m.R_PHONE: _("same phone"),
    m.R_ADDRESS: _("same address"),
    m.R_POSTCODE: _("same ZIP code"),
    m.R_PARTIAL_NAME: _("part of the name"),
}
ORDER = list(LABELS)


def describe(codes: Iterable[str]) -> list[str]:
    """Reasons in the active language, the strongest first."""
    known = sorted((c for c in codes if c in LABELS), key=ORDER.index)
    return [str(LABELS[c]) for c in known]


# The linkage model's comparison levels (``linkage.LEVELS``), field by field.
FIELD_LABELS = {
    "given": _("Given names"),
    "surname": _("Surnames"),
    "birth": _("Birth date"),
    "phone": _("Phone"),
    "address": _("Address"),
    "identifier": _("A-number or other identifier"),
}
LEVEL_LABELS = {
    ("given", "same"): _("the same"),
    ("given", "one_given"): _("the same, with a given name the other lacks"),
    ("given", "first_same"): _("one given name in common, another different"),
    ("given", "nickname"): _("a nickname or diminutive of the other (Chepe, José)"),
    ("given", "phonetic"): _("sound alike (spelled differently)"),
    ("given", "jw_high"): _("very close (a typo)"),
    ("given", "jw_mid"): _("somewhat close"),
    ("given", "initial"): _("an initial that agrees"),
    ("given", "other"): _("different"),
    ("surname", "same"): _("the same"),
    ("surname", "swapped"): _("the same, in the other order"),
    ("surname", "one_missing"): _("one surname missing, the other the same"),
    ("surname", "phonetic"): _("sound alike (spelled differently)"),
    ("surname", "jw_high"): _("very close (a typo)"),
    ("surname", "one_of_two"): _("one of two surnames in common"),
    ("surname", "jw_mid"): _("somewhat close"),
    ("surname", "other"): _("different"),
    ("birth", "same"): _("the same"),
    ("birth", "swapped"): _("day and month swapped"),
    ("birth", "days_apart"): _("a few days apart"),
    ("birth", "one_digit"): _("one digit apart"),
    ("birth", "year_month"): _("same year and month"),
    ("birth", "year"): _("same year only"),
    ("birth", "other"): _("different"),
    ("phone", "same"): _("the same"),
    ("phone", "last7"): _("the same number with another area code"),
    ("phone", "other"): _("different"),
    ("address", "same_street"): _("the same street address"),
    ("address", "same_postcode"): _("same ZIP code, another street"),
    ("address", "same_city"): _("same city, another street"),
    ("address", "other"): _("different"),
    ("identifier", "same"): _("the same"),
    ("identifier", "one_edit"): _("one character mistyped or two swapped"),
    ("identifier", "other"): _("different"),
}


def explain_weights(weights: Iterable[Sequence[object]]) -> list[dict[str, object]]:
    """A stored field-by-field breakdown in words: one row per field either record has
    (a field one of them lacks weighs nothing and is said so), then the starting odds."""
    rows: list[dict[str, object]] = []
    for f, level, bits in weights:
        if f == "prior":
            rows.append({"field": _("Before comparing (how rare duplicates are)"), "level": "", "bits": bits,
                         "prior": True})
        elif level == "missing":
            rows.append({"field": FIELD_LABELS.get(str(f), f), "level": _("missing on one record: neutral"),
                         "bits": 0.0, "missing": True})
        else:
            rows.append({"field": FIELD_LABELS.get(str(f), f), "level": LEVEL_LABELS.get((str(f), str(level)), level),
                         "bits": bits})
    return rows
