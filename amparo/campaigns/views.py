"""Campaign pages for staff (campaigns, coalitions and partners, advocacy targets) and the public
petition page, which needs no account."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amparo.core import exports, paging
from amparo.core.audit import log_action
from amparo.core.exceptions import ConcurrentEdit
from amparo.core.permissions import can, get_visible_or_404, require, restrict

# The public pages' rate limit is the one the public event registration uses.
from amparo.outreach.views import _rate_limited, _spanish_first

from . import services
from .forms import (
    ActionForm,
    CampaignForm,
    ContactForm,
    EstimateForm,
    MaterialForm,
    MeetingForm,
    OrganizationForm,
    PartnerForm,
    PetitionForm,
    SignatureForm,
    TargetForm,
)
from .models import Campaign, Material, Organization, Petition, Target


def public_url(petition_id: int) -> str:
    """The petition's public page (kept out of the named URLs the staff walk checks)."""
    return f"/campaigns/firme/{petition_id}/"


def _form_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc)


# --- Campaigns ---------------------------------------------------------------------------------------

def campaign_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "campaigns.view")
    qs = restrict(Campaign.objects.all(), request.user, "view").select_related("petition").annotate(
        n_signatures=Count("petition__signatures", distinct=True), n_events=Count("events", distinct=True),
    ).order_by("-starts_on", "pk")
    page = paging.get_page(Paginator(qs, 25), request.GET.get("page"))
    return render(request, "campaigns/list.html", {"page": page, "can_create": can(request.user, "create", Campaign)})


def campaign_new(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "create", Campaign):
        raise Http404
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            campaign = services.create_campaign(by=request.user, **data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The campaign was created."))
            return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, "campaigns/edit.html", {"form": form, "title": _("New campaign")})


def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_visible_or_404(request.user, Campaign.objects.all(), action="change", pk=pk)
    form = CampaignForm(request.POST or None, instance=campaign,
                        initial={"events": list(campaign.events.values_list("pk", flat=True))})
    version = request.POST.get("version", campaign.version)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.CAMPAIGN_FIELDS}
        try:
            services.update_campaign(by=request.user, campaign=campaign, version=int(version),
                                     events=form.cleaned_data["events"], **data)
        except (ConcurrentEdit, ValueError):
            form.add_error(None, _("Someone else saved this campaign while you were editing. Your changes were "
                                   "not saved: reload the page to see theirs, then make yours again."))
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The campaign was saved."))
            return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, "campaigns/edit.html", {"form": form, "title": campaign.name, "campaign": campaign,
                                                   "version": version})


def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_visible_or_404(request.user, Campaign.objects.all(), pk=pk)
    petition = Petition.objects.filter(campaign=campaign).first()
    count = services.signature_count(petition) if petition else 0
    manage = can(request.user, "change", campaign)
    return render(request, "campaigns/detail.html", {
        "campaign": campaign, "petition": petition, "signatures": count,
        "percent": min(100, round(100 * count / petition.target)) if petition and petition.target else 0,
        "public_link": public_url(petition.pk) if petition else "",
        "turnout": services.turnout(campaign),
        "events": campaign.events.annotate(n_checked=Count("registrations__checked_in_at")).order_by("starts_at"),
        "actions": campaign.actions.all(), "estimates": campaign.estimates.all(),
        "materials": campaign.materials.all(),
        "partners": campaign.partnerships.select_related("organization"),
        "targets": campaign.targets.all(),
        "can_manage": manage, "can_export": can(request.user, "campaigns.export"),
        "action_form": ActionForm(initial={"on": timezone.localdate()}) if manage else None,
        "estimate_form": EstimateForm(initial={"on": timezone.localdate()}) if manage else None,
        "material_form": MaterialForm() if manage else None,
        "partner_form": PartnerForm() if manage else None,
    })


def _campaign_post(request: HttpRequest, pk: int) -> Campaign:
    return get_visible_or_404(request.user, Campaign.objects.all(), action="change", pk=pk)


def _added(request: HttpRequest, campaign: Campaign | None, form: forms.BaseForm, save: Any, done: str,
           back: Any = None) -> HttpResponse:
    """A small form of a page (the campaign's, an organization's, a target's): saved, or its errors
    said on the page it came from."""
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, done)
    else:
        for field, errs in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errs)}" if label else " ".join(errs))
    return back or redirect("campaigns:detail", pk=campaign.pk)  # type: ignore[union-attr]


