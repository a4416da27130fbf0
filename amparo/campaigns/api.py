"""Campaigns under /api/v1/ (mounted in amparo/api.py); every endpoint goes through the gate.
Signatures are read-only here, and only for those who may export them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest
from ninja import Router, Schema, Status

from amparo.core.api_errors import invalid_from, one_of, responses
from amparo.core.paging import Limit, Offset
from amparo.core.permissions import can, get_visible_or_404, restrict

from . import services
from .models import Campaign, Organization, Partnership, Petition, Target

router = Router(tags=["campaigns"])


class CampaignPetitionOut(Schema):
    id: int
    title_es: str
    title_en: str
    target: int
    signatures: int
    is_open: bool


class CampaignOut(Schema):
    id: int
    name: str
    kind: one_of(Campaign.Kind)  # type: ignore[valid-type]
    status: one_of(Campaign.Status)  # type: ignore[valid-type]
    starts_on: dt.date
    ends_on: dt.date | None
    goal: str
    description_es: str
    description_en: str
    events: list[int]
    version: int


class CampaignPartnerOut(Schema):
    organization_id: int
    organization: str
    role: one_of(Partnership.Role)  # type: ignore[valid-type]


class CampaignDetailOut(CampaignOut):
    petition: CampaignPetitionOut | None
    turnout_checked_in: int
    turnout_estimated: int
    partners: list[CampaignPartnerOut]
    targets: list[int]


class CampaignIn(Schema):
    name: str
    kind: one_of(Campaign.Kind) = Campaign.Kind.ADVOCACY  # type: ignore[valid-type]
    status: one_of(Campaign.Status) = Campaign.Status.PLANNED  # type: ignore[valid-type]
    starts_on: dt.date
    ends_on: dt.date | None = None
    goal: str = ""
    description_es: str = ""
    description_en: str = ""


class CampaignSignatureOut(Schema):
    id: int
    name: str
    email: str
    phone: str
    postcode: str
    comment: str
    may_contact: bool
    language: str
    times_signed: int
    created_at: dt.datetime
    last_signed_at: dt.datetime


class CampaignOrganizationOut(Schema):
    id: int
    name: str
    kind: one_of(Organization.Kind)  # type: ignore[valid-type]
    website: str
    members: list[int]


class CampaignTargetOut(Schema):
    id: int
    name: str
    kind: one_of(Target.Kind)  # type: ignore[valid-type]
    office: str
    position: one_of(Target.Position)  # type: ignore[valid-type]
    position_since: dt.date | None
    decision_on: dt.date | None
    outcome: str
    campaigns: list[int]


def _out(campaign: Campaign) -> dict[str, Any]:
    return {**{f: getattr(campaign, f) for f in ("id", "name", "kind", "status", "starts_on", "ends_on", "goal",
                                                 "description_es", "description_en", "version")},
            "events": sorted(e.pk for e in campaign.events.all())}


@router.get("/campaigns", response=responses({200: list[CampaignOut]}, 422), summary="Campaigns (50 at a time)")
def list_campaigns(request: HttpRequest, offset: Offset = 0, limit: Limit(50, 200) = 50) -> Any:
    qs = restrict(Campaign.objects.order_by("-starts_on", "pk"), request.user, "view").prefetch_related("events")
    return [_out(c) for c in qs[offset:offset + limit]]


@router.post("/campaigns", response=responses({201: CampaignOut}, 400, 403, 422), summary="Create a campaign",
             description="400: the body is not JSON. 422: a field is missing or wrong (the end before the start).")
def create_campaign(request: HttpRequest, payload: CampaignIn) -> Any:
    if not can(request.user, "create", Campaign):
        raise PermissionDenied
    try:
        campaign = services.create_campaign(by=request.user, **payload.dict())
    except ValidationError as exc:
        raise invalid_from(exc) from exc
    return Status(201, _out(campaign))


@router.get("/campaigns/{campaign_id}", response=responses({200: CampaignDetailOut}, 404, 422),
            summary="A campaign: petition count against its target, turnout, partners, targets")
def get_campaign(request: HttpRequest, campaign_id: int) -> Any:
    campaign = get_visible_or_404(request.user, Campaign.objects.prefetch_related("events"), pk=campaign_id)
    petition = Petition.objects.filter(campaign=campaign).annotate(n=Count("signatures")).first()
    turnout = services.turnout(campaign)
    return {**_out(campaign),
            "petition": None if petition is None else {
                "id": petition.pk, "title_es": petition.title_es, "title_en": petition.title_en,
                "target": petition.target, "signatures": petition.n, "is_open": petition.is_open},
            "turnout_checked_in": turnout.checked_in, "turnout_estimated": turnout.estimated,
            "partners": [{"organization_id": p.organization_id, "organization": p.organization.name, "role": p.role}
                         for p in campaign.partnerships.select_related("organization")],
            "targets": sorted(campaign.targets.values_list("pk", flat=True))}


@router.get("/campaigns/{campaign_id}/signatures", response=responses({200: list[CampaignSignatureOut]}, 403, 404, 422),
            summary="A campaign's petition signatures (read-only; for those who may export them)")
def list_signatures(request: HttpRequest, campaign_id: int, offset: Offset = 0, limit: Limit(100, 1000) = 100) -> Any:
    campaign = get_visible_or_404(request.user, Campaign.objects.all(), pk=campaign_id)
    if not can(request.user, "campaigns.export"):
        raise PermissionDenied
    petition = Petition.objects.filter(campaign=campaign).first()
    if petition is None:
        return []
    return list(restrict(petition.signatures.order_by("pk"), request.user, "view")[offset:offset + limit])


@router.get("/coalitions", response=responses({200: list[CampaignOrganizationOut]}, 422),
            summary="Partner organizations and alliances")
def list_organizations(request: HttpRequest, offset: Offset = 0, limit: Limit(100, 500) = 100) -> Any:
    qs = restrict(Organization.objects.order_by("name", "pk"), request.user, "view").prefetch_related("members")
    return [{"id": o.pk, "name": o.name, "kind": o.kind, "website": o.website,
             "members": sorted(m.pk for m in o.members.all())} for o in qs[offset:offset + limit]]


@router.get("/advocacy-targets", response=responses({200: list[CampaignTargetOut]}, 422),
            summary="Advocacy targets and the center's position")
def list_targets(request: HttpRequest, offset: Offset = 0, limit: Limit(100, 500) = 100) -> Any:
    qs = restrict(Target.objects.order_by("name", "pk"), request.user, "view").prefetch_related("campaigns")
    return [{**{f: getattr(t, f) for f in ("id", "name", "kind", "office", "position", "position_since",
                                           "decision_on", "outcome")},
             "campaigns": sorted(c.pk for c in t.campaigns.all())} for t in qs[offset:offset + limit]]
