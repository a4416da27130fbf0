"""Pages of grants: applications by stage, editing an application and its award, payments received,
deliverables (progress counted from other modules' records, never typed) with their report dates,
reminded by the ``giving.report_reminders`` job."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from amparo.core import paging
from amparo.core.exceptions import ConcurrentEdit
from amparo.core.permissions import can, get_visible_or_404, require, restrict

from . import grants, selectors
from .forms import DeliverableForm, GrantEditForm, GrantForm, PaymentForm, StageForm
from .models import Deliverable, Fund, GrantApplication
from .views import PAGE, _errors, _form_errors


def grant_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "giving.view")
    form = GrantForm(request.POST or None, donors=selectors.donors(request.user))
    if request.method == "POST":
        require(request.user, "giving.manage")
        if form.is_valid():
            try:
                grant = grants.create_grant(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The grant application was added."))
                return redirect(grant)
    stage = request.GET.get("stage", "")
    qs = restrict(GrantApplication.objects.select_related("funder"), request.user, "view")
    if stage in GrantApplication.Stage.values:
        qs = qs.filter(stage=stage)
    page = paging.get_page(Paginator(qs, PAGE), request.GET.get("page"))
    return render(request, "giving/grants.html", {"page": page, "stage": stage, "form": form,
                                                  "stages": GrantApplication.Stage.choices,
                                                  "can_manage": can(request.user, "create", GrantApplication)})


def grant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "giving.view")
    grant = get_visible_or_404(request.user, GrantApplication.objects.select_related("funder", "fund"), pk=pk)
    today = timezone.localdate()
    stage_form = StageForm(initial={"stage": grant.stage, "on": today, "awarded": grant.awarded or None,
                                    "period_start": grant.period_start, "period_end": grant.period_end,
                                    "restrictions": grant.restrictions})
    deliverable_form = DeliverableForm()
    payment_form = PaymentForm(initial={"on": today})
    if request.method == "POST":
        require(request.user, "giving.manage")
        get_visible_or_404(request.user, GrantApplication.objects.all(), pk=pk, action="change")
        step = request.POST.get("form")
        try:
            if step == "stage":
                stage_form = StageForm(request.POST)
                if stage_form.is_valid():
                    data = stage_form.cleaned_data
                    period = ((data["period_start"], data["period_end"])
                              if data["period_start"] and data["period_end"] else None)
                    grants.set_stage(by=request.user, grant=grant, stage=data["stage"], on=data["on"],
                                     awarded=data["awarded"], period=period, restrictions=data["restrictions"])
                    messages.success(request, _("The stage was changed."))
                    return redirect(grant)
            elif step == "payment":
                payment_form = PaymentForm(request.POST)
                if payment_form.is_valid():
                    grants.record_payment(by=request.user, grant=grant, **payment_form.cleaned_data)
                    messages.success(request, _("The payment was recorded."))
                    return redirect(grant)
            else:
                deliverable_form = DeliverableForm(request.POST)
                if deliverable_form.is_valid():
                    grants.add_deliverable(by=request.user, grant=grant, **deliverable_form.cleaned_data)
                    messages.success(request, _("The deliverable was added."))
                    return redirect(grant)
        except ValidationError as exc:
            for message in _errors(exc):
                messages.error(request, message)
    return render(request, "giving/grant.html", {
        "stage_form": stage_form, "deliverable_form": deliverable_form, "payment_form": payment_form,
        "can_manage": can(request.user, "change", grant),
        "grant": grant, "received": grants.received(grant), "payments": grant.payments.all(),
        "deliverables": [grants.progress(d, today=today) for d in grant.deliverables.all()]})


def grant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "giving.manage")
    grant = get_visible_or_404(request.user, GrantApplication.objects.select_related("funder"), pk=pk,
                               action="change")
    donors = selectors.donors(request.user)
    if request.method == "POST":
        form = GrantEditForm(request.POST, donors=donors)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            try:
                grants.update_grant(by=request.user, grant=grant, version=version, **data)
            except ConcurrentEdit:
                form.add_error(None, _("Someone else saved this grant while you were editing. Your changes were "
                                       "not saved: reload the page to see theirs, then make yours again."))
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The grant was saved."))
                return redirect(grant)
    else:
        form = GrantEditForm(donors=donors, initial={
            "funder": grant.funder_id, "title": grant.title, "requested": grant.requested, "due_on": grant.due_on,
            "fund": grant.fund_id, "awarded": grant.awarded, "period_start": grant.period_start,
            "period_end": grant.period_end, "restrictions": grant.restrictions, "version": grant.version})
    form.fields["fund"].queryset = Fund.objects.all()  # type: ignore[attr-defined]
    return render(request, "giving/grant_edit.html", {"form": form, "grant": grant})


def deliverable_edit(request: HttpRequest, pk: int, deliverable: int) -> HttpResponse:
    require(request.user, "giving.manage")
    grant = get_visible_or_404(request.user, GrantApplication.objects.all(), pk=pk, action="change")
    found = get_visible_or_404(request.user, Deliverable.objects.filter(grant=grant), pk=deliverable,
                               action="change")
    form = DeliverableForm(request.POST or None, initial={
        "description": found.description, "metric": found.metric, "target": found.target,
        "report_due": found.report_due})
    if request.method == "POST" and form.is_valid():
        try:
            grants.update_deliverable(by=request.user, deliverable=found, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The deliverable was saved."))
            return redirect(grant)
    return render(request, "giving/deliverable_edit.html", {"form": form, "grant": grant, "deliverable": found})
