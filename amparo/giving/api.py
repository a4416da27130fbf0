"""Giving under /api/v1/ (mounted in amparo/api.py); every endpoint goes through the gate.

``POST /donations`` honours ``Idempotency-Key`` (core.idempotency): a retried request records the
gift once and answers the same. Donors are donor facts only: nothing of a linked person's file.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from amparo.core.api_errors import Invalid, caller_language, invalid_from, one_of, responses
from amparo.core.idempotency import idempotent
from amparo.core.paging import Id, Offset
from amparo.core.permissions import get_visible_or_404, require, restrict

from . import selectors, services
from .models import Campaign, Donation, Donor, DonorKind, Entry, Fund, Method, Receipt

router = Router(tags=["giving"])

Money = Annotated[Decimal, Field(gt=0, max_digits=14, decimal_places=2)]
Value = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]
Text = Annotated[str, Field(max_length=300)]


class DonorOut(Schema):
    id: int
    kind: one_of(DonorKind)  # type: ignore[valid-type]
    name: str
    email: str
    language: str


class AllocationOut(Schema):
    fund_id: int
    fund: str
    amount: Decimal


class DonationOut(Schema):
    id: int
    donor_id: int
    donor_name: str
    entry: one_of(Entry)  # type: ignore[valid-type]
    corrects_id: int | None
    received_on: dt.date
    method: one_of(Method)  # type: ignore[valid-type]
    amount: Decimal
    goods_value: Decimal
    campaign_id: int | None
    allocations: list[AllocationOut]
    receipt: str | None


class SplitIn(Schema):
    fund_id: Id
    amount: Money


class DonationIn(Schema):
    donor_id: Id
    received_on: dt.date
    method: one_of(Method)  # type: ignore[valid-type]
    amount: Money
    fund_id: Id | None = None
    splits: list[SplitIn] = Field(default_factory=list, max_length=20)
    campaign_id: Id | None = None
    reference: Annotated[str, Field(max_length=60)] = ""
    in_kind_description: Text = ""
    goods_value: Value = Decimal("0")
    goods_description: Text = ""
    issue_receipt: bool = False


class ReceiptOut(Schema):
    number: str
    kind: one_of(Receipt.Kind)  # type: ignore[valid-type]
    donor_id: int
    donor_name: str
    donation_id: int | None
    amount: Decimal
    deductible: Decimal
    issued_at: dt.datetime
    text_en: list[str]
    text_es: list[str]
    rules_version: str


def donation_out(d: Donation) -> dict[str, Any]:
    receipt = next((r for r in d.receipts.all() if r.kind == Receipt.Kind.GIFT), None)
    return {"id": d.pk, "donor_id": d.donor_id, "donor_name": d.donor.name, "entry": d.entry,
            "corrects_id": d.corrects_id, "received_on": d.received_on, "method": d.method, "amount": d.amount,
            "goods_value": d.goods_value, "campaign_id": d.campaign_id,
            "allocations": [{"fund_id": a.fund_id, "fund": a.fund.name, "amount": a.amount}
                            for a in d.allocations.all()],
            "receipt": receipt.code if receipt else None}


def _donations() -> Any:
    return Donation.objects.select_related("donor").prefetch_related("allocations__fund", "receipts")


@router.get("/donors", response=responses({200: list[DonorOut]}, 404, 422), summary="Donors (50 at a time), by name")
def list_donors(request: HttpRequest, q: Annotated[str, Field(max_length=100)] = "", offset: Offset = 0) -> Any:
    require(request.user, "giving.view")
    return selectors.donors(request.user, q)[offset:offset + 50]


@router.get("/donors/{donor_id}", response=responses({200: DonorOut}, 404, 422), summary="One donor")
def get_donor(request: HttpRequest, donor_id: Id) -> Any:
    require(request.user, "giving.view")
    return get_visible_or_404(request.user, Donor.objects.all(), pk=donor_id)


@router.get("/donations", response=responses({200: list[DonationOut]}, 404, 422),
            summary="Donations and corrections (50 at a time), newest first")
def list_donations(request: HttpRequest, donor: Id | None = None, offset: Offset = 0) -> Any:
    require(request.user, "giving.view")
    qs = restrict(_donations(), request.user, "view")
    if donor is not None:
        qs = qs.filter(donor_id=donor)
    return [donation_out(d) for d in qs.order_by("-received_on", "-pk")[offset:offset + 50]]


@router.get("/donations/{donation_id}", response=responses({200: DonationOut}, 404, 422), summary="One donation")
def get_donation(request: HttpRequest, donation_id: Id) -> Any:
    require(request.user, "giving.view")
    return donation_out(get_visible_or_404(request.user, _donations(), pk=donation_id))


def _record(request: HttpRequest, payload: DonationIn) -> tuple[int, dict[str, Any]]:
    user = request.user
    if payload.issue_receipt:
        require(user, "giving.receipts")
    donor = get_visible_or_404(user, Donor.objects.all(), pk=payload.donor_id)
    funds = restrict(Fund.objects.filter(active=True), user, "view")
    with caller_language(request):
        fund = None
        if payload.fund_id is not None:
            fund = funds.filter(pk=payload.fund_id).first()
            if fund is None:
                raise Invalid({"fund_id": [_("There is no open fund with this number.")]})
        splits = []
        for part in payload.splits:
            found = funds.filter(pk=part.fund_id).first()
            if found is None:
                raise Invalid({"splits": [_("There is no open fund with this number.")]})
            splits.append((found, part.amount))
        campaign = None
        if payload.campaign_id is not None:
            campaign = restrict(Campaign.objects.all(), user, "view").filter(pk=payload.campaign_id).first()
            if campaign is None:
                raise Invalid({"campaign_id": [_("There is no campaign with this number.")]})
        try:
            donation = services.record_donation(
                by=user, donor=donor, received_on=payload.received_on, method=payload.method,
                amount=payload.amount, fund=fund, splits=splits or None, campaign=campaign,
                reference=payload.reference, in_kind_description=payload.in_kind_description,
                goods_value=payload.goods_value, goods_description=payload.goods_description)
            if payload.issue_receipt:
                services.issue_receipt(by=user, donation=donation)
        except ValidationError as exc:
            raise invalid_from(exc) from None
    body = DonationOut(**donation_out(_donations().get(pk=donation.pk))).model_dump(mode="json")
    return 201, body


@router.post("/donations", response=responses({201: DonationOut}, 400, 404, 409, 422),
             summary="Record a donation (send an Idempotency-Key to make a retry safe)")
def create_donation(request: HttpRequest, payload: DonationIn) -> Any:
    require(request.user, "giving.manage")
    status, body = idempotent(request, scope="giving.donation", run=lambda: _record(request, payload))
    return Status(status, body)


@router.get("/receipts/{number}", response=responses({200: ReceiptOut}, 404, 422),
            summary="One receipt by its number (e.g. 2026-000123), with its texts in both languages")
def get_receipt(request: HttpRequest, number: Annotated[str, Field(max_length=20)]) -> Any:
    require(request.user, "giving.view")
    parsed = selectors.parse_code(number)
    if parsed is None:
        from django.http import Http404

        raise Http404
    receipt = get_visible_or_404(request.user, Receipt.objects.select_related("donor"), year=parsed[0],
                                 number=parsed[1])
    return {"number": receipt.code, "kind": receipt.kind, "donor_id": receipt.donor_id,
            "donor_name": receipt.donor.name, "donation_id": receipt.donation_id, "amount": receipt.amount,
            "deductible": receipt.deductible, "issued_at": receipt.issued_at, "text_en": receipt.text_en,
            "text_es": receipt.text_es, "rules_version": receipt.rules_version}
