"""The client's pages: sign-in by code, home, sending documents, messages, letters, quick exit.

Every page is ``@login_not_required`` (staff sign-in does not apply) and goes through the portal's
own decorators (``session.portal_page`` / ``portal_public``). Every query is scoped to the
signed-in person through ``selectors``; another client's ids answer 404.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from amparo.core.audit import log_action
from amparo.core.middleware import client_ip
from amparo.documents.downloads import serve
from amparo.giving import documents as giving_documents
from amparo.giving import services as giving
from amparo.outreach import notify as outreach_notify
from amparo.outreach.models import Registration

from . import plain, selectors, services, signin
from .forms import AddressForm, CodeForm, MessageForm, PhotosForm
from .session import LANG, LANGUAGES, PENDING, portal_page, portal_public, sign_in, sign_out


def _render(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    context.setdefault("person", getattr(request, "portal_person", None))
    context["exit_url"] = reverse("portal:exit")
    context["idle_seconds"] = settings.AMPARO_PORTAL_IDLE_MINUTES * 60
    return render(request, template, context, status=status)


@portal_public
def sign_in_view(request: HttpRequest) -> HttpResponse:
    if request.portal_person is not None:  # type: ignore[attr-defined]
        return redirect("portal:home")
    form = AddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = signin.request_code(address=form.cleaned_data["address"], ip=client_ip(request))
        if outcome.reason == "limited_address":
            form.add_error(None, _("Too many requests from this connection. Wait 15 minutes and try again."))
        else:
            # The same answer whether the address is known or not.
            request.session[PENDING] = outcome.person_id or 0
            return redirect("portal:code")
    return _render(request, "portal/sign_in.html", {"form": form, "gone": "gone" in request.GET})


@portal_public
def code_view(request: HttpRequest) -> HttpResponse:
    if PENDING not in request.session:
        return redirect("portal:sign_in")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = signin.check_code(person_id=request.session.get(PENDING), digits=form.cleaned_data["code"])
        if check.person is not None:
            sign_in(request, check.person)
            return redirect("portal:home")
        if check.reason == "missing":  # an unknown address: tries are limited all the same
            request.session["portal_tries"] = tries = request.session.get("portal_tries", 0) + 1
            if tries >= settings.AMPARO_PORTAL_CODE_ATTEMPTS:
                check.reason = "locked"
        if check.reason == "locked":
            form.add_error("code", _("Too many wrong tries. Ask for a new code in %(minutes)s minutes.")
                           % {"minutes": settings.AMPARO_PORTAL_LOCK_MINUTES})
        else:
            form.add_error("code", _("That code is not right. Check it and try again."))
    return _render(request, "portal/code.html", {"form": form})


@portal_page
def home(request: HttpRequest) -> HttpResponse:
    person = request.portal_person  # type: ignore[attr-defined]
    shares = list(selectors.shares(person))
    hearings = selectors.next_hearings(person)
    requests = selectors.open_requests(person)
    unread = selectors.unread_by_case(person)
    notes = {s.case_id: s.bring for s in shares if s.bring}
    cases = [{"share": s, "stage": plain.stage(s.case.status) if s.stage else "", "unread": unread.get(s.case_id, 0)}
             for s in shares]
    activities = len(selectors.classes(person, today=timezone.localdate())) + \
        len(selectors.events(person, now=timezone.now()))
    receipts = len(selectors.receipts(person))
    services.record_view(person=person, page="home")
    return _render(request, "portal/home.html", {
        "cases": cases, "single": len(cases) == 1, "activities": activities, "receipts": receipts,
        "hearings": [{"hearing": h, "what": plain.appointment(h.kind),
                      "bring": notes.get(h.case_id) or plain.bring(h.kind)} for h in hearings],
        "requests": [{"request": r, "label": r.label_in(request.LANGUAGE_CODE)} for r in requests],
        "letters": selectors.letters(person),
        "lang": request.LANGUAGE_CODE,
    })


@portal_page
def send_document(request: HttpRequest, request_id: int) -> HttpResponse:
    person = request.portal_person  # type: ignore[attr-defined]
    wanted = selectors.request_of(person, request_id)
    form = PhotosForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.fulfil_request(person=person, request=wanted, uploads=form.cleaned_data["photos"])
        except ValidationError as exc:
            form.add_error("photos", exc)
        else:
            return redirect(reverse("portal:home") + "?sent=1")
    else:
        services.record_view(person=person, page="send", obj=wanted)
    return _render(request, "portal/send.html", {"wanted": wanted, "label": wanted.label_in(request.LANGUAGE_CODE),
                                                 "form": form})


@portal_page
def messages_view(request: HttpRequest, case_id: int) -> HttpResponse:
    person = request.portal_person  # type: ignore[attr-defined]
    share = selectors.share_of(person, case_id, part="messages")
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.client_message(person=person, case=share.case, body=form.cleaned_data["body"])
        except ValidationError as exc:
            form.add_error("body", exc)
        else:
            return redirect(reverse("portal:messages", args=[share.case_id]) + "?sent=1")
    services.mark_read(person=person, case=share.case)
    services.record_view(person=person, page="messages", obj=share.case)
    return _render(request, "portal/messages.html", {"share": share, "form": form,
                                                     "messages": selectors.messages(person, share.case),
                                                     "sent": "sent" in request.GET})


@portal_page
def letter(request: HttpRequest, document_id: int) -> HttpResponse:
    person = request.portal_person  # type: ignore[attr-defined]
    document = selectors.letter_of(person, document_id)
    version = document.versions.order_by("-number").first()
    if version is None:
        raise Http404
    services.record_view(person=person, page="letter", obj=document)
    return serve(user=None, document=document, version=version, channel="portal")


@portal_page
def activities(request: HttpRequest) -> HttpResponse:
    """Classes and events the client is signed up for, each event seat with its QR ticket (the one the
    confirmation e-mail and the public ticket page carry, scanned at the door)."""
    person = request.portal_person  # type: ignore[attr-defined]
    today = timezone.localdate()
    registrations = selectors.events(person, now=timezone.now())
    services.record_view(person=person, page="activities")
    return _render(request, "portal/activities.html", {
        "classes": selectors.classes(person, today=today), "today": today,
        "events": [{"reg": reg, "event": reg.event, "name": plain.event_name(reg.event),
                    "today": timezone.localdate(reg.event.starts_at) == today,
                    "qr": outreach_notify.ticket_svg(reg) if reg.status == Registration.Status.REGISTERED else ""}
                   for reg in registrations],
    })


@portal_page
def receipts(request: HttpRequest) -> HttpResponse:
    person = request.portal_person  # type: ignore[attr-defined]
    found = selectors.receipts(person)
    services.record_view(person=person, page="receipts")
    return _render(request, "portal/receipts.html", {"receipts": found})


@portal_page
def receipt(request: HttpRequest, receipt_id: int) -> HttpResponse:
    """The receipt's PDF exactly as giving prints it (both languages, the client's first); like every
    print after the first, a second download is marked as a copy."""
    person = request.portal_person  # type: ignore[attr-defined]
    found = selectors.receipt_of(person, receipt_id)
    services.record_view(person=person, page="receipt", obj=found)
    copy = giving.record_print(by=None, receipt=found)
    pdf = giving_documents.receipts_pdf([(found, copy)], first=request.LANGUAGE_CODE)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = pgettext("file name of a donation receipt", "receipt")
    response["Content-Disposition"] = f'attachment; filename="{name}-{found.code}.pdf"'
    return response


@require_POST
@portal_public
def sign_out_view(request: HttpRequest) -> HttpResponse:
    person = request.portal_person  # type: ignore[attr-defined]
    if person is not None:
        log_action(action="portal.signout", obj=person)
    sign_out(request)
    return redirect("portal:sign_in")


@portal_public
def exit_view(request: HttpRequest) -> HttpResponse:
    """The quick exit: forget the portal here and leave for a neutral site (the page's script uses
    ``location.replace``, so this page is not left in the browser's history)."""
    person = request.portal_person  # type: ignore[attr-defined]
    if person is not None:
        log_action(action="portal.exit", obj=person)
    sign_out(request)
    return HttpResponseRedirect(settings.AMPARO_PORTAL_EXIT_URL)


@portal_public
def language(request: HttpRequest) -> HttpResponse:
    chosen = request.GET.get("lang", "")
    if chosen in LANGUAGES:
        request.session[LANG] = chosen
    target = request.GET.get("next") or reverse("portal:home")
    if not target.startswith("/portal/") or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = reverse("portal:home")
    return redirect(target)