@require_POST
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign_post(request, pk)
    return _added(request, campaign, ActionForm(request.POST),
                  lambda d: services.add_action(by=request.user, campaign=campaign, **d), _("The action was recorded."))


@require_POST
def estimate_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign_post(request, pk)
    return _added(request, campaign, EstimateForm(request.POST),
                  lambda d: services.add_estimate(by=request.user, campaign=campaign, **d),
                  _("The estimate was recorded."))


@require_POST
def material_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign_post(request, pk)
    return _added(request, campaign, MaterialForm(request.POST, request.FILES),
                  lambda d: services.add_material(by=request.user, campaign=campaign, **d),
                  _("The material was added."))


@require_POST
def partner_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign_post(request, pk)
    return _added(request, campaign, PartnerForm(request.POST),
                  lambda d: services.set_partner(by=request.user, campaign=campaign, **d),
                  _("The partner's role was recorded."))


def material_file(request: HttpRequest, pk: int) -> FileResponse:
    material = get_visible_or_404(request.user, Material.objects.all(), pk=pk)
    if not material.file:
        raise Http404
    return FileResponse(material.file.open("rb"), as_attachment=True, filename=material.file.name.rsplit("/", 1)[-1])


def petition_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign_post(request, pk)
    petition = Petition.objects.filter(campaign=campaign).first()
    form = PetitionForm(request.POST or None, instance=petition or Petition(campaign=campaign))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_petition(by=request.user, campaign=campaign,
                                   **{k: form.cleaned_data[k] for k in services.PETITION_FIELDS})
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The petition was saved."))
            return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, "campaigns/edit.html", {"form": form, "campaign": campaign,
                                                   "title": _("Petition of %(name)s") % {"name": campaign.name}})


def signatures(request: HttpRequest, pk: int) -> HttpResponse:
    petition = get_visible_or_404(request.user, Petition.objects.select_related("campaign"), pk=pk)
    require(request.user, "campaigns.export")
    qs = restrict(petition.signatures.order_by("-last_signed_at", "-pk"), request.user, "view")
    page = paging.get_page(Paginator(qs, 50), request.GET.get("page"))
    return render(request, "campaigns/signatures.html", {"petition": petition, "page": page,
                                                         "count": services.signature_count(petition)})


