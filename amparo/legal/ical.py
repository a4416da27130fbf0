"""iCalendar (RFC 5545) written by hand: no dependency, and nothing confidential in it.

Event titles name only the case number ("Deadline — case #123"). The description of a
deadline on an ordinary case carries the deadline and its rule (no names); a restricted
case's events say nothing but where to look.
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


def user_calendar(*, deadlines: Iterable[Any], hearings: Iterable[Any], tasks: Iterable[Any], base_url: str,
                  host: str) -> str:
    """The feed of one user, in the active language (the user's own)."""
    lang = "es" if (get_language() or "en").startswith("es") else "en"
    stamp = timezone.now()
    items: list[list[str]] = []
    for d in deadlines:
        number = d.case_id
        url = f"{base_url}/cases/{number}/"
        description = url
        if not d.case.restricted:
            description = f"{d.label}: {d.rule(lang) or d.source}\n{url}".strip()
        items.append(event(uid=f"deadline-{d.pk}@{host}", summary=_("Deadline — case #%(number)s") % {"number": number},
                           description=description, url=url, start=d.due, stamp=stamp))
    for h in hearings:
        url = f"{base_url}/cases/{h.case_id}/"
        hours = 3 if h.kind == "individual" else 1
        title = _("Hearing — case #%(number)s") % {"number": h.case_id}
        items.append(event(uid=f"hearing-{h.pk}@{host}", summary=title,
                           description=url, url=url, start=h.starts_at, end=h.starts_at + dt.timedelta(hours=hours),
                           stamp=stamp))
    for t in tasks:
        url = f"{base_url}/cases/{t.case_id}/"
        items.append(event(uid=f"task-{t.pk}@{host}", summary=_("Task — case #%(number)s") % {"number": t.case_id},
                           description=url, url=url, start=t.due, stamp=stamp))
    return calendar(_("Amparo — deadlines and hearings"), items)
