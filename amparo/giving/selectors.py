"""Reads used by pages, the API, exports and the bench: donors, gifts, retention lists and progress."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Exists, Max, Min, OuterRef, Q, QuerySet, Sum

from amparo.core.permissions import restrict
from amparo.people.matching import normalize

from .models import CENT, Campaign, Donation, Donor, Entry, Receipt


def donors(user: Any, query: str = "") -> QuerySet[Donor]:
    qs = restrict(Donor.objects.all(), user, "view")
    text = normalize(query)
    if text:
        words = Q()
        for word in text.split()[:6]:
            words &= Q(sort_name__contains=word)
        qs = qs.filter(words | Q(email__iexact=query.strip()))
    return qs.order_by("sort_name", "pk")


def donations(user: Any, *, donor: Donor | None = None) -> QuerySet[Donation]:
    qs = restrict(Donation.objects.select_related("donor", "campaign"), user, "view")
    if donor is not None:
        qs = qs.filter(donor=donor)
    return qs.order_by("-received_on", "-pk")


def gifts_with_net(qs: QuerySet[Donation]) -> QuerySet[Donation]:
    return qs.filter(entry=Entry.GIFT).annotate(corrected=Sum("corrections__amount"))


def net(gift: Donation) -> Decimal:
    return (gift.amount + (getattr(gift, "corrected", None) or Decimal("0"))).quantize(CENT)


def donor_summary(donor: Donor) -> dict[str, Any]:
    """Lifetime, first and last gift, by year (the last five): one query each, through indexes."""
    gifts = Donation.objects.filter(donor=donor)
    span = gifts.filter(entry=Entry.GIFT).aggregate(first=Min("received_on"), last=Max("received_on"))
    total = (gifts.aggregate(total=Sum("amount"))["total"] or Decimal("0")).quantize(CENT)
    years = (gifts.values("received_on__year").annotate(total=Sum("amount")).order_by("-received_on__year")[:5])
    return {"first": span["first"], "last": span["last"], "total": total,
            "years": [{"year": y["received_on__year"], "total": y["total"].quantize(CENT)} for y in years]}


def _gave(start: dt.date, end: dt.date) -> Any:
    return Exists(Donation.objects.filter(donor=OuterRef("pk"), entry=Entry.GIFT,
                                          received_on__gte=start, received_on__lte=end))


def retention(user: Any, kind: str, year: int) -> QuerySet[Donor]:
    """LYBUNT (gave last year but not this year), SYBUNT (some earlier year, neither last year nor
    this), first-time (first gift this year), lapsed (nothing in the last two years)."""
    this = (dt.date(year, 1, 1), dt.date(year, 12, 31))
    last = (dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31))
    before = (dt.date(1900, 1, 1), dt.date(year - 2, 12, 31))
    qs = restrict(Donor.objects.all(), user, "view")
    if kind == "lybunt":
        qs = qs.filter(_gave(*last)).exclude(_gave(*this))
    elif kind == "sybunt":
        qs = qs.filter(_gave(*before)).exclude(_gave(*last)).exclude(_gave(*this))
    elif kind == "first":
        qs = qs.filter(_gave(*this)).exclude(_gave(dt.date(1900, 1, 1), dt.date(year - 1, 12, 31)))
    elif kind == "lapsed":
        qs = qs.filter(_gave(dt.date(1900, 1, 1), dt.date(year - 2, 12, 31))).exclude(
            _gave(dt.date(year - 1, 1, 1), dt.date(year, 12, 31)))
    else:
        return qs.none()
    return qs.order_by("sort_name", "pk")


def campaign_progress(campaign: Campaign) -> dict[str, Any]:
    gifts = Donation.objects.filter(Q(campaign=campaign) | Q(corrects__campaign=campaign))
    raised = (gifts.aggregate(total=Sum("amount"))["total"] or Decimal("0")).quantize(CENT)
    by_method = list(gifts.values("method").annotate(total=Sum("amount")).order_by("-total"))
    donors_count = gifts.filter(entry=Entry.GIFT).values("donor").distinct().count()
    percent = int(min(raised / campaign.goal * 100, Decimal("100"))) if campaign.goal > 0 else 0
    return {"raised": raised, "percent": percent, "by_method": by_method, "donors": donors_count}


def receipts(user: Any) -> QuerySet[Receipt]:
    return restrict(Receipt.objects.select_related("donor"), user, "view")


def parse_code(code: str) -> tuple[int, int] | None:
    year, sep, number = code.partition("-")
    if not sep or not (year.isascii() and year.isdigit() and number.isascii() and number.isdigit()):
        return None
    if len(year) != 4 or len(number) > 9:
        return None
    return int(year), int(number)
