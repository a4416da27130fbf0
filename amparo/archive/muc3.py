"""Reading one MUC-3 news report (XHTML with Dublin Core metadata) into plain data.

The head carries ``DC.identifier``, ``DC.date`` and ``DC.coverage``; the first paragraph
names the item and its feed; the second starts with the dateline, e.g.
``SAN SALVADOR, 3 JAN 90 (ACAN-EFE) -- [TEXT] ...`` or ``MEXICO CITY (MEXICO), 12 NOV 89 (EFE)``.
The outlet is the name in brackets after the date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

XHTML = "{http://www.w3.org/1999/xhtml}"
MONTHS = {m: i for i, m in enumerate(
    ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], start=1)}
DATELINE = re.compile(
    r"^\s*(?P<place>[^,(\[]+?)\s*(?:\((?P<country>[^)]*)\))?\s*,\s*"
    r"(?P<date>\d{1,2}\s+[A-Z]{3,9}\s+\d{2}|NO DATE)\s*"
    r"(?:\((?P<outlet>(?:[^()\[\]]|\[[^\]]*\])*)[)\]]|\[(?P<outlet2>[^)\]]*)[)\]])?\s*--\s*(?P<rest>.*)$",
    re.DOTALL,
)
BRACKETS = re.compile(r"^(?:\s*\[[^\]]*\])+\s*")


class BadReport(ValueError):
    """The file is not a MUC-3 report we can read; the message says why."""


@dataclass
class Report:
    identifier: str
    date: str  # YYYY-MM-DD or ""
    coverage: str
    place: str
    country: str
    outlet: str
    title: str
    text: str
    feed: str
    content_hash: str


def _date_from_dateline(value: str) -> str:
    match = re.match(r"(\d{1,2})\s+([A-Z]{3})[A-Z]*\s+(\d{2})", value)
    if not match or match[2] not in MONTHS:
        return ""
    year = 1900 + int(match[3])
    try:
        return dt.date(year, MONTHS[match[2]], int(match[1])).isoformat()
    except ValueError:
        return ""


def lead(text: str, limit: int = 140, *, at_least: int = 50) -> str:
    """The first sentence (or sentences, while shorter than ``at_least``), cut at ``limit``."""
    sentence = ""
    for part in re.split(r"(?<=[.!?])\s", text.strip()):
        sentence = f"{sentence} {part}".strip()
        if len(sentence) >= at_least:
            break
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0] + "…"


def parse(path: Path) -> Report:
    raw = path.read_bytes()
    try:
        root = etree.fromstring(raw, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise BadReport(f"not well-formed XHTML: {exc}") from exc
    meta = {m.get("name"): (m.get("content") or "").strip() for m in root.iter(f"{XHTML}meta") if m.get("name")}
    identifier = meta.get("DC.identifier", "")
    if not re.fullmatch(r"[A-Za-z0-9._:-]{1,100}", identifier):
        raise BadReport("no DC.identifier")
    paragraphs = [" ".join("".join(p.itertext()).split()) for p in root.iter(f"{XHTML}p")]
    paragraphs = [p for p in paragraphs if p]
    if len(paragraphs) < 2:
        raise BadReport("no text")
    feed = paragraphs[0]
    body = paragraphs[1:]
    match = DATELINE.match(body[0])
    place = country = outlet = ""
    date = meta.get("DC.date", "")
    if date and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise BadReport(f"DC.date is not a date: {date!r}")
    first = body[0]
    if match:
        place, country = match["place"].strip(), (match["country"] or "").strip()
        outlet = " ".join((match["outlet"] or match["outlet2"] or "").split())
        if not date and match["date"] != "NO DATE":
            date = _date_from_dateline(match["date"])
        first = match["rest"]
    title_text = BRACKETS.sub("", first)
    title = lead(title_text) or identifier
    return Report(
        identifier=identifier, date=date, coverage=meta.get("DC.coverage", ""), place=place,
        country=country, outlet=outlet, title=title, text="\n\n".join(body), feed=feed,
        content_hash=hashlib.sha256(raw).hexdigest(),
    )
