"""Partial dates of people (births, arrivals, trips): the one ``PartialDate`` of core.

Kept so that ``from amparo.people.partial_dates import PartialDate, parse`` goes on working;
see ``amparo.core.partial_dates``.
"""

from amparo.core.partial_dates import (
    DAY,
    MAX_YEAR,
    MONTH,
    MONTHS,
    PRECISIONS,
    YEAR,
    PartialDate,
    Precision,
    check_plausible,
    forms_accepted,
    parse,
)
from amparo.core.partial_dates import TYPED_MIN_YEAR as MIN_YEAR

__all__ = ["DAY", "MAX_YEAR", "MIN_YEAR", "MONTH", "MONTHS", "PRECISIONS", "YEAR", "PartialDate", "Precision",
           "check_plausible", "forms_accepted", "parse"]
