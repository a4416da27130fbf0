"""OAI-PMH 2.0 at /oai: published sources and events as Dublin Core (oai_dc).

Verbs: Identify, ListMetadataFormats, ListSets, ListIdentifiers, ListRecords (with
resumption tokens), GetRecord; errors as the protocol defines them. Only public records are
ever listed; a restricted or staff record answers ``idDoesNotExist``, like one that never was.

Identifiers: ``oai:<repository>:source/<identifier>`` and ``oai:<repository>:event/<id>``.
Sets: ``source`` and ``event``, and ``source:<type>`` per source type.
Resumption tokens are signed (they cannot be forged) and carry the position reached.

Deleted records are ``persistent``: a record that was published and is withdrawn (made staff or
restricted, or deleted) is kept as an ``OaiDeleted`` row and listed with ``status="deleted"``
(header only) after the published records, so a harvester removes its copy; republishing it
lists it again as a record. A record that was never published is never named.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from lxml import etree

from .models import Event, OaiDeleted, Source, SourceType
from .policies import published
from .selectors import public_text

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
PAGE_SIZE = 100
TOKEN_SALT = "amparo.archive.oai"
EARLIEST = "2000-01-01T00:00:00Z"
VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
}


class OAIError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def repository_id() -> str:
    return getattr(settings, "AMPARO_OAI_REPOSITORY", "amparo.example.org")


def admin_email() -> str:
    """AMPARO_OAI_ADMIN_EMAIL, else the site's sender if it is a full address (the schema wants a domain)."""
    for candidate in (getattr(settings, "AMPARO_OAI_ADMIN_EMAIL", ""), settings.DEFAULT_FROM_EMAIL):
        if candidate and re.fullmatch(r"\S+@(\S+\.)+\S+", candidate):
            return candidate
    return "archive@amparo.example.org"


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def _stamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_stamp(value: str, *, end: bool) -> tuple[dt.datetime, str]:
    for fmt, granularity in (("%Y-%m-%dT%H:%M:%SZ", "seconds"), ("%Y-%m-%d", "day")):
        try:
            parsed = dt.datetime.strptime(value, fmt).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
        if granularity == "day" and end:
            parsed += dt.timedelta(days=1) - dt.timedelta(microseconds=1)
        elif granularity == "seconds" and end:
            parsed += dt.timedelta(seconds=1) - dt.timedelta(microseconds=1)
        return parsed, granularity
    raise OAIError("badArgument", f"not a UTC datestamp: {value}")


def identifier_for(obj: Source | Event) -> str:
    local = f"source/{obj.identifier}" if isinstance(obj, Source) else f"event/{obj.pk}"
    return f"oai:{repository_id()}:{local}"


def _local(obj: Source | Event) -> tuple[str, str]:
    return ("source", obj.identifier) if isinstance(obj, Source) else ("event", str(obj.pk))


def access_changed(obj: Source | Event, before: str | None, after: str) -> None:
    """Keep the deleted-record list: withdrawn when a published record stops being public."""
    kind, local = _local(obj)
    if after == "public":
        OaiDeleted.objects.filter(kind=kind, local_id=local).delete()
    elif before == "public":
        OaiDeleted.objects.update_or_create(kind=kind, local_id=local, defaults={
            "sets": f" {' '.join(_sets(obj))} ", "datestamp": timezone.now()})


def record_deleted(obj: Source | Event) -> None:
    if obj.access == "public":
        access_changed(obj, "public", "deleted")


def _lookup(identifier: str) -> Source | Event | OaiDeleted:
    prefix = f"oai:{repository_id()}:"
    if identifier.startswith(prefix):
        kind, _sep, local = identifier[len(prefix):].partition("/")
        if kind == "source":
            found = published(Source.objects.select_related("source_type", "place")).filter(identifier=local).first()
        elif kind == "event" and local.isdigit():
            found = published(Event.objects.all()).filter(pk=int(local)).first()
        else:
            found = None
        if found is not None:
            return found
        gone = OaiDeleted.objects.filter(kind=kind, local_id=local).first()
        if gone is not None:
            return gone
    raise OAIError("idDoesNotExist", "No published record has this identifier.")


def _sets(obj: Source | Event) -> list[str]:
    if isinstance(obj, Source):
        return ["source", f"source:{obj.source_type.code}"]
    return ["event"]


