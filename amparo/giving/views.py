"""Pages of giving. Thin: the gate, a form, a service, a template.

A donor page shows donor facts only (gifts, receipts, pledges, soft credits): never the linked
person's file, cases, programs or notes, nor whether the donor is a client.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amparo.core import paging
from amparo.core.audit import log_action
from amparo.core.i18n import language
from amparo.core.permissions import can, get_visible_or_404, require, restrict

from . import selectors, services
from .documents import receipts_pdf
from .forms import (
    BatchForm,
    ControlForm,
    CorrectionForm,
    DonationForm,
    DonorForm,
    EntryForm,
    StatementsForm,
)
from .models import (
    Batch,
    BatchEntry,
    Campaign,
    Donation,
    Donor,
    Entry,
    Receipt,
    SoftCredit,
)

PAGE = 25


class CountedPaginator(Paginator):
    """A paginator told its count (already known from another query), so it never counts again."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached property


def _errors(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def _form_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- Donors ---------------------------------------------------------------------------------------

def donor_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "giving.view")
    query = request.GET.get("q", "").strip()[:100]
    donors = selectors.donors(request.user, query)
    number, more = 1, False
    if query:  # no count: a common name matches tens of thousands of donors, counting them costs seconds
        number = paging.page_number(request.GET.get("page"))
        found = list(donors[(number - 1) * PAGE:number * PAGE + 1])
        page: Any = {"object_list": found[:PAGE]}
        more = len(found) > PAGE
    else:
        page = paging.get_page(Paginator(donors, PAGE), request.GET.get("page"))
    return render(request, "giving/donors.html", {
        "page": page, "query": query, "number": number, "more": more,
        "can_manage": can(request.user, "create", Donor),
        "can_export": can(request.user, "giving.export"), "can_receipt": can(request.user, "create", Receipt),
        "statement_form": StatementsForm(initial={"year": timezone.localdate().year - 1})})


def donor_new(request: HttpRequest) -> HttpResponse:
    require(request.user, "giving.manage")
    form = DonorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            donor = services.create_donor(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            return redirect(donor)
    return render(request, "giving/donor_new.html", {"form": form})


def donor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "giving.view")
    donor = get_visible_or_404(request.user, Donor.objects.all(), pk=pk)
    gifts = selectors.gifts_with_net(selectors.donations(request.user, donor=donor))
    summary = selectors.donor_summary(donor)
    page = paging.get_page(CountedPaginator(gifts, PAGE, count=summary["gifts"]), request.GET.get("page"))
    rows = [{"gift": g, "net": selectors.net(g)} for g in page]
    receipts = selectors.receipts(request.user).filter(donor=donor).order_by("-issued_at", "-pk")[:10]
    return render(request, "giving/donor.html", {
        "donor": donor, "page": page, "rows": rows, "summary": summary,
        "receipts": receipts, "pledges": donor.pledges.all()[:10],
        "recurring": donor.recurring_gifts.order_by("-starts")[:10],
        "credits": donor.soft_credits.select_related("donation__donor")[:10],
        "can_manage": can(request.user, "create", Donation)})


# --- Donations ------------------------------------------------------------------------------------

def donation_new(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "giving.manage")
    donor = get_visible_or_404(request.user, Donor.objects.all(), pk=pk, action="change")
    form = DonationForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        credits = []
        if data["honoree"] and data["honoree_kind"]:
            credits.append({"kind": data["honoree_kind"], "name": data["honoree"],
                            "notify_name": data["notify_name"], "notify_address": data["notify_address"]})
        try:
            donation = services.record_donation(
                by=request.user, donor=donor, received_on=data["received_on"], method=data["method"],
                amount=data["amount"], fund=data["fund"], campaign=data["campaign"], reference=data["reference"],
                in_kind_description=data["in_kind_description"], goods_value=data["goods_value"] or "0",
                goods_description=data["goods_description"], soft_credits=credits)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The donation was recorded."))
            return redirect(donation)
    return render(request, "giving/donation_new.html", {"form": form, "donor": donor})


def donation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "giving.view")
    donation = get_visible_or_404(request.user, Donation.objects.select_related("donor", "campaign", "batch"),
                                  pk=pk, entry=Entry.GIFT)
    return render(request, "giving/donation.html", {
        "donation": donation, "net": services.net_amount(donation),
        "corrections": donation.corrections.order_by("pk"),
        "allocations": donation.allocations.select_related("fund"),
        "credits": donation.soft_credits.all(), "receipts": donation.receipts.order_by("pk"),
        "correction_form": CorrectionForm(initial={"on": timezone.localdate()}),
        "can_manage": can(request.user, "change", donation), "can_receipt": can(request.user, "create", Receipt)})