def signatures_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    petition = get_visible_or_404(request.user, Petition.objects.all(), pk=pk)
    require(request.user, "campaigns.export")
    log_action(action="petition.export", actor=request.user, obj=petition, extra={"fmt": "csv"})
    response = StreamingHttpResponse(exports.get("campaigns.signatures").stream_csv(request.user,
                                                                                    {"petition": petition.pk}),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="signatures-{petition.pk}.csv"'
    return response


# --- Coalitions and partners -------------------------------------------------------------------------

def organizations(request: HttpRequest) -> HttpResponse:
    require(request.user, "campaigns.view")
    qs = restrict(Organization.objects.all(), request.user, "view").annotate(
        n_campaigns=Count("partnerships", distinct=True), n_members=Count("members", distinct=True)).order_by("name")
    page = paging.get_page(Paginator(qs, 50), request.GET.get("page"))
    return render(request, "campaigns/organizations.html", {
        "page": page, "can_create": can(request.user, "create", Organization)})


def _edit(request: HttpRequest, model: Any, pk: int | None, form_class: Any, many: str, save: Any, *,
          done: str, new_title: str, url_name: str) -> HttpResponse:
    """The page that creates or changes an organization or a target (``many``: its many-to-many field)."""
    obj = get_visible_or_404(request.user, model.objects.all(), action="change", pk=pk) if pk else None
    if obj is None and not can(request.user, "create", model):
        raise Http404
    form = form_class(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop(many)
        try:
            obj = save(obj, chosen, data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(url_name, pk=obj.pk)
    return render(request, "campaigns/edit.html", {"form": form, "title": obj.name if obj else new_title})


def organization_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _edit(request, Organization, pk, OrganizationForm, "members",
                 lambda obj, chosen, data: services.save_organization(by=request.user, organization=obj,
                                                                      members=chosen, **data),
                 done=_("The organization was saved."), new_title=_("New organization"),
                 url_name="campaigns:organization")


def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_visible_or_404(request.user, Organization.objects.all(), pk=pk)
    manage = can(request.user, "change", org)
    return render(request, "campaigns/organization.html", {
        "org": org, "contacts": org.contacts.all(), "members": org.members.order_by("name"),
        "alliances": org.alliances.order_by("name"),
        "partnerships": org.partnerships.select_related("campaign").order_by("-campaign__starts_on"),
        "can_manage": manage, "contact_form": ContactForm() if manage else None})


@require_POST
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_visible_or_404(request.user, Organization.objects.all(), action="change", pk=pk)
    return _added(request, None, ContactForm(request.POST),
                  lambda d: services.add_contact(by=request.user, organization=org, **d), _("The contact was added."),
                  back=redirect("campaigns:organization", pk=org.pk))


# --- Advocacy targets ------------------------------------------------------------------------------------

def targets(request: HttpRequest) -> HttpResponse:
    require(request.user, "campaigns.view")
    qs = restrict(Target.objects.all(), request.user, "view").annotate(n_meetings=Count("meetings")).order_by("name")
    page = paging.get_page(Paginator(qs, 50), request.GET.get("page"))
    return render(request, "campaigns/targets.html", {"page": page, "can_create": can(request.user, "create", Target)})


def target_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _edit(request, Target, pk, TargetForm, "campaigns",
                 lambda obj, chosen, data: services.save_target(by=request.user, target=obj, campaigns=chosen, **data),
                 done=_("The target was saved."), new_title=_("New advocacy target"), url_name="campaigns:target")


def target_detail(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_visible_or_404(request.user, Target.objects.all(), pk=pk)
    manage = can(request.user, "change", target)
    return render(request, "campaigns/target.html", {
        "target": target, "meetings": target.meetings.all(), "campaigns": target.campaigns.order_by("-starts_on"),
        "can_manage": manage, "meeting_form": MeetingForm(initial={"on": timezone.localdate()}) if manage else None})


@require_POST
def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_visible_or_404(request.user, Target.objects.all(), action="change", pk=pk)
    return _added(request, None, MeetingForm(request.POST),
                  lambda d: services.add_meeting(by=request.user, target=target, **d), _("The meeting was recorded."),
                  back=redirect("campaigns:target", pk=target.pk))


# --- The public petition page ----------------------------------------------------------------------------

def _public_petition(pk: int) -> Petition:
    return get_object_or_404(Petition.objects.select_related("campaign"), pk=pk)


@login_not_required
def public_petition(request: HttpRequest, pk: int) -> HttpResponse:
    lang = _spanish_first(request)
    with translation.override(lang):
        petition = _public_petition(pk)
        form = SignatureForm(request.POST or None)
        status = 200
        if request.method == "POST":
            if _rate_limited(request, "petition"):
                form.add_error(None, _("Too many signatures from this connection. Try again in a few minutes."))
                status = 429
            elif form.is_valid():
                if form.cleaned_data.get("website"):  # a robot filled the hidden field: thank it, keep nothing
                    return redirect(public_url(petition.pk) + f"?lang={lang}&signed=1")
                d = form.cleaned_data
                try:
                    signed = services.sign(petition=petition, name=d["name"], email=d["email"], phone=d["phone"],
                                           postcode=d["postcode"], comment=d["comment"],
                                           may_contact=d["may_contact"], language=lang)
                except ValidationError as exc:
                    _form_errors(form, exc)
                else:
                    again = "" if signed.new else "&again=1"
                    return redirect(public_url(petition.pk) + f"?lang={lang}&signed=1{again}")
        count = services.signature_count(petition)
        response = render(request, "campaigns/public_petition.html", {
            "petition": petition, "title": petition.title(lang), "text": petition.text(lang), "form": form,
            "count": count, "target": petition.target, "lang": lang, "other_lang": "en" if lang == "es" else "es",
            "percent": min(100, round(100 * count / petition.target)) if petition.target else 0,
            "signed": request.method == "GET" and "signed" in request.GET,
            "again": "again" in request.GET, "count_url": public_url(petition.pk) + f"count/?lang={lang}",
        }, status=status)
        response.headers["Content-Language"] = lang
        return response


@login_not_required
def public_count(request: HttpRequest, pk: int) -> HttpResponse:
    """The live count (htmx polls it): a fragment of the petition page."""
    lang = _spanish_first(request)
    with translation.override(lang):
        petition = _public_petition(pk)
        count = services.signature_count(petition)
        response = render(request, "campaigns/public_petition.html#count", {
            "count": count, "target": petition.target, "count_url": public_url(petition.pk) + f"count/?lang={lang}",
            "percent": min(100, round(100 * count / petition.target)) if petition.target else 0})
        response["Cache-Control"] = "no-cache"
        return response
