"""Reads used by pages, the API, exports and the bench: donors, gifts, retention lists and progress."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Lower

from amparo.core.permissions import restrict
from amparo.people.matching import normalize

from .models import CENT, Campaign, Donation, Donor, Entry, Receipt


def donors(user: Any, query: str = "") -> QuerySet[Donor]:
    """Donors by name (every word of the query in the normalized name, anywhere: a trigram index
    on PostgreSQL) or by exact e-mail, in name order."""
    qs = restrict(Donor.objects.all(), user, "view")
    text = normalize(query)
    if text:
        words = Q()
        for word in text.split()[:6]:
            words &= Q(sort_name__contains=word)
        qs = qs.filter(words | Q(email__iexact=query.strip()))
        # Ordered by an expression no index provides (sort_name is already lower case), so the
        # planner gathers the matches through the trigram index and sorts them, instead of walking
        # the name index until it meets them: names that share a word sit together in name order
        # ("xiomara ..." at the very end), and that walk read 450,000 donors for the first page.
        return qs.order_by(Lower("sort_name"), "pk")
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
    """Lifetime, first and last gift, number of gifts, by year (the last five): one query over the
    donor's rows, answered from the (donor, received_on) index that carries entry and amount."""
    rows = list(Donation.objects.filter(donor=donor).values("received_on__year")
                .annotate(total=Sum("amount"), gifts=Count("pk", filter=Q(entry=Entry.GIFT)),
                          first=Min("received_on", filter=Q(entry=Entry.GIFT)),
                          last=Max("received_on", filter=Q(entry=Entry.GIFT)))
                .order_by("-received_on__year"))
    firsts = [r["first"] for r in rows if r["first"]]
    lasts = [r["last"] for r in rows if r["last"]]
    total = sum((r["total"] for r in rows), Decimal("0")).quantize(CENT)
    return {"first": min(firsts, default=None), "last": max(lasts, default=None), "total": total,
            "gifts": sum(r["gifts"] for r in rows),
            "years": [{"year": r["received_on__year"], "total": r["total"].quantize(CENT)} for r in rows[:5]]}


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