@require_POST
def donation_correct(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "giving.manage")
    donation = get_visible_or_404(request.user, Donation.objects.all(), pk=pk, entry=Entry.GIFT, action="change")
    form = CorrectionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.correct_donation(by=request.user, original=donation, entry=data["entry"], on=data["on"],
                                      reason=data["reason"], amount=data["amount"])
        except ValidationError as exc:
            for message in _errors(exc):
                messages.error(request, message)
        else:
            messages.success(request, _("The correction was recorded; the original gift is kept."))
    else:
        messages.error(request, _("Choose the correction, its date and its reason."))
    return redirect(donation)


@require_POST
def receipt_issue(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "giving.receipts")
    donation = get_visible_or_404(request.user, Donation.objects.all(), pk=pk, entry=Entry.GIFT)
    try:
        receipt = services.issue_receipt(by=request.user, donation=donation)
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
        return redirect(donation)
    return redirect(receipt)


def thanks(request: HttpRequest, pk: int) -> HttpResponse:
    """A thank-you letter in the donor's language, its merge fields filled in."""
    require(request.user, "giving.view")
    donation = get_visible_or_404(request.user, Donation.objects.select_related("donor", "campaign"),
                                  pk=pk, entry=Entry.GIFT)
    donor = donation.donor
    from .acknowledgment import day, money

    with language(donor.language):
        fields = {"salutation": donor.salutation or _("Dear %(name)s,") % {"name": donor.name},
                  "name": donor.name, "amount": money(donation.amount, donor.language),
                  "date": day(donation.received_on, donor.language),
                  "campaign": donation.campaign.name if donation.campaign else _("our work"),
                  "organization": services.organization_name()}
        body = [_("Thank you for your gift of %(amount)s on %(date)s to %(campaign)s.") % fields,
                _("Gifts like yours keep the doors of %(organization)s open to families who need free legal "
                  "help and a place to turn.") % fields,
                _("With gratitude,")]
    return render(request, "giving/thanks.html", {"donation": donation, "fields": fields, "body": body,
                                                  "lang": donor.language})


# --- Families told of a gift in honor or in memory ---------------------------------------------------

def tributes(request: HttpRequest) -> HttpResponse:
    """Gifts in honor or in memory of someone whose family is still to be told (and the last sent)."""
    require(request.user, "giving.view")
    return render(request, "giving/tributes.html", {
        "pending": services.tribute_notices()[:200],
        "sent": services.tribute_notices(pending=False).filter(notified_on__isnull=False)
        .order_by("-notified_on", "-pk")[:20]})


def tribute_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """The notice to the family, ready to print and mail: who gave, in whose honor or memory, never
    the amount. Posting marks it sent."""
    require(request.user, "giving.view")
    credit = get_visible_or_404(request.user, services.tribute_notices(pending=False), pk=pk)
    get_visible_or_404(request.user, Donation.objects.all(), pk=credit.donation_id)
    if request.method == "POST":
        require(request.user, "giving.manage")
        get_visible_or_404(request.user, Donation.objects.all(), pk=credit.donation_id, action="change")
        if services.record_tribute_notice(by=request.user, credit=credit, on=timezone.localdate()):
            messages.success(request, _("The notice is marked as sent."))
        return redirect("giving:tributes")
    donor = credit.donation.donor
    lang = request.GET.get("lang") if request.GET.get("lang") in ("es", "en") else donor.language
    with language(lang if lang in ("es", "en") else "es"):
        fields = {"family": credit.notify_name, "donor": donor.name, "name": credit.name,
                  "organization": services.organization_name()}
        body = [_("Dear %(family)s,") % fields,
                (_("We write to let you know that %(donor)s has made a gift to %(organization)s in memory of "
                   "%(name)s.") if credit.kind == SoftCredit.Kind.MEMORY else
                 _("We write to let you know that %(donor)s has made a gift to %(organization)s in honor of "
                   "%(name)s.")) % fields,
                _("The gift helps families who come to us for free legal help and a place to turn."),
                _("With our thanks,")]
    return render(request, "giving/tribute.html", {"credit": credit, "body": body, "lang": lang,
                                                   "fields": fields, "can_manage": can(request.user, "giving.manage")})


# --- Receipts -------------------------------------------------------------------------------------

