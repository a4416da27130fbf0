"""Pages of pledges and recurring gifts: record them from the donor page, see the schedule, and
record a payment against an installment (or a due date of a recurring gift)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amparo.core.permissions import can, get_visible_or_404, require

from . import services
from .forms import InstallmentPaymentForm, PledgeForm, RecurringChangeForm, RecurringForm, RecurringStopForm
from .models import Donation, Donor, Installment, Pledge, RecurringGift
from .views import _form_errors


def pledge_new(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "giving.manage")
    donor = get_visible_or_404(request.user, Donor.objects.all(), pk=pk, action="change")
    form = PledgeForm(request.POST or None, initial={"pledged_on": timezone.localdate(), "installments": 12,
                                                     "frequency": "monthly"})
    if request.method == "POST" and form.is_valid():
        try:
            pledge = services.create_pledge(by=request.user, donor=donor, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The pledge was recorded with its schedule."))
            return redirect("giving:pledge", pk=pledge.pk)
    return render(request, "giving/pledge_new.html", {"form": form, "donor": donor})


def pledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "giving.view")
    pledge = get_visible_or_404(request.user, Pledge.objects.select_related("donor", "fund", "campaign"), pk=pk)
    schedule = services.pledge_schedule(pledge)
    dues = [(str(r["installment"].pk), f"{date_format(r['installment'].due_on, 'DATE_FORMAT')} · "
                                       f"{r['installment'].amount:f}") for r in schedule]
    owed = next((r for r in schedule if r["owed"] > 0), None)
    form = InstallmentPaymentForm(dues=dues, initial={
        "received_on": timezone.localdate(), "due": str(owed["installment"].pk) if owed else None,
        "amount": owed["owed"] if owed else None, "method": "check"})
    if request.method == "POST":
        require(request.user, "giving.manage")
        get_visible_or_404(request.user, Pledge.objects.all(), pk=pk, action="change")
        form = InstallmentPaymentForm(request.POST, dues=dues)
        if form.is_valid():
            data = form.cleaned_data
            installment = Installment.objects.get(pledge=pledge, pk=int(data["due"]))
            try:
                services.pay_installment(by=request.user, installment=installment, received_on=data["received_on"],
                                         method=data["method"], amount=data["amount"], reference=data["reference"])
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The payment was recorded against the installment."))
                return redirect("giving:pledge", pk=pledge.pk)
    paid = sum((r["paid"] for r in schedule), pledge.total * 0)
    gifts = (Donation.objects.filter(pledge=pledge, entry="gift").select_related("installment")
             .order_by("received_on", "pk"))
    return render(request, "giving/pledge.html", {
        "pledge": pledge, "schedule": schedule, "paid": paid, "owed": pledge.total - paid, "gifts": gifts,
        "form": form, "can_manage": can(request.user, "change", pledge)})


def recurring_new(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "giving.manage")
    donor = get_visible_or_404(request.user, Donor.objects.all(), pk=pk, action="change")
    form = RecurringForm(request.POST or None, initial={"starts": timezone.localdate(), "frequency": "monthly",
                                                        "method": "card"})
    if request.method == "POST" and form.is_valid():
        try:
            gift = services.create_recurring(by=request.user, donor=donor, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The recurring gift was recorded."))
            return redirect("giving:recurring", pk=gift.pk)
    return render(request, "giving/recurring_new.html", {"form": form, "donor": donor})


def recurring_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "giving.view")
    gift = get_visible_or_404(request.user, RecurringGift.objects.select_related("donor", "fund"), pk=pk)
    today = timezone.localdate()
    form = InstallmentPaymentForm(initial={"received_on": today, "amount": gift.amount, "method": gift.method})
    del form.fields["due"]
    if request.method == "POST":
        require(request.user, "giving.manage")
        get_visible_or_404(request.user, RecurringGift.objects.all(), pk=pk, action="change")
        form = InstallmentPaymentForm(request.POST)
        del form.fields["due"]
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.pay_recurring(by=request.user, gift=gift, received_on=data["received_on"],
                                       amount=data["amount"], method=data["method"], reference=data["reference"])
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The payment of the recurring gift was recorded."))
                return redirect("giving:recurring", pk=gift.pk)
    return _recurring_page(request, gift, form=form)


def _recurring_page(request: HttpRequest, gift: RecurringGift, *, form: InstallmentPaymentForm | None = None,
                    stop_form: RecurringStopForm | None = None,
                    change_form: RecurringChangeForm | None = None) -> HttpResponse:
    today = timezone.localdate()
    if form is None:
        form = InstallmentPaymentForm(initial={"received_on": today, "amount": gift.amount, "method": gift.method})
        del form.fields["due"]
    return render(request, "giving/recurring.html", {
        "gift": gift, "schedule": services.recurring_schedule(gift, today=today), "form": form,
        "stop_form": stop_form or RecurringStopForm(initial={"last_due": gift.ends or today}, prefix="stop"),
        "change_form": change_form or RecurringChangeForm(initial={"amount": gift.amount}, prefix="change"),
        "successors": RecurringGift.objects.filter(donor_id=gift.donor_id, starts__gt=gift.starts, fund_id=gift.fund_id,
                                                   frequency=gift.frequency).order_by("starts")[:5],
        "can_manage": can(request.user, "change", gift)})


@require_POST
def recurring_stop(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "giving.manage")
    gift = get_visible_or_404(request.user, RecurringGift.objects.select_related("donor", "fund"), pk=pk,
                              action="change")
    form = RecurringStopForm(request.POST, prefix="stop")
    if form.is_valid():
        try:
            services.stop_recurring(by=request.user, gift=gift, last_due=form.cleaned_data["last_due"])
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The recurring gift ends on %(date)s; what was received stays recorded.")
                             % {"date": date_format(gift.ends, "DATE_FORMAT")})
            return redirect("giving:recurring", pk=gift.pk)
    return _recurring_page(request, gift, stop_form=form)


@require_POST
def recurring_change(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "giving.manage")
    gift = get_visible_or_404(request.user, RecurringGift.objects.select_related("donor", "fund"), pk=pk,
                              action="change")
    form = RecurringChangeForm(request.POST, prefix="change")
    if form.is_valid():
        try:
            new = services.change_recurring(by=request.user, gift=gift, amount=form.cleaned_data["amount"],
                                            first_due=form.cleaned_data["first_due"])
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("From %(date)s the gift is %(amount)s; the earlier amount stays on record.")
                             % {"date": date_format(new.starts, "DATE_FORMAT"), "amount": new.amount})
            return redirect("giving:recurring", pk=new.pk)
    return _recurring_page(request, gift, change_form=form)