def _querysets(args: dict[str, str]) -> list[QuerySet[Any]]:
    sources = published(Source.objects.select_related("source_type", "place")).order_by("updated_at", "pk")
    events = published(Event.objects.prefetch_related("places")).order_by("updated_at", "pk")
    deleted = OaiDeleted.objects.order_by("datestamp", "pk")
    chosen = args.get("set")
    if chosen:
        if chosen == "source":
            events = events.none()
        elif chosen.startswith("source:"):
            if not SourceType.objects.filter(code=chosen[7:]).exists():
                raise OAIError("noRecordsMatch", "No records in this set.")
            sources, events = sources.filter(source_type__code=chosen[7:]), events.none()
        elif chosen == "event":
            sources = sources.none()
        else:
            raise OAIError("noRecordsMatch", "No such set.")
        deleted = deleted.filter(sets__contains=f" {chosen} ")
    if args.get("from"):
        start, _g = _parse_stamp(args["from"], end=False)
        sources, events = sources.filter(updated_at__gte=start), events.filter(updated_at__gte=start)
        deleted = deleted.filter(datestamp__gte=start)
    if args.get("until"):
        until, _g = _parse_stamp(args["until"], end=True)
        sources, events = sources.filter(updated_at__lte=until), events.filter(updated_at__lte=until)
        deleted = deleted.filter(datestamp__lte=until)
    return [sources, events, deleted]


def _header(parent: etree._Element, obj: Source | Event | OaiDeleted) -> None:
    header = etree.SubElement(parent, _q(OAI_NS, "header"))
    if isinstance(obj, OaiDeleted):
        header.set("status", "deleted")
        etree.SubElement(header, _q(OAI_NS, "identifier")).text = f"oai:{repository_id()}:{obj.kind}/{obj.local_id}"
        etree.SubElement(header, _q(OAI_NS, "datestamp")).text = _stamp(obj.datestamp)
        specs = obj.sets.split()
    else:
        etree.SubElement(header, _q(OAI_NS, "identifier")).text = identifier_for(obj)
        etree.SubElement(header, _q(OAI_NS, "datestamp")).text = _stamp(obj.updated_at)
        specs = _sets(obj)
    for spec in specs:
        etree.SubElement(header, _q(OAI_NS, "setSpec")).text = spec


def _dc(parent: etree._Element, obj: Source | Event, request: HttpRequest) -> None:
    metadata = etree.SubElement(parent, _q(OAI_NS, "metadata"))
    root = etree.SubElement(metadata, _q(OAI_DC_NS, "dc"), nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS})
    root.set(_q(XSI_NS, "schemaLocation"), f"{OAI_DC_NS} http://www.openarchives.org/OAI/2.0/oai_dc.xsd")

    def add(name: str, value: str | None) -> None:
        if value:
            etree.SubElement(root, _q(DC_NS, name)).text = value

    if isinstance(obj, Source):
        add("title", public_text(obj, obj.title))
        add("creator", obj.creator)
        add("subject", obj.subject)
        add("description", public_text(obj, obj.text)[:2000])
        add("publisher", obj.outlet or obj.publisher)
        add("date", obj.date)
        add("type", "Text" if obj.source_type.code != "photograph" else "StillImage")
        add("type", obj.source_type.name_en)
        add("format", "text/html")
        add("identifier", obj.identifier)
        add("identifier", request.build_absolute_uri(f"/public/archive/sources/{obj.pk}/"))
        add("language", obj.language)
        add("coverage", str(obj.place) if obj.place_id else obj.coverage)
        add("relation", obj.relation)
        add("rights", obj.rights)
    else:
        add("title", public_text(obj, obj.title))
        add("description", public_text(obj, obj.description)[:2000])
        add("date", "/".join(d for d in (obj.date, obj.end_date) if d))
        add("type", "Event")
        add("identifier", request.build_absolute_uri(f"/public/archive/events/{obj.pk}/"))
        for place in obj.places.all():
            add("coverage", str(place))


def _record(parent: etree._Element, obj: Source | Event | OaiDeleted, request: HttpRequest) -> None:
    record = etree.SubElement(parent, _q(OAI_NS, "record"))
    _header(record, obj)
    if not isinstance(obj, OaiDeleted):  # a deleted record is its header alone
        _dc(record, obj, request)


def _page(args: dict[str, str]) -> tuple[list[Source | Event], int, int, dict[str, Any] | None]:
    state = {"offset": 0}
    if "resumptionToken" in args:
        try:
            state = signing.loads(args["resumptionToken"], salt=TOKEN_SALT, max_age=24 * 3600)
        except signing.BadSignature as exc:
            raise OAIError("badResumptionToken", "The resumption token is invalid or expired.") from exc
        args.update({k: v for k, v in state["args"].items() if v})
    querysets = _querysets(args)
    offset = int(state["offset"])
    counts = [qs.count() for qs in querysets]
    total = sum(counts)
    if total == 0:
        raise OAIError("noRecordsMatch", "No records match.")
    items: list[Any] = []
    before = 0  # records in the lists before this one
    for queryset, count in zip(querysets, counts, strict=True):
        if len(items) < PAGE_SIZE and offset + len(items) < before + count:
            start = offset + len(items) - before
            items += list(queryset[start: start + PAGE_SIZE - len(items)])
        before += count
    following = offset + len(items)
    next_state = None
    if following < total:
        keep = {k: args.get(k, "") for k in ("metadataPrefix", "set", "from", "until")}
        next_state = {"offset": following, "args": keep}
    return items, offset, total, next_state