def _receipt(request: HttpRequest, code: str) -> Receipt:
    require(request.user, "giving.view")
    parsed = selectors.parse_code(code)
    if parsed is None:
        raise Http404
    return get_visible_or_404(request.user, Receipt.objects.select_related("donor", "donation"),
                              year=parsed[0], number=parsed[1])


def receipt_detail(request: HttpRequest, code: str) -> HttpResponse:
    receipt = _receipt(request, code)
    from .documents import receipt_html

    first = request.GET.get("lang") if request.GET.get("lang") in ("es", "en") else None
    return render(request, "giving/receipt.html", {
        "receipt": receipt, "printed": receipt_html(receipt, copy=receipt.prints > 0, first=first),
        "can_receipt": can(request.user, "create", Receipt)})


def receipt_pdf(request: HttpRequest, code: str) -> HttpResponse:
    receipt = _receipt(request, code)
    require(request.user, "giving.receipts")
    first = request.GET.get("lang") if request.GET.get("lang") in ("es", "en") else None
    copy = services.record_print(by=request.user, receipt=receipt)
    response = HttpResponse(receipts_pdf([(receipt, copy)], first=first), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{receipt.code}.pdf"'
    return response


@require_POST
def receipt_email(request: HttpRequest, code: str) -> HttpResponse:
    receipt = _receipt(request, code)
    require(request.user, "giving.receipts")
    try:
        services.email_receipt(by=request.user, receipt=receipt)
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("The receipt was sent by e-mail."))
    return redirect(receipt)


@require_POST
def statements_run(request: HttpRequest) -> HttpResponse:
    require(request.user, "giving.receipts")
    form = StatementsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the year of the gifts."))
        return redirect("giving:donors")
    from django.db import transaction

    from amparo.core.models import TaskProgress

    from .tasks import year_end_statements

    year = form.cleaned_data["year"]
    progress = TaskProgress.objects.create(owner=request.user, kind="giving.statements", label=f"statements-{year}")
    log_action(action="giving.statement.run", actor=request.user, obj=progress, extra={"year": year})
    transaction.on_commit(lambda: year_end_statements.enqueue(str(progress.pk), year, request.user.pk))
    return redirect("core:task", pk=progress.pk)


@require_POST
def export(request: HttpRequest) -> HttpResponse:
    require(request.user, "giving.export")
    from django.db import transaction

    from amparo.core.models import TaskProgress

    from .tasks import export_giving

    name = "giving.donors" if request.POST.get("what") == "donors" else "giving.donations"
    fmt = "xlsx" if request.POST.get("fmt") == "xlsx" else "csv"
    progress = TaskProgress.objects.create(owner=request.user, kind="giving.export", label=f"{name}.{fmt}")
    log_action(action="giving.export", actor=request.user, obj=progress, extra={"what": name, "fmt": fmt})
    transaction.on_commit(lambda: export_giving.enqueue(str(progress.pk), name, fmt))
    return redirect("core:task", pk=progress.pk)


# --- Batches --------------------------------------------------------------------------------------

def batch_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "giving.view")
    form = BatchForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "giving.manage")
        if form.is_valid():
            try:
                batch = services.create_batch(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                return redirect(batch)
    batches = restrict(Batch.objects.select_related("created_by"), request.user, "view")
    page = paging.get_page(Paginator(batches, PAGE), request.GET.get("page"))
    return render(request, "giving/batches.html", {"page": page, "form": form,
                                                   "can_manage": can(request.user, "create", Batch)})


def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "giving.view")
    batch = get_visible_or_404(request.user, Batch.objects.all(), pk=pk)
    donors = selectors.donors(request.user)
    entry_form = EntryForm(donors=donors, initial={"received_on": timezone.localdate()})
    control_form = ControlForm(initial={"expected_count": batch.expected_count,
                                        "expected_total": batch.expected_total})
    if request.method == "POST":
        require(request.user, "giving.manage")
        if request.POST.get("form") == "control":
            control_form = ControlForm(request.POST)
            if control_form.is_valid():
                services.change_control(by=request.user, batch=batch, **control_form.cleaned_data)
                messages.success(request, _("The control totals were changed."))
                return redirect(batch)
        else:
            entry_form = EntryForm(request.POST, donors=donors)
            if entry_form.is_valid():
                try:
                    services.add_entry(by=request.user, batch=batch, **entry_form.cleaned_data)
                except ValidationError as exc:
                    _form_errors(entry_form, exc)
                else:
                    messages.success(request, _("The gift was added to the batch."))
                    return redirect(batch)
    entries = batch.entries.select_related("donor", "fund", "campaign", "donation")
    count, total = services.batch_totals(batch)
    receipts = (Receipt.objects.filter(donation__batch=batch, kind=Receipt.Kind.GIFT).select_related("donor")
                .order_by("number"))
    return render(request, "giving/batch.html", {
        "batch": batch, "entries": entries, "count": count, "total": total,
        "matches": count == batch.expected_count and total == batch.expected_total,
        "entry_form": entry_form, "control_form": control_form, "receipts": receipts,
        "can_manage": can(request.user, "change", batch), "can_receipt": can(request.user, "create", Receipt)})


