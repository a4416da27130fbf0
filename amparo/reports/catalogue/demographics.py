"""Demographics of the people served: country of birth, language, age, sex, household size and
income against the HHS poverty guidelines (the rules data's dated tables)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amparo.core.plugins import served_sources
from amparo.people.models import Person

from ..base import Column, Params, Report, Row, Table, register, step
from ..served import demographic_counts, in_database, served_rows

AGE_BANDS = [(0, 17, "0-17"), (18, 24, "18-24"), (25, 34, "25-34"), (35, 44, "35-44"), (45, 54, "45-54"),
             (55, 64, "55-64"), (65, 200, "65+")]
UNKNOWN = "unknown"
HOUSEHOLD_SIZES = [("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5"), ("6", "6"), ("7+", "7+")]
# Income as a share of the poverty guideline for the household's size: the bands funders ask for.
POVERTY_BANDS = [("100", Decimal(100), _("At or below 100%")), ("150", Decimal(150), _("101% to 150%")),
                 ("200", Decimal(200), _("151% to 200%")), ("over", None, _("Over 200%"))]


def age_band(birth: dt.date | None, on: dt.date) -> str:
    if birth is None:
        return UNKNOWN
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    return next((label for low, high, label in AGE_BANDS if low <= age <= high), UNKNOWN)


def _number(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value)) if value is not None and str(value).strip() != "" else None
    except InvalidOperation:
        return None
    return number if number is not None and number.is_finite() and number >= 0 else None


def household_band(size: Any) -> str:
    number = _number(size)
    if number is None or number < 1:
        return UNKNOWN
    return "7+" if number >= 7 else str(int(number))


class PovertyBands:
    """Income against the HHS poverty guideline in force on the screening's date, for the
    household's size (``rules``: ``poverty_guideline``, 48 contiguous states, as the fee-waiver
    screen uses it). No guideline for that date or size: unknown, never a guessed figure."""

    def __init__(self) -> None:
        from amparo.screening.services import current_ruleset

        self.rules = current_ruleset()
        self.guidelines: dict[dt.date, Any] = {}

    def band(self, size: Any, income: Any, on: dt.date) -> str:
        from amparo.rules.fee_waiver import guideline_amount

        household, money = _number(size), _number(income)
        if household is None or household < 1 or money is None:
            return UNKNOWN
        if on not in self.guidelines:
            self.guidelines[on] = self.rules.at("poverty_guideline", on, region="48_states")
        guideline = self.guidelines[on]
        amount = guideline_amount(guideline, int(household)) if guideline is not None else None
        if not amount:
            return UNKNOWN
        percent = money * 100 / Decimal(amount)
        return next((key for key, limit, _label in POVERTY_BANDS if limit is None or percent <= limit), UNKNOWN)


@register
class Demographics(Report):
    key = "demographics"
    filters = frozenset({"office", "program", "funder"})
    title = _("Demographics of the people served")
    default_period = "quarter"
    definition = _(
        "The people served in the period (as in “People served, each counted once”: everyone once, "
        "whatever the programs) by country of birth, language for letters, age on the last day of "
        "the period and sex, as recorded on their People record. Nothing is guessed: what was not "
        "recorded is counted as “Not recorded”.\n\n"
        "Household size and income: from the person's latest screening saved on or before the last "
        "day of the period (the household size and yearly household income it recorded). Income is "
        "compared with the HHS poverty guideline (48 contiguous states) for that household size in "
        "force on the screening's date, from the rules data: at or below 100%, 101% to 150%, 151% to "
        "200%, over 200%. No screening, no income recorded, or no guideline in the rules data for "
        "that date: “Not recorded”.\n\n"
        "Filters: office, program and funder choose the people as in “People served, each counted "
        "once”.")

    def steps(self, params: Params) -> int:
        return len(served_sources()) + 1

    def compute(self, params: Params) -> list[Table]:
        sources = served_sources()
        country, language, age, sex = Counter(), Counter(), Counter(), Counter()
        household: list[tuple[Any, Any, Any, int]]
        if in_database(sources):
            household = []
            for what, value, count, income, on in demographic_counts(sources, params):
                if what == "household":
                    household.append((value, income, on, count))
                elif what == "country":
                    country[(value or "").strip() or UNKNOWN] += count
                elif what == "language":
                    language[value or UNKNOWN] += count
                elif what == "birth":
                    age[age_band(dt.date.fromisoformat(value) if value else None, params.end)] += count
                else:
                    sex[value or UNKNOWN] += count
            for _step in range(len(sources) + 1):
                step()
        else:
            ids = {person_id for _index, person_id, _office, _first in served_rows(sources, params)}
            for _source in sources:
                step()
            country, language, age, sex = count_people(ids, params.end)
            household = latest_screenings(ids, params.end)
            step()
        return demographic_tables(country, language, age, sex, household, params.end)


def count_people(ids: Iterable[int], end: dt.date) -> tuple[Counter, Counter, Counter, Counter]:
    """Country of birth, language, age band on ``end`` and sex of the people ``ids``, counted in Python."""
    country, language, age, sex = Counter(), Counter(), Counter(), Counter()
    for chunk in _chunks(sorted(ids), 5000):
        for row in Person.objects.filter(pk__in=chunk).values("country_of_birth", "preferred_language",
                                                              "birth_date", "sex"):
            country[row["country_of_birth"].strip() or UNKNOWN] += 1
            language[row["preferred_language"] or UNKNOWN] += 1
            age[age_band(row["birth_date"], end)] += 1
            sex[row["sex"] or UNKNOWN] += 1
    return country, language, age, sex


def demographic_tables(country: Counter, language: Counter, age: Counter, sex: Counter,
                       household: list[tuple[Any, Any, Any, int]], end: dt.date, prefix: str = "") -> list[Table]:
    """The demographic tables (the same in every report that describes people)."""
    sizes, poverty = household_tables(household, sum(sex.values()))
    choices_language = dict(Person._meta.get_field("preferred_language").choices)
    people = Column("people", _("People"))
    not_recorded = pgettext_lazy("demographics: a fact not recorded", "Not recorded")

    def table(key: str, title: object, counts: Counter, label: Any, order: list[str] | None = None) -> Table:
        keys = order if order is not None else sorted(counts, key=lambda k: (-counts[k], k))
        rows = [Row(k, not_recorded if k == UNKNOWN else label(k), {"people": counts[k]})
                for k in keys if counts.get(k)]
        return Table(prefix + key, title, [people], rows, total_label=_("Total"), total_column="people").finish()

    sexes = dict(Person.Sex.choices)
    return [
        table("country", _("Country of birth"), country, str),
        table("language", _("Language for letters"), language, lambda k: choices_language.get(k, k)),
        table("age", _("Age on the last day of the period"), age, str, [b[2] for b in AGE_BANDS] + [UNKNOWN]),
        table("sex", _("Sex"), sex, lambda k: sexes.get(k, k)),
        table("household", _("Household size"), sizes, str, [k for k, _label in HOUSEHOLD_SIZES] + [UNKNOWN]),
        table("poverty", _("Household income against the poverty guidelines"), poverty,
              lambda k: next(str(label) for key, _limit, label in POVERTY_BANDS if key == k),
              [k for k, _limit, _label in POVERTY_BANDS] + [UNKNOWN]),
    ]


def household_tables(rows: Iterable[tuple[Any, Any, Any, int]], people: int) -> tuple[Counter, Counter]:
    """Household sizes and poverty bands from rows (size, income, screened on, people); the
    people served without a screening (``people`` minus those in the rows) are not recorded."""
    sizes, poverty, bands = Counter(), Counter(), PovertyBands()
    for size, income, on, count in rows:
        day = on if isinstance(on, dt.date) else dt.date.fromisoformat(str(on))
        sizes[household_band(size)] += count
        poverty[bands.band(size, income, day)] += count
    missing = people - sum(sizes.values())
    sizes[UNKNOWN] += missing
    poverty[UNKNOWN] += missing
    return sizes, poverty


def latest_screenings(ids: Iterable[int], end: dt.date) -> list[tuple[Any, Any, Any, int]]:
    """As ``served.household_counts``, for people counted in Python."""
    from django.db.models import Max

    from amparo.screening.models import Screening

    found: Counter = Counter()
    for chunk in _chunks(sorted(ids), 5000):
        latest = (Screening.objects.filter(person_id__in=chunk, on__lte=end).values("person_id")
                  .annotate(last=Max("id")).values("last"))
        for facts, on in Screening.objects.filter(pk__in=latest).values_list("facts", "on"):
            found[(facts.get("household_size"), facts.get("household_income"), on)] += 1
    return [(*key, count) for key, count in found.items()]


def _chunks(items: list[int], size: int) -> list[list[int]]:
    return [items[i:i + size] for i in range(0, len(items), size)]
