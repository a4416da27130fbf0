"""The daily chronology (events, acts and sources day by day) and its timeline picture (SVG)."""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Act, Actor, ActType, Event, Place, Source, SourceType
from .selectors import visible

PAGE_SIZE = 200  # records (events and sources) per page of the chronology


@dataclass
class Day:
    lo: dt.date
    label: str
    precision: str
    events: list[Event] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)


def days(user: Any, data: dict[str, Any], *, public: bool) -> list[Day]:
    """The first page of the chronology (see ``page``)."""
    return page(user, data, public=public)[0]


def page(user: Any, data: dict[str, Any], *, public: bool, number: int = 1) -> tuple[list[Day], bool]:
    """Page ``number`` of the chronology (``PAGE_SIZE`` records in date order), and whether more follow.

    Events and sources are merged in date order; nothing is left out: the next page goes on
    where this one stops.
    """
    events = visible(Event, user, public=public).exclude(date_lo=None).prefetch_related("places")
    sources = visible(Source, user, public=public).exclude(date_lo=None).select_related("source_type")
    if data.get("date_from"):
        events = events.filter(date_hi__gte=data["date_from"])
        sources = sources.filter(date_hi__gte=data["date_from"])
    if data.get("date_to"):
        events = events.filter(date_lo__lte=data["date_to"])
        sources = sources.filter(date_lo__lte=data["date_to"])
    if data.get("place"):
        place: Place = data["place"]
        events = events.filter(places__in=_descendants(place)).distinct()
        sources = sources.filter(place__in=_descendants(place))
    if data.get("act_type"):
        events = events.filter(acts__act_type=data["act_type"]).distinct()
        sources = sources.filter(events__acts__act_type=data["act_type"]).distinct()
    if data.get("category"):
        events = events.filter(category=data["category"])
        sources = sources.none() if data["category"] == Event.Category.INSTITUTIONAL else sources
    start = (max(1, number) - 1) * PAGE_SIZE
    end = start + PAGE_SIZE + 1  # one more: is there a next page?
    merged = heapq.merge(events.order_by("date_lo", "pk")[:end], sources.order_by("date_lo", "pk")[:end],
                         key=lambda r: (r.date_lo, isinstance(r, Source), r.pk))
    records = list(itertools.islice(merged, start, end))
    has_next = len(records) > PAGE_SIZE
    grouped: dict[tuple[dt.date, str], Day] = {}
    for record in records[:PAGE_SIZE]:
        value = record.partial_date if isinstance(record, Source) else _event_start(record)
        if value is None:
            continue
        key = (value.lo, value.precision.value)
        day = grouped.get(key)
        if day is None:
            day = grouped[key] = Day(value.lo, value.display(), value.precision.value)
        (day.events if isinstance(record, Event) else day.sources).append(record)
    return [grouped[k] for k in sorted(grouped)], has_next


def _event_start(event: Event):  # type: ignore[no-untyped-def]
    from amparo.core.partial_dates import PartialDate

    return PartialDate.parse(event.date)


def _descendants(place: Place) -> list[Place]:
    found, frontier = [place], [place]
    for _step in range(3):
        frontier = list(Place.objects.filter(parent__in=frontier))
        found += frontier
    return found


