"""People served, each counted once across every program, and by program and office; new and returning."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amparo.accounts.models import Office
from amparo.core.plugins import served_sources

from ..base import Column, Params, Report, Row, Table, register, step
from ..served import in_database, served_rows, unduplicated_counts


@register
class UnduplicatedClients(Report):
    key = "unduplicated"
    filters = frozenset({"office", "program", "funder"})
    title = _("People served, each counted once")
    default_period = "quarter"
    definition = _(
        "Everyone a program of the center served in the period, counted once however many programs "
        "or cases served them. Each program says whom it served: in legal services, the principal "
        "client of every case open at any moment of the period.\n\n"
        "New: the first service any program gave the person falls in the period. Returning: some "
        "program served them before the period began.\n\n"
        "By program, a person served by two programs counts once in each, so the rows add up to "
        "more than the total. By office, the same. Merged duplicates are one person. Confidential "
        "clients are counted, never named.\n\n"
        "Filters: an office keeps the people served in that office; a program, the people that "
        "program served; a funder, the people served by the programs its awarded grants pay for "
        "(as recorded under “Programs funded by grants”), in the offices and on the days they pay "
        "for. With a program or funder chosen, new means new to the programs counted.")

    def steps(self, params: Params) -> int:
        return len(served_sources())

    def compute(self, params: Params) -> list[Table]:
        sources = served_sources()
        labels = {source.key: source.label for source in sources}
        if in_database(sources):
            by_program_counts = {source.key: {"people": 0, "new": 0} for source in sources
                                 if not params.program or source.key == params.program}
            by_office_counts: dict[int | None, dict[str, int]] = {}
            everyone_counts = {"people": 0, "new": 0}
            for what, key, people, new in unduplicated_counts(sources, params):
                counts = {"people": people, "new": new}
                if what == "all":
                    everyone_counts = counts
                elif what == "program":
                    by_program_counts[sources[key].key] = counts
                else:
                    by_office_counts[key] = counts
            for _source in sources:
                step()
            return self._tables(everyone_counts, by_program_counts, by_office_counts, labels)

        first_seen: dict[int, object] = {}  # person -> first service by any program, ever
        by_program: dict[str, set[int]] = {source.key: set() for source in sources
                                           if not params.program or source.key == params.program}
        by_office: dict[int | None, set[int]] = defaultdict(set)
        for index, person_id, office_id, first in served_rows(sources, params):
            by_program[sources[index].key].add(person_id)
            seen = first_seen.get(person_id)
            if seen is None or first < seen:  # type: ignore[operator]
                first_seen[person_id] = first
            by_office[office_id].add(person_id)
        for _source in sources:
            step()

        def count(people: dict[int, object] | set[int]) -> dict[str, int]:
            return {"people": len(people), "new": sum(1 for p in people if first_seen[p] >= params.start)}

        return self._tables(count(first_seen), {key: count(people) for key, people in by_program.items()},
                            {key: count(people) for key, people in by_office.items()}, labels)

    def _tables(self, everyone_counts: dict[str, int], by_program: dict[str, dict[str, int]],
                by_office: dict[int | None, dict[str, int]], labels: dict[str, object]) -> list[Table]:
        def split(counts: dict[str, int]) -> dict[str, int]:
            return {"people": counts["people"], "new": counts["new"], "returning": counts["people"] - counts["new"]}

        columns = [Column("people", _("People served")),
                   Column("new", pgettext_lazy("report column: first served in the period", "New")),
                   Column("returning", pgettext_lazy("report column: served before the period", "Returning"))]
        everyone = Table("all", _("Everyone, each counted once"), columns,
                         [Row("all", _("All programs"), split(everyone_counts))], total_column="people")
        programs = Table("programs", _("By program"), columns,
                         [Row(key, labels[key], split(people)) for key, people in by_program.items()],
                         total_column="people",
                         note=_("A person served by several programs is counted in each of them."))
        names = dict(Office.objects.filter(pk__in=[k for k in by_office if k]).values_list("pk", "name"))
        offices = Table("offices", _("By office"), columns,
                        [Row(str(key) if key else "none", names.get(key, _("No office")) if key else _("No office"),
                             split(people))
                         for key, people in sorted(by_office.items(), key=lambda kv: str(names.get(kv[0], "")))],
                        total_column="people",
                        note=_("A person served in several offices is counted in each of them."))
        return [everyone.finish(with_totals=False), programs.finish(with_totals=False),
                offices.finish(with_totals=False)]
