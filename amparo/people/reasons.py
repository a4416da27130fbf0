"""Why a record matched, in words a person reads (the engine speaks in codes)."""

from __future__ import annotations

from collections.abc import Iterable

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