def _token(parent: etree._Element, offset: int, total: int, next_state: dict[str, Any] | None,
           resumed: bool) -> None:
    if next_state is None and not resumed:
        return
    token = etree.SubElement(parent, _q(OAI_NS, "resumptionToken"))
    token.set("completeListSize", str(total))
    token.set("cursor", str(offset))
    if next_state is not None:
        token.text = signing.dumps(next_state, salt=TOKEN_SALT)
        token.set("expirationDate", _stamp(timezone.now() + dt.timedelta(hours=24)))


def _check(args: dict[str, str]) -> str:
    verb = args.get("verb", "")
    if verb not in VERBS:
        raise OAIError("badVerb", "Illegal or missing verb.")
    required, optional = VERBS[verb]
    given = set(args) - {"verb"}
    if "resumptionToken" in given:
        if given != {"resumptionToken"}:
            raise OAIError("badArgument", "resumptionToken is an exclusive argument.")
        return verb
    if given - required - optional:
        raise OAIError("badArgument", f"Illegal arguments: {', '.join(sorted(given - required - optional))}")
    if required - given:
        raise OAIError("badArgument", f"Missing arguments: {', '.join(sorted(required - given))}")
    if "metadataPrefix" in args and args["metadataPrefix"] != "oai_dc":
        raise OAIError("cannotDisseminateFormat", "Only oai_dc is offered.")
    if args.get("from") and args.get("until"):
        start, g1 = _parse_stamp(args["from"], end=False)
        until, g2 = _parse_stamp(args["until"], end=True)
        if g1 != g2:
            raise OAIError("badArgument", "from and until must have the same granularity.")
        if start > until:
            raise OAIError("badArgument", "from is after until.")
    return verb


def build(request: HttpRequest, args: dict[str, str]) -> bytes:
    root = etree.Element(_q(OAI_NS, "OAI-PMH"), nsmap={None: OAI_NS, "xsi": XSI_NS})
    root.set(_q(XSI_NS, "schemaLocation"), f"{OAI_NS} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd")
    etree.SubElement(root, _q(OAI_NS, "responseDate")).text = _stamp(timezone.now())
    request_el = etree.SubElement(root, _q(OAI_NS, "request"))
    request_el.text = request.build_absolute_uri(request.path)
    try:
        verb = _check(args)
        for key, value in args.items():
            request_el.set(key, value)
        body = etree.Element(_q(OAI_NS, verb))
        if verb == "Identify":
            for tag, text in (("repositoryName", "Amparo human-rights archive"),
                              ("baseURL", request.build_absolute_uri(request.path)), ("protocolVersion", "2.0"),
                              ("adminEmail", admin_email()),
                              ("earliestDatestamp", EARLIEST), ("deletedRecord", "persistent"),
                              ("granularity", "YYYY-MM-DDThh:mm:ssZ")):
                etree.SubElement(body, _q(OAI_NS, tag)).text = text
        elif verb == "ListMetadataFormats":
            if args.get("identifier"):
                _lookup(args["identifier"])
            fmt = etree.SubElement(body, _q(OAI_NS, "metadataFormat"))
            etree.SubElement(fmt, _q(OAI_NS, "metadataPrefix")).text = "oai_dc"
            etree.SubElement(fmt, _q(OAI_NS, "schema")).text = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
            etree.SubElement(fmt, _q(OAI_NS, "metadataNamespace")).text = OAI_DC_NS
        elif verb == "ListSets":
            if "resumptionToken" in args:
                raise OAIError("badResumptionToken", "ListSets is never split.")
            specs = [("source", "Sources"), ("event", "Events")]
            specs += [(f"source:{t.code}", f"Sources: {t.name_en}") for t in SourceType.objects.order_by("code")]
            for spec, name in specs:
                item = etree.SubElement(body, _q(OAI_NS, "set"))
                etree.SubElement(item, _q(OAI_NS, "setSpec")).text = spec
                etree.SubElement(item, _q(OAI_NS, "setName")).text = name
        elif verb == "GetRecord":
            _record(body, _lookup(args["identifier"]), request)
        else:
            items, offset, total, next_state = _page(dict(args))
            for obj in items:
                if verb == "ListIdentifiers":
                    _header(body, obj)
                else:
                    _record(body, obj, request)
            _token(body, offset, total, next_state, "resumptionToken" in args)
        root.append(body)
    except OAIError as error:
        if error.code in ("badVerb", "badArgument"):
            request_el.attrib.clear()
        element = etree.SubElement(root, _q(OAI_NS, "error"), code=error.code)
        element.text = error.message
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@login_not_required
@csrf_exempt
@require_http_methods(["GET", "POST"])
def endpoint(request: HttpRequest) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    args: dict[str, str] = {}
    for key in source:
        values = source.getlist(key)
        if len(values) > 1:
            args = {"verb": "__repeated__"}
            break
        args[key] = values[0]
    if args.get("verb") == "__repeated__":
        args = {"verb": "__repeated__"}
    return HttpResponse(build(request, args), content_type="text/xml; charset=utf-8")
