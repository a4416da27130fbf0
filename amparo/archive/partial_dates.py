"""Partial and uncertain dates in the archive, and whether an act fell within an officer's tenure.

``PartialDate`` is the one of core (``amparo.core.partial_dates``): it keeps the precision it was
given, and its ``lo``/``hi`` are the first and last days it could mean, which is how it is stored
for queries (``date_lo``/``date_hi``) beside the text form (EDTF level 0 plus the level-1 ``~``
for "around").

Overlap of an act with a tenure (a career from ``start`` to ``end``) has three answers:

* ``CERTAIN``: whatever the exact days were, the act fell inside the tenure: the act's whole
  range lies between the *latest* possible start and the *earliest* possible end;
* ``POSSIBLE``: the ranges touch, but the imprecision allows the act to fall outside;
* ``NONE``: they cannot overlap.

"March 1981" against a tenure from 1980-06 to 1981-04 is certain; "April 1981" is possible.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from django.utils.translation import gettext as _

from amparo.core.partial_dates import MAX_YEAR, MIN_YEAR, PartialDate, Precision, bounds

__all__ = ["MAX_YEAR", "MIN_YEAR", "Overlap", "PartialDate", "Precision", "bounds", "overlap", "span_display"]


class Overlap(StrEnum):
    CERTAIN = "certain"
    POSSIBLE = "possible"
    NONE = "none"

    @property
    def label(self) -> str:
        return {
            "certain": _("during the tenure"),
            "possible": _("possibly during the tenure (dates uncertain)"),
            "none": _("outside the tenure"),
        }[self.value]


def overlap(act_lo: dt.date | None, act_hi: dt.date | None, start: PartialDate | None,
            end: PartialDate | None) -> Overlap:
    """Did an act dated ``act_lo``..``act_hi`` fall within a tenure from ``start`` to ``end``?

    An unknown start or end leaves that side open: the overlap can then be possible, never
    certain. An act without a date can only possibly overlap.
    """
    if act_lo is None or act_hi is None:
        return Overlap.POSSIBLE
    earliest_start = start.lo if start else None
    latest_start = start.hi if start else None
    earliest_end = end.lo if end else None
    latest_end = end.hi if end else None
    if (earliest_start and act_hi < earliest_start) or (latest_end and act_lo > latest_end):
        return Overlap.NONE
    if latest_start and earliest_end and act_lo >= latest_start and act_hi <= earliest_end:
        return Overlap.CERTAIN
    return Overlap.POSSIBLE


def span_display(start: PartialDate | None, end: PartialDate | None) -> str:
    if start and end:
        return _("%(start)s to %(end)s") % {"start": start.display(), "end": end.display()}
    if start:
        return _("from %(start)s") % {"start": start.display()}
    if end:
        return _("until %(end)s") % {"end": end.display()}
    return _("dates unknown")