def timeline_svg(chronology: list[Day], *, width: int = 960, height: int = 150) -> SafeString:
    """A picture of the chronology: one bar per month, events above, sources below."""
    if not chronology:
        return mark_safe("")
    months: Counter[tuple[int, int]] = Counter()
    sources: Counter[tuple[int, int]] = Counter()
    for day in chronology:
        months[(day.lo.year, day.lo.month)] += len(day.events)
        sources[(day.lo.year, day.lo.month)] += len(day.sources)
    first, last = min(months), max(months)
    keys = []
    y, m = first
    while (y, m) <= last and len(keys) < 240:
        keys.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    peak = max([*months.values(), *sources.values(), 1])
    bar = max(2.0, (width - 40) / len(keys))
    mid = height / 2
    bars = []
    for i, key in enumerate(keys):
        x = 20 + i * bar
        label = date_format(dt.date(key[0], key[1], 1), "YEAR_MONTH_FORMAT")
        if months[key]:
            h = (mid - 20) * months[key] / peak
            bars.append(format_html('<rect x="{}" y="{}" width="{}" height="{}" class="ev">'
                                    '<title>{}: {}</title></rect>', f"{x:.1f}", f"{mid - h:.1f}", f"{bar * 0.8:.1f}",
                                    f"{h:.1f}", label, ngettext("%(count)s event", "%(count)s events", months[key])
                                    % {"count": months[key]}))
        if sources[key]:
            h = (mid - 20) * sources[key] / peak
            bars.append(format_html('<rect x="{}" y="{}" width="{}" height="{}" class="src">'
                                    '<title>{}: {}</title></rect>', f"{x:.1f}", f"{mid:.1f}", f"{bar * 0.8:.1f}",
                                    f"{h:.1f}", label, ngettext("%(count)s source", "%(count)s sources", sources[key])
                                    % {"count": sources[key]}))
    def tick(i: int, key: tuple[int, int]) -> str:
        first_or_last = i in (0, len(keys) - 1)
        if first_or_last and (key[1] != 1 or len(keys) < 24):
            return date_format(dt.date(key[0], key[1], 1), "YEAR_MONTH_FORMAT")
        return str(key[0]) if key[1] == 1 else ""

    labels = [(i, key, tick(i, key)) for i, key in enumerate(keys)]
    ticks = format_html_join("", '<text x="{}" y="{}" class="tick" text-anchor="{}">{}</text>', (
        (f"{20 + (i + (1 if i == len(keys) - 1 and i else 0)) * bar:.1f}", height - 2,
         "end" if i == len(keys) - 1 and i else "start", text) for i, key, text in labels if text))
    return format_html(
        '<svg class="timeline" viewBox="0 0 {} {}" role="img" aria-labelledby="timeline-title">'
        '<title id="timeline-title">{}</title><line x1="20" x2="{}" y1="{}" y2="{}" class="axis"/>{}{}</svg>',
        width, height, _("Timeline: events per month above the line, sources below"), width - 20, mid, mid,
        mark_safe("".join(bars)), ticks)  # noqa: S308


def facet_labels(counts: dict[str, Counter[str]], actors: Any = None) -> list[tuple[str, str, list[Any]]]:
    """Facet counts as (field, heading, [(value, label, count)]) for the search page.

    ``actors`` is the queryset of actors the reader may see: other units are not named.
    """
    places = {str(p.pk): str(p) for p in Place.objects.filter(pk__in=[int(k) for k in counts["place"]][:200])}
    actors = actors if actors is not None else Actor.objects.none()
    units = {str(a.pk): a.name for a in actors.filter(pk__in=[int(k) for k in counts["unit"]][:200])}
    act_types = {t.code: t.name for t in ActType.objects.all()}
    source_types = {t.code: t.name for t in SourceType.objects.all()}
    languages = {"en": _("English"), "es": _("Spanish")}
    out = [
        ("year", _("Year"), sorted(((k, k, v) for k, v in counts["year"].items()), reverse=True)),
        ("source_type", _("Source type"),
         [(k, source_types.get(k, k), v) for k, v in counts["source_type"].most_common(10)]),
        ("language", _("Language"), [(k, languages.get(k, k), v) for k, v in counts["language"].most_common(5)]),
        ("place", _("Place"), [(k, places.get(k, k), v) for k, v in counts["place"].most_common(12) if k in places]),
        ("act_type", _("Act type"), [(k, act_types.get(k, k), v) for k, v in counts["act_type"].most_common(10)]),
        ("unit", _("Unit"), [(k, units.get(k, k), v) for k, v in counts["unit"].most_common(10) if k in units]),
    ]
    return [entry for entry in out if entry[2]]


__all__ = ["Act", "days", "facet_labels", "timeline_svg"]
