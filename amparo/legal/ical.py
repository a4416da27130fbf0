"""iCalendar (RFC 5545) written by hand: no dependency, and nothing confidential in it.

A feed leaves the center (it lives on phones and on calendar providers' servers), so each
office decides how much its cases' events say (``Office.calendar_detail``, strictest of the
case's office and team wins):

- time only (the default): "Deadline", "Hearing", "Task" at their time, no case number;
- generic label: "Deadline — case #123" and a link to the case;
- deadline names: also the deadline's name and rule, on cases that are not restricted.

Never a name, never a kind of case; a restricted case never shows more than the generic label.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

CRLF = "\r\n"
PRODID = "-//Amparo//Legal cases//EN"


def escape_text(value: str) -> str:
    """TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Lines longer than 75 octets are folded (RFC 5545 3.1), never inside a UTF-8 character."""
    out: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    out.append(current)
    return CRLF.join(out)


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _date(value: dt.date) -> str:
    return value.strftime("%Y%m%d")


def event(*, uid: str, summary: str, description: str = "", url: str = "", start: dt.date | dt.datetime,
          end: dt.date | dt.datetime | None = None, stamp: dt.datetime | None = None) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{_utc(stamp or timezone.now())}"]
    if isinstance(start, dt.datetime):
        lines.append(f"DTSTART:{_utc(start)}")
        lines.append(f"DTEND:{_utc(end if isinstance(end, dt.datetime) else start + dt.timedelta(hours=1))}")
    else:
        lines.append(f"DTSTART;VALUE=DATE:{_date(start)}")
        lines.append(f"DTEND;VALUE=DATE:{_date(end if isinstance(end, dt.date) else start + dt.timedelta(days=1))}")
        lines.append("TRANSP:TRANSPARENT")
    lines.append(f"SUMMARY:{escape_text(summary)}")
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    if url:
        lines.append(f"URL:{url}")
    lines.append("END:VEVENT")
    return lines


def calendar(name: str, events: Iterable[list[str]]) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape_text(name)}"]
    for item in events:
        lines.extend(item)
    lines.append("END:VCALENDAR")
    return CRLF.join(fold(line) for line in lines) + CRLF


TIME_ONLY, GENERIC, DEADLINE = "time", "generic", "deadline"
LEVELS = (TIME_ONLY, GENERIC, DEADLINE)  # from the least said to the most


def detail_for(case: Any, offices: dict[int, str]) -> str:
    """How much an event of ``case`` may say: the strictest setting of its office and team
    (``offices``: office id → setting); a restricted case never more than the generic label."""
    settings = [offices.get(pk, TIME_ONLY) for pk in (case.office_id, case.team_id) if pk]
    level = min(settings or [TIME_ONLY], key=lambda value: LEVELS.index(value) if value in LEVELS else 0)
    if case.restricted and level == DEADLINE:
        return GENERIC
    return level if level in LEVELS else TIME_ONLY


def _office_settings(cases: Iterable[Any]) -> dict[int, str]:
    from amparo.accounts.models import Office

    ids = {pk for case in cases for pk in (case.office_id, case.team_id) if pk}
    return dict(Office.objects.filter(pk__in=ids).values_list("pk", "calendar_detail"))


def user_calendar(*, deadlines: Iterable[Any], hearings: Iterable[Any], tasks: Iterable[Any], base_url: str,
                  host: str) -> str:
    """The feed of one user, in the active language (the user's own)."""
    deadlines, hearings, tasks = list(deadlines), list(hearings), list(tasks)
    lang = "es" if (get_language() or "en").startswith("es") else "en"
    offices = _office_settings(item.case for item in [*deadlines, *hearings, *tasks])
    stamp = timezone.now()
    items: list[list[str]] = []
    for d in deadlines:
        level, number = detail_for(d.case, offices), d.case_id
        url = f"{base_url}/cases/{number}/" if level != TIME_ONLY else f"{base_url}/cases/due/"
        summary = _("Deadline") if level == TIME_ONLY else _("Deadline — case #%(number)s") % {"number": number}
        description = url
        if level == DEADLINE:
            description = f"{d.label}: {d.rule(lang) or d.source}\n{url}".strip()
        items.append(event(uid=f"deadline-{d.pk}@{host}", summary=summary, description=description, url=url,
                           start=d.due, stamp=stamp))
    for h in hearings:
        level = detail_for(h.case, offices)
        url = f"{base_url}/cases/{h.case_id}/" if level != TIME_ONLY else f"{base_url}/cases/due/"
        hours = 3 if h.kind == "individual" else 1
        title = _("Hearing") if level == TIME_ONLY else _("Hearing — case #%(number)s") % {"number": h.case_id}
        items.append(event(uid=f"hearing-{h.pk}@{host}", summary=title,
                           description=url, url=url, start=h.starts_at, end=h.starts_at + dt.timedelta(hours=hours),
                           stamp=stamp))
    for t in tasks:
        level = detail_for(t.case, offices)
        url = f"{base_url}/cases/{t.case_id}/" if level != TIME_ONLY else f"{base_url}/cases/due/"
        title = _("Task") if level == TIME_ONLY else _("Task — case #%(number)s") % {"number": t.case_id}
        items.append(event(uid=f"task-{t.pk}@{host}", summary=title, description=url, url=url, start=t.due,
                           stamp=stamp))
    return calendar(_("Amparo — deadlines and hearings"), items)