@require_POST
def batch_entry_remove(request: HttpRequest, pk: int, entry: int) -> HttpResponse:
    require(request.user, "giving.manage")
    batch = get_visible_or_404(request.user, Batch.objects.all(), pk=pk, action="change")
    found = BatchEntry.objects.filter(batch=batch, pk=entry).first()
    if found is None:
        raise Http404
    try:
        services.remove_entry(by=request.user, entry=found)
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    return redirect(batch)


@require_POST
def batch_post(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "giving.manage")
    batch = get_visible_or_404(request.user, Batch.objects.all(), pk=pk, action="change")
    try:
        posted = services.post_batch(by=request.user, batch=batch)
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("The batch was posted: %(count)s gift(s).") % {"count": len(posted)})
    return redirect(batch)


@require_POST
def batch_receipts(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "giving.receipts")
    batch = get_visible_or_404(request.user, Batch.objects.all(), pk=pk)
    try:
        issued = services.issue_batch_receipts(by=request.user, batch=batch)
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("%(count)s receipt(s) ready to print.") % {"count": len(issued)})
    return redirect(batch)


def batch_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "giving.receipts")
    batch = get_visible_or_404(request.user, Batch.objects.all(), pk=pk)
    first = request.GET.get("lang") if request.GET.get("lang") in ("es", "en") else None
    found = list(Receipt.objects.filter(donation__batch=batch, kind=Receipt.Kind.GIFT).select_related("donor")
                 .order_by("number"))
    if not found:
        raise Http404
    pages = [(r, services.record_print(by=request.user, receipt=r)) for r in found]
    response = HttpResponse(receipts_pdf(pages, first=first), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipts-batch-{batch.pk}.pdf"'
    return response


# --- Campaigns and retention ----------------------------------------------------------------------

def campaign_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "giving.view")
    campaigns = restrict(Campaign.objects.all(), request.user, "view")
    page = paging.get_page(Paginator(campaigns, PAGE), request.GET.get("page"))
    raised = dict(Donation.objects.filter(campaign__in=[c.pk for c in page]).values_list("campaign")
                  .annotate(total=Sum("amount")).values_list("campaign", "total"))
    corrected = dict(Donation.objects.filter(corrects__campaign__in=[c.pk for c in page])
                     .values_list("corrects__campaign").annotate(total=Sum("amount"))
                     .values_list("corrects__campaign", "total"))
    rows = []
    for c in page:
        total = (raised.get(c.pk) or 0) + (corrected.get(c.pk) or 0)
        rows.append({"campaign": c, "raised": total,
                     "percent": int(min(total * 100 / c.goal, 100)) if c.goal else 0})
    return render(request, "giving/campaigns.html", {"page": page, "rows": rows})


def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "giving.view")
    campaign = get_visible_or_404(request.user, Campaign.objects.all(), pk=pk)
    return render(request, "giving/campaign.html", {"campaign": campaign,
                                                    "progress": selectors.campaign_progress(campaign)})


RETENTION = {"lybunt", "sybunt", "first", "lapsed"}


def retention(request: HttpRequest) -> HttpResponse:
    require(request.user, "giving.view")
    kind = request.GET.get("list", "lybunt")
    kind = kind if kind in RETENTION else "lybunt"
    raw = str(request.GET.get("year", "")).strip()
    this_year = timezone.localdate().year
    year = int(raw) if raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= 2100 else this_year
    qs = selectors.retention(request.user, kind, year)
    number = paging.page_number(request.GET.get("page"))
    found = list(qs[(number - 1) * PAGE:number * PAGE + 1])  # no count: it would read every donor
    return render(request, "giving/retention.html", {
        "kind": kind, "year": year, "donors": found[:PAGE], "more": len(found) > PAGE, "number": number,
        "lists": [("lybunt", "LYBUNT"), ("sybunt", "SYBUNT"), ("first", _("First-time donors")),
                  ("lapsed", _("Lapsed donors"))]})
