"""Outreach pages: events, the door's check-in page, drives; and the public pages (registration,
ticket, calendar), which need no account."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from amparo.core import paging
from amparo.core.models import TaskProgress
from amparo.core.permissions import can, get_visible_or_404, require, restrict

from . import drive_import, notify, services
from .forms import BulkCheckInForm, DriveEntryForm, DriveUploadForm, EventForm, PublicRegistrationForm
from .models import Drive, DriveImport, Event, Registrant, Registration


def public_url(kind: str, value: Any) -> str:
    """Addresses of the public pages (kept out of the named URLs the staff walk checks)."""
    return {"event": f"/outreach/p/{value}/", "ticket": f"/outreach/t/{value}/"}[kind]


# --- Events (staff) --------------------------------------------------------------------------------

def events(request: HttpRequest) -> HttpResponse:
    require(request.user, "outreach.view")
    qs = restrict(Event.objects.all(), request.user, "view").annotate(
        n_registered=Count("registrations", distinct=True)).order_by("-starts_at", "pk")
    page = paging.get_page(Paginator(qs, 25), request.GET.get("page"))
    return render(request, "outreach/events.html", {"page": page, "can_create": can(request.user, "create", Event)})


def event_new(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "create", Event):
        raise Http404
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        weeks, starts, ends = data.pop("weeks"), data.pop("starts_at"), data.pop("ends_at")
        try:
            if weeks > 1:
                series = services.create_series(by=request.user, first_starts_at=starts, duration=ends - starts,
                                                weeks=weeks, **data)
                event = series.events.order_by("starts_at").first()
            else:
                event = services.create_event(by=request.user, starts_at=starts, ends_at=ends, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("outreach:event", pk=event.pk)
    return render(request, "outreach/event_new.html", {"form": form})


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_visible_or_404(request.user, Event.objects.all(), pk=pk)
    regs = event.registrations.order_by("status", "given_names", "surnames", "pk")
    page = paging.get_page(Paginator(regs, 100), request.GET.get("page"))
    return render(request, "outreach/event.html", {
        "event": event, "page": page, "counts": services.counts(event), "public_link": public_url("event", event.pk),
        "can_manage": can(request.user, "change", event), "can_checkin": can(request.user, "outreach.checkin"),
        "bulk_form": BulkCheckInForm(initial={"at": timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M")}),
    })


@require_POST
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    reg = get_visible_or_404(request.user, Registration.objects.select_related("event"), action="change", pk=pk)
    services.cancel(registration=reg, by=request.user)
    messages.success(request, _("Registration cancelled; a freed seat goes to the next person waiting."))
    return redirect("outreach:event", pk=reg.event_id)


@require_POST
def bulk_checkin(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_visible_or_404(request.user, Event.objects.all(), action="change", pk=pk)
    form = BulkCheckInForm(request.POST)
    ids = [int(x) for x in request.POST.getlist("registration") if x.isdigit()]
    if form.is_valid() and ids:
        counted = services.bulk_check_in(event=event, registrations=event.registrations.filter(pk__in=ids),
                                         at=form.cleaned_data["at"], by=request.user)
        messages.success(request, _("%(count)s checked in from the paper list.") % {"count": counted})
    else:
        messages.error(request, _("Tick the people on the paper list and give the time of the event."))
    return redirect("outreach:event", pk=event.pk)


# --- Check-in at the door ----------------------------------------------------------------------------

def _door(request: HttpRequest, pk: int) -> Event:
    event = get_visible_or_404(request.user, Event.objects.all(), pk=pk)
    if not can(request.user, "outreach.checkin"):
        raise Http404
    return event


def checkin(request: HttpRequest, pk: int) -> HttpResponse:
    event = _door(request, pk)
    return render(request, "outreach/checkin.html", {
        "event": event, "counts": services.counts(event),
        "roster_url": reverse("outreach:checkin_roster", args=[event.pk]),
        "sync_url": reverse("outreach:checkin_sync", args=[event.pk]),
        "search_url": reverse("outreach:checkin_search", args=[event.pk]),
    })


def checkin_roster(request: HttpRequest, pk: int) -> JsonResponse:
    """Everyone registered, for the phone to keep (IndexedDB) and search with no network."""
    event = _door(request, pk)
    rows = event.registrations.values_list("pk", "given_names", "surnames", "phone", "code", "status",
                                           "checked_in_at")
    return JsonResponse({
        "event": event.pk, "capacity": event.capacity, "counts": services.counts(event),
        "registrations": [{"id": r[0], "name": f"{r[1]} {r[2]}".strip(), "phone": r[3][-4:], "code": r[4],
                           "status": r[5], "checked_in_at": r[6].isoformat() if r[6] else None} for r in rows],
    })


def checkin_search(request: HttpRequest, pk: int) -> HttpResponse:
    """The door's name search, typed letter by letter: one query when someone is found (the
    permission filter rides on it); the event itself is looked up only when nobody is."""
    if not can(request.user, "outreach.checkin"):
        raise Http404
    visible = restrict(Registration.objects.all(), request.user, "view")
    found = services.search_registrations(pk, request.GET.get("q", ""), registrations=visible)
    if not found and not restrict(Event.objects.filter(pk=pk), request.user, "view").exists():
        raise Http404
    return render(request, "outreach/_checkin_results.html", {"found": found})


@require_POST
def checkin_sync(request: HttpRequest, pk: int) -> JsonResponse:
    """The phone's queue of scans: ``{"checkins": [{id, scanned_at, registration|code|walk_in}]}``.
    Each is answered (counted, repeat or refused, with the reason to tell the person)."""
    event = _door(request, pk)
    try:
        items = json.loads(request.body or b"{}").get("checkins", [])
        assert isinstance(items, list)
    except (ValueError, AssertionError, AttributeError):
        return JsonResponse({"detail": _("The check-ins could not be read."), "errors": {}}, status=400)
    answers = []
    for item in items[:500]:
        if not isinstance(item, dict):
            continue
        try:
            answers.append(services.check_in(event=event, item=item, by=request.user,
                                             device=str(request.POST.get("device", ""))).as_dict())
        except ValidationError as exc:
            answers.append({"id": str(item.get("id", "")), "result": "refused",
                            "reason": " ".join(exc.messages), "registration": None, "name": "", "scanned_at": None})
    return JsonResponse({"results": answers, "counts": services.counts(event)})


@login_not_required
def service_worker(request: HttpRequest) -> HttpResponse:
    """The check-in page's service worker, served from /outreach/ so it may keep those pages offline."""
    from django.contrib.staticfiles import finders

    path = finders.find("outreach/sw.js")
    if not path:
        raise Http404
    with open(path, encoding="utf-8") as handle:
        response = HttpResponse(handle.read(), content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response


# --- Drives -------------------------------------------------------------------------------------------

def drives(request: HttpRequest) -> HttpResponse:
    require(request.user, "drives.view")
    qs = restrict(Drive.objects.all(), request.user, "view").annotate(n=Count("registrants")).order_by("-created_at")
    page = paging.get_page(Paginator(qs, 25), request.GET.get("page"))
    return render(request, "outreach/drives.html", {"page": page})


FOLLOW_UPS = {
    "attorney": ("possibly_eligible",),
    "documents": ("unknown",),
}


def drive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    drive = get_visible_or_404(request.user, Drive.objects.all(), pk=pk)
    regs = drive.registrants.exclude(outcome=Registrant.Outcome.REJECTED)
    per_day_site = (regs.values("registered_on", "site__name").annotate(n=Count("pk"))
                    .order_by("-registered_on", "site__name")[:60])
    screening = regs.values("screening_status").annotate(n=Count("pk")).order_by("-n")
    outcomes = drive.registrants.values("outcome").annotate(n=Count("pk")).order_by("outcome")
    follow = request.GET.get("follow", "attorney")
    follow_qs = regs.filter(screening_status__in=FOLLOW_UPS.get(follow, ())).order_by("first_surname", "pk")
    follow_page = paging.get_page(Paginator(follow_qs, 50), request.GET.get("page"))
    imports = drive.imports.select_related("progress").order_by("-created_at")[:10]
    return render(request, "outreach/drive.html", {
        "drive": drive, "per_day_site": per_day_site, "screening": screening, "outcomes": outcomes,
        "follow": follow, "follow_page": follow_page, "imports": imports, "form": DriveUploadForm(),
        "can_manage": can(request.user, "change", drive),
        "statuses": _screening_labels(),
    })


def drive_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """The site form: one registrant per screen, typed by a volunteer. Saving (Enter) matches
    against People, screens, and brings a blank form with the registrant just saved above it;
    the site stays chosen. Open to the drive's managers and to the volunteers who work the
    doors (``outreach.checkin``); whether the person was already in People is said only to
    those who may see the drive's registrants."""
    if not (can(request.user, "drives.manage") or can(request.user, "outreach.checkin")):
        raise Http404
    drive = get_object_or_404(Drive, pk=pk)
    site = request.GET.get("site", "")[:200]
    form = DriveEntryForm(request.POST or None, initial={"site": site, "country_of_birth": drive.country})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reg = drive_import.register_one(drive=drive, values=data, site=data["site"], by=request.user)
        except ValueError:
            form.add_error("entry_date", _("The entry date is before the birth date."))
        else:
            query = urlencode({"last": reg.pk, "site": reg.site.name if reg.site else ""})
            return redirect(f"{reverse('outreach:drive_entry', args=[drive.pk])}?{query}")
    last = None
    if request.method == "GET" and request.GET.get("last", "").isdigit():
        last = drive.registrants.select_related("site").filter(pk=int(request.GET["last"])).first()
    return render(request, "outreach/drive_entry.html", {
        "drive": drive, "form": form, "last": last, "sites": drive.sites.values_list("name", flat=True),
        "entered_today": drive.registrants.filter(source_import=None, registered_on=timezone.localdate()).count(),
        "statuses": _screening_labels(), "show_outcome": can(request.user, "drives.view"),
    })


def _screening_labels() -> dict[str, str]:
    return {"eligible": _("Eligible"), "possibly_eligible": _("Possibly eligible: see an attorney"),
            "not_eligible": _("Not eligible"), "unknown": _("Cannot tell yet: facts or documents missing")}


@require_POST
def drive_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """A file from a site: kept (by its checksum) and its columns shown to be mapped."""
    drive = get_visible_or_404(request.user, Drive.objects.all(), action="change", pk=pk)
    form = DriveUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a CSV or XLSX file."))
        return redirect("outreach:drive", pk=drive.pk)
    upload = form.cleaned_data["file"]
    data = upload.read()
    try:
        drive_import.file_headers(data, upload.name)
    except (drive_import.ImportFileError, ValueError, KeyError, OSError):
        messages.error(request, _("This file cannot be read as CSV (UTF-8) or XLSX."))
        return redirect("outreach:drive", pk=drive.pk)
    from .tasks import upload_path

    digest = drive_import.checksum(data)
    upload_path(digest).write_bytes(data)
    query = urlencode({"name": upload.name[:255]})
    return redirect(f"{reverse('outreach:drive_columns', args=[drive.pk, digest])}?{query}")


COLUMN_LABELS = {
    "given_names": _lazy("given names"), "first_surname": _lazy("first surname"),
    "second_surname": _lazy("second surname"), "birth_date": _lazy("birth date"),
    "country_of_birth": _lazy("country of birth"), "phone": _lazy("phone"), "email": _lazy("email"),
    "address": _lazy("address"), "city": _lazy("city"), "postcode": _lazy("postcode"),
    "entry_date": _lazy("entry date"), "site": _lazy("site"), "registered_on": _lazy("registered on"),
}


def drive_columns(request: HttpRequest, pk: int, digest: str) -> HttpResponse:
    """The file's columns, each with the drive's column it goes to: proposed from the mapping
    confirmed for this drive before (else from English or Spanish header names), changed if
    need be, then confirmed; the confirmed mapping is kept on the drive for the next file."""
    drive = get_visible_or_404(request.user, Drive.objects.all(), action="change", pk=pk)
    from .tasks import import_drive_file, upload_path

    if not re.fullmatch(r"[0-9a-f]{64}", digest) or not upload_path(digest).is_file():
        raise Http404
    data = upload_path(digest).read_bytes()
    filename = Path(request.GET.get("name", "") or "drive.csv").name[:255]
    headers, sample = drive_import.file_headers(data, filename)
    chosen = drive_import.suggest_mapping(headers, drive.column_mapping)
    error = ""
    if request.method == "POST":
        chosen = {h: request.POST.get(f"col{i}", "") for i, h in enumerate(headers)}
        chosen = {h: c if c in drive_import.COLUMNS else "" for h, c in chosen.items()}
        try:
            columns = drive_import.check_mapping(chosen)
        except drive_import.ImportFileError:
            error = _("Map at least a name column (given names or first surname), and each column of the drive "
                      "only once.")
        else:
            with transaction.atomic():
                saved = {**drive.column_mapping, **{drive_import.header_key(h): c for h, c in chosen.items()}}
                Drive.objects.filter(pk=drive.pk).update(column_mapping=saved)
                imp = drive_import.start_import(drive=drive, data=data, filename=filename, by=request.user,
                                                columns=columns)
                if imp.status == DriveImport.Status.DONE:
                    messages.info(request, _("This file was already imported into this drive."))
                    return redirect("outreach:drive", pk=drive.pk)
                progress = TaskProgress.objects.create(owner=request.user, kind="outreach.drive_import",
                                                       label=_("Drive import: %(file)s") % {"file": imp.filename})
                DriveImport.objects.filter(pk=imp.pk).update(progress=progress)
                transaction.on_commit(lambda: import_drive_file.enqueue(str(progress.pk), imp.pk))
            return redirect("outreach:drive", pk=drive.pk)
    rows = [{"index": i, "header": h, "chosen": chosen.get(h, ""), "sample": [r[i] for r in sample if i < len(r)]}
            for i, h in enumerate(headers)]
    return render(request, "outreach/drive_columns.html", {
        "drive": drive, "rows": rows, "filename": filename, "error": error,
        "choices": list(COLUMN_LABELS.items()), "remembered": bool(drive.column_mapping)})


def drive_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The live bar of the drive's running imports (htmx polls it)."""
    drive = get_visible_or_404(request.user, Drive.objects.all(), pk=pk)
    imports = drive.imports.select_related("progress").order_by("-created_at")[:10]
    return render(request, "outreach/_drive_imports.html", {"drive": drive, "imports": imports})


# --- Public pages ----------------------------------------------------------------------------------

def _spanish_first(request: HttpRequest) -> str:
    chosen = request.GET.get("lang") or request.COOKIES.get("django_language") or "es"
    return chosen if chosen in ("es", "en") else "es"


def _rate_limited(request: HttpRequest, what: str, limit: int = 10, seconds: int = 600) -> bool:
    address = request.META.get("REMOTE_ADDR", "")
    key = f"outreach:{what}:{address}"
    count = cache.get(key, 0)
    if count >= limit:
        return True
    cache.set(key, count + 1, seconds)
    return False


def _public_event(pk: int) -> Event:
    return get_object_or_404(Event, pk=pk, public=True)


@login_not_required
def public_event(request: HttpRequest, pk: int) -> HttpResponse:
    lang = _spanish_first(request)
    with translation.override(lang):
        event = _public_event(pk)
        form = PublicRegistrationForm(request.POST or None)
        status = 200
        if request.method == "POST":
            if _rate_limited(request, "register"):
                form.add_error(None, _("Too many registrations from this connection. Try again in a few minutes."))
                status = 429
            elif form.is_valid() and not form.cleaned_data.get("website"):
                if event.starts_at < timezone.now() - dt.timedelta(hours=6):
                    form.add_error(None, _("This event has already taken place."))
                else:
                    d = form.cleaned_data
                    try:
                        reg = services.register(event=event, given_names=d["given_names"], surnames=d["surnames"],
                                                phone=d["phone"], email=d["email"], language=lang)
                    except ValidationError as exc:
                        form.add_error(None, exc)
                    else:
                        return redirect(public_url("ticket", reg.code) + f"?lang={lang}")
        left = services.seats_left(event)
        response = render(request, "outreach/public_event.html", {
            "event": event, "form": form, "seats_left": left, "when": notify.when_text(event), "lang": lang,
            "other_lang": "en" if lang == "es" else "es"}, status=status)
        response.headers["Content-Language"] = lang
        return response


@login_not_required
def public_ticket(request: HttpRequest, code: str) -> HttpResponse:
    lang = _spanish_first(request)
    with translation.override(lang):
        reg = get_object_or_404(Registration.objects.select_related("event"), code=code.upper())
        if request.method == "POST":
            if _rate_limited(request, "ticket", limit=30):
                return HttpResponse(status=429)
            action = request.POST.get("action")
            try:
                if action == "accept":
                    services.accept_offer(registration=reg)
                elif action == "cancel":
                    services.cancel(registration=reg)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            return redirect(public_url("ticket", reg.code) + f"?lang={lang}")
        return render(request, "outreach/public_ticket.html", {
            "reg": reg, "event": reg.event, "when": notify.when_text(reg.event), "lang": lang,
            "qr": notify.ticket_svg(reg) if reg.status == Registration.Status.REGISTERED else "",
            "ics_url": f"/outreach/p/{reg.event_id}/event.ics"})


@login_not_required
def public_event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = _public_event(pk)
    response = HttpResponse(notify.calendar([event], event.title), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="event.ics"'
    return response


def _upcoming() -> list[Event]:
    since = timezone.now() - dt.timedelta(days=1)
    return list(Event.objects.filter(public=True, starts_at__gte=since).order_by("starts_at", "pk")[:200])


@login_not_required
def public_calendar(request: HttpRequest) -> HttpResponse:
    lang = _spanish_first(request)
    with translation.override(lang):
        return render(request, "outreach/public_calendar.html", {
            "events": [(e, notify.when_text(e), public_url("event", e.pk)) for e in _upcoming()], "lang": lang})


@login_not_required
def public_calendar_ics(request: HttpRequest) -> HttpResponse:
    from django.conf import settings

    return HttpResponse(notify.calendar(_upcoming(), settings.AMPARO_CENTER_NAME),
                        content_type="text/calendar; charset=utf-8")


@login_not_required
def public_calendar_rss(request: HttpRequest) -> HttpResponse:
    from django.conf import settings
    from django.utils.feedgenerator import Rss201rev2Feed

    base = settings.AMPARO_SITE_URL.rstrip("/")
    with translation.override(_spanish_first(request)):
        feed = Rss201rev2Feed(title=settings.AMPARO_CENTER_NAME, link=f"{base}/outreach/calendar/",
                              description=_("Upcoming events"), language=translation.get_language())
        for event in _upcoming():
            feed.add_item(title=event.title, link=f"{base}{public_url('event', event.pk)}",
                          description=f"{notify.when_text(event)} · {event.place or event.online_url}",
                          unique_id=f"{base}{public_url('event', event.pk)}", pubdate=event.created_at)
        return HttpResponse(feed.writeString("utf-8"), content_type="application/rss+xml; charset=utf-8")
