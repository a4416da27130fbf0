"""The staff side: the portal panel on a case's page posts here. Each view asks the gate for the
case (``portal.manage`` and a right to change the case), calls a service and goes back to the panel."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amparo.core.permissions import CHANGE, get_visible_or_404, require
from amparo.documents.models import ChecklistItem
from amparo.legal.models import Case

from . import services, signin
from .forms import AccessForm, RequestForm, ShareForm, StaffMessageForm
from .models import DocumentRequest, PortalShare


def _case(request: HttpRequest, case_id: int) -> Case:
    require(request.user, "portal.manage")
    return get_visible_or_404(request.user, Case.objects.select_related("client"), action=CHANGE, pk=case_id)


def _back(case: Case) -> HttpResponse:
    return redirect(reverse("legal:detail", args=[case.pk]) + "#portal")


def _errors(request: HttpRequest, form_errors: object) -> None:
    messages.error(request, _("Not saved: %(errors)s") % {"errors": form_errors})


@require_POST
def share(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    form = ShareForm(request.POST, instance=PortalShare.objects.filter(case=case).first() or PortalShare(case=case))
    if form.is_valid():
        share = services.set_share(case=case, by=request.user, fields=form.cleaned_data)
        if share.enabled and case.restricted and not share.restricted_ok:
            messages.warning(request, _("This case is confidential: the client will not see it until you also "
                                        "tick “share although the case is confidential”."))
        else:
            messages.success(request, _("Sharing in the client portal is saved."))
    else:
        _errors(request, form.errors)
    return _back(case)


@require_POST
def access(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    form = AccessForm(request.POST)
    if form.is_valid():
        services.set_access(person=case.client, by=request.user, active=form.cleaned_data["active"],
                            contact_by=form.cleaned_data["contact_by"])
        messages.success(request, _("The client's portal access is saved."))
    else:
        _errors(request, form.errors)
    return _back(case)


@require_POST
def request_document(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    items = ChecklistItem.objects.filter(case=case, status=ChecklistItem.Status.REQUESTED)
    form = RequestForm(request.POST, items=items)
    if form.is_valid():
        item = items.filter(pk=form.cleaned_data["checklist_item"]).first() if form.cleaned_data["checklist_item"] \
            else None
        try:
            services.request_document(case=case, by=request.user, label_es=form.cleaned_data["label_es"],
                                      label_en=form.cleaned_data["label_en"], checklist_item=item)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The request appears in the client's portal."))
    else:
        _errors(request, form.errors)
    return _back(case)


@require_POST
def cancel_request(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "portal.manage")
    wanted = get_visible_or_404(request.user, DocumentRequest.objects.select_related("case"), action=CHANGE, pk=pk)
    services.cancel_request(request=wanted, by=request.user)
    messages.success(request, _("The request was withdrawn."))
    return _back(wanted.case)


@require_POST
def message(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    form = StaffMessageForm(request.POST)
    if form.is_valid():
        services.staff_message(case=case, by=request.user, body=form.cleaned_data["body"])
        messages.success(request, _("Message sent. The client was told only that there is a new message."))
    else:
        _errors(request, form.errors)
    return _back(case)


@require_POST
def code(request: HttpRequest, case_id: int) -> HttpResponse:
    """A code to read out to the client at the desk, shown once."""
    case = _case(request, case_id)
    digits = signin.issue_code_in_person(person=case.client, by=request.user)
    return render(request, "portal/staff/code.html", {"case": case, "digits": digits})
