"""Demographics of the people served: country of birth, language, age, sex."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amparo.core.plugins import resolve, served_sources
from amparo.people.models import Person

from ..base import Column, Params, Report, Row, Table, register, step
from ..served import demographic_counts, in_database

AGE_BANDS = [(0, 17, "0-17"), (18, 24, "18-24"), (25, 34, "25-34"), (35, 44, "35-44"), (45, 54, "45-54"),
             (55, 64, "55-64"), (65, 200, "65+")]
UNKNOWN = "unknown"


def age_band(birth: dt.date | None, on: dt.date) -> str:
    if birth is None:
        return UNKNOWN
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    return next((label for low, high, label in AGE_BANDS if low <= age <= high), UNKNOWN)


@register
class Demographics(Report):
    key = "demographics"
    title = _("Demographics of the people served")
    default_period = "quarter"
    definition = _(
        "The people served in the period (as in “People served, each counted once”: everyone once, "
        "whatever the programs) by country of birth, language for letters, age on the last day of "
        "the period and sex, as recorded on their People record. Nothing is guessed: what was not "
        "recorded is counted as “Not recorded”.")

    def steps(self, params: Params) -> int:
        return len(served_sources()) + 1

    def compute(self, params: Params) -> list[Table]:
        sources = served_sources()
        country, language, age, sex = Counter(), Counter(), Counter(), Counter()
        if in_database(sources):
            for what, value, count in demographic_counts(sources, params):
                if what == "country":
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
            ids: set[int] = set()
            for source in sources:
                for person_id, office_id, _first in resolve(source.people)(params.start, params.end):
                    if not params.office_id or office_id == params.office_id:
                        ids.add(person_id)
                step()
            for chunk in _chunks(sorted(ids), 5000):
                for row in Person.objects.filter(pk__in=chunk).values("country_of_birth", "preferred_language",
                                                                      "birth_date", "sex"):
                    country[row["country_of_birth"].strip() or UNKNOWN] += 1
                    language[row["preferred_language"] or UNKNOWN] += 1
                    age[age_band(row["birth_date"], params.end)] += 1
                    sex[row["sex"] or UNKNOWN] += 1
            step()
        choices_language = dict(Person._meta.get_field("preferred_language").choices)
        people = Column("people", _("People"))
        not_recorded = pgettext_lazy("demographics: a fact not recorded", "Not recorded")

        def table(key: str, title: object, counts: Counter, label: object, order: list[str] | None = None) -> Table:
            keys = order if order is not None else sorted(counts, key=lambda k: (-counts[k], k))
            rows = [Row(k, not_recorded if k == UNKNOWN else label(k), {"people": counts[k]})
                    for k in keys if counts.get(k)]
            return Table(key, title, [people], rows, total_label=_("Total"), total_column="people").finish()

        sexes = dict(Person.Sex.choices)
        return [
            table("country", _("Country of birth"), country, str),
            table("language", _("Language for letters"), language, lambda k: choices_language.get(k, k)),
            table("age", _("Age on the last day of the period"), age, str, [b[2] for b in AGE_BANDS] + [UNKNOWN]),
            table("sex", _("Sex"), sex, lambda k: sexes.get(k, k)),
        ]


def _chunks(items: list[int], size: int) -> list[list[int]]:
    return [items[i:i + size] for i in range(0, len(items), size)]
