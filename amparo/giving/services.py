"""Writes of giving: donors, donations and their corrections, receipts, batches, pledges, recurring
gifts and year-end statements. One transaction and one audit entry each.

Nothing about money is edited or deleted: a correction is a new donation row pointing at the
original; a receipt is never renumbered; a reprint is marked as a copy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from amparo.core.audit import log_action

from . import acknowledgment
from .models import (
    CENT,
    MONTHS,
    Allocation,
    Batch,
    BatchEntry,
    Campaign,
    Donation,
    Donor,
    DonorKind,
    Entry,
    Fund,
    Installment,
    Method,
    Pledge,
    Receipt,
    ReceiptCounter,
    RecurringGift,
    SoftCredit,
    StatementLine,
)


def organization_name() -> str:
    return getattr(settings, "AMPARO_ORGANIZATION_NAME", "") or acknowledgment.ORGANIZATION


def cents(value: Any, field: str = "amount") -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Enter an amount such as 125.50.")}) from None
    if not amount.is_finite() or amount != amount.quantize(CENT):
        raise ValidationError({field: _("Enter an amount to the cent, such as 125.50.")})
    return amount


# --- Donors ---------------------------------------------------------------------------------------

def create_donor(*, by: Any, name: str, kind: str = DonorKind.PERSON, email: str = "", phone: str = "",
                 address: str = "", language: str = "es", salutation: str = "", person: Any = None,
                 household: Donor | None = None) -> Donor:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Enter the donor's name.")})
    if person is not None and kind != DonorKind.PERSON:
        raise ValidationError({"kind": _("A person on file can only be an individual donor.")})
    with transaction.atomic():
        if person is not None and Donor.objects.filter(person=person).exists():
            raise ValidationError({"name": _("This person is already a donor.")})
        donor = Donor.objects.create(kind=kind, name=name, email=email, phone=phone, address=address,
                                     language=language, salutation=salutation, person=person, household=household,
                                     created_by=by)
        log_action(action="giving.donor.create", actor=by, obj=donor)
    return donor


# --- Donations ------------------------------------------------------------------------------------

def _split(amount: Decimal, fund: Fund | None, splits: Sequence[tuple[Fund, Any]] | None) -> list[tuple[Fund, Decimal]]:
    if splits:
        parts = [(f, cents(a, "splits")) for f, a in splits]
        if any(a <= 0 for _f, a in parts):
            raise ValidationError({"splits": _("Each fund's part must be more than zero.")})
        if sum((a for _f, a in parts), Decimal("0")) != amount:
            raise ValidationError({"splits": _("The parts of a split gift must add up to its amount.")})
        return parts
    if fund is None:
        raise ValidationError({"fund": _("Choose the fund the gift goes to.")})
    return [(fund, amount)]


def record_donation(*, by: Any, donor: Donor, received_on: dt.date, method: str, amount: Any,
                    fund: Fund | None = None, splits: Sequence[tuple[Fund, Any]] | None = None,
                    campaign: Campaign | None = None, reference: str = "", in_kind_description: str = "",
                    goods_value: Any = "0", goods_description: str = "",
                    soft_credits: Iterable[dict[str, Any]] = (), pledge: Pledge | None = None,
                    recurring: RecurringGift | None = None, batch: Batch | None = None,
                    audit: bool = True) -> Donation:
    amount = cents(amount)
    goods = cents(goods_value or "0", "goods_value")
    errors: dict[str, str] = {}
    if amount <= 0:
        errors["amount"] = _("A gift must be more than zero.")
    if method not in Method.values:
        errors["method"] = _("Choose how the gift was given.")
    if method == Method.IN_KIND and not in_kind_description.strip():
        errors["in_kind_description"] = _("Describe the goods given.")
    if goods < 0 or goods > amount:
        errors["goods_value"] = _("The value given in return must be between zero and the amount of the gift.")
    if goods > 0 and not goods_description.strip():
        errors["goods_description"] = _("Say what the donor received in return.")
    if errors:
        raise ValidationError(errors)
    parts = _split(amount, fund or (campaign.fund if campaign else None), splits)
    with transaction.atomic():
        donation = Donation.objects.create(
            donor=donor, received_on=received_on, method=method, amount=amount, reference=reference.strip(),
            in_kind_description=in_kind_description.strip(), goods_value=goods,
            goods_description=goods_description.strip(), campaign=campaign, pledge=pledge, recurring=recurring,
            batch=batch, created_by=by)
        Allocation.objects.bulk_create([Allocation(donation=donation, fund=f, amount=a) for f, a in parts])
        SoftCredit.objects.bulk_create([SoftCredit(donation=donation, **credit) for credit in soft_credits])
        if audit:
            log_action(action="giving.donation.record", actor=by, obj=donation,
                       extra={"amount": str(amount), "method": method})
    return donation


def net_amount(donation: Donation) -> Decimal:
    total = donation.corrections.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    return (donation.amount + total).quantize(CENT)


def correct_donation(*, by: Any, original: Donation, entry: str, on: dt.date, reason: str,
                     amount: Any = None, fund: Fund | None = None) -> Donation:
    """An adjustment (``amount`` up or down, to ``fund``), a refund (the money went back) or a void
    (entered in error) of ``original``, which stays as it was. A refund or void of a receipted gift
    issues a corrected receipt."""
    if entry not in (Entry.ADJUSTMENT, Entry.REFUND, Entry.VOID):
        raise ValidationError({"entry": _("Choose an adjustment, a refund or a void.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the gift is corrected.")})
    with transaction.atomic():
        # NO KEY UPDATE: a statement being written may reference this gift (a key-share lock) while
        # it holds the receipt counter this correction may wait for; a full row lock would deadlock.
        original = Donation.objects.select_for_update(no_key=True).get(pk=original.pk)
        if original.entry != Entry.GIFT:
            raise ValidationError({"entry": _("Correct the original gift, not a correction.")})
        remaining = net_amount(original)
        if entry == Entry.ADJUSTMENT:
            delta = cents(amount)
            if delta == 0 or remaining + delta < 0:
                raise ValidationError({"amount": _(
                    "An adjustment must change the amount and leave it at zero or more.")})
            parts = [(fund or original.allocations.first().fund, delta)]
        else:
            if remaining <= 0:
                raise ValidationError({"entry": _("This gift has already been refunded or voided.")})
            delta = -remaining
            parts = _reverse_parts(original, remaining)
        correction = Donation.objects.create(
            donor=original.donor, entry=entry, corrects=original, received_on=on, method=original.method,
            amount=delta, reason=reason.strip(), campaign=original.campaign, created_by=by)
        Allocation.objects.bulk_create([Allocation(donation=correction, fund=f, amount=a) for f, a in parts])
        extra = {"amount": str(delta), "reason": reason.strip()}
        if entry == Entry.ADJUSTMENT:
            log_action(action="giving.donation.adjustment", actor=by, obj=original, extra=extra)
        elif entry == Entry.REFUND:
            log_action(action="giving.donation.refund", actor=by, obj=original, extra=extra)
        else:
            log_action(action="giving.donation.void", actor=by, obj=original, extra=extra)
        receipt = original.receipts.filter(kind=Receipt.Kind.GIFT).first()
        if receipt is not None and entry in (Entry.REFUND, Entry.VOID):
            _issue_correction(by=by, original=original, receipt=receipt, entry=entry, on=on)
    return correction


def _reverse_parts(original: Donation, remaining: Decimal) -> list[tuple[Fund, Decimal]]:
    by_fund: dict[int, tuple[Fund, Decimal]] = {}
    for allocation in Allocation.objects.filter(donation__in=[original, *original.corrections.all()]) \
            .select_related("fund"):
        fund, total = by_fund.get(allocation.fund_id, (allocation.fund, Decimal("0")))
        by_fund[allocation.fund_id] = (fund, total + allocation.amount)
    parts = [(f, -t) for f, t in by_fund.values() if t != 0]
    assert sum((a for _f, a in parts), Decimal("0")) == -remaining
    return parts


# --- Receipts -------------------------------------------------------------------------------------

def next_number(year: int, *, reserve: int = 1) -> int:
    """The next receipt number of ``year``; call inside the receipt's transaction. The year's counter
    row is locked until that transaction ends, so numbers are consecutive, never repeated, and a
    rolled-back receipt gives its number back. ``reserve`` numbers are taken at once (the last one
    is returned); ``reserve=0`` only takes the lock."""
    counter = ReceiptCounter.objects.select_for_update().filter(year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                ReceiptCounter.objects.create(year=year)
        except IntegrityError:
            pass  # another receipt created the year's counter meanwhile
        counter = ReceiptCounter.objects.select_for_update().get(year=year)
    if reserve:
        counter.last += reserve
        counter.save(update_fields=["last"])
    return counter.last


def gift_facts(donation: Donation) -> acknowledgment.Gift:
    return acknowledgment.Gift(
        organization=organization_name(), donor=donation.donor.name, received_on=donation.received_on,
        amount=donation.amount, in_kind=donation.method == Method.IN_KIND,
        description=donation.in_kind_description, goods_value=donation.goods_value,
        goods_description=donation.goods_description)


def issue_receipt(*, by: Any, donation: Donation, on: dt.date | None = None) -> Receipt:
    """The receipt of one gift (the existing one if it was issued already)."""
    on = on or timezone.localdate()
    with transaction.atomic():
        donation = (Donation.objects.select_for_update(no_key=True, of=("self",)).select_related("donor")
                    .get(pk=donation.pk))  # NO KEY UPDATE: see correct_donation
        existing = donation.receipts.filter(kind=Receipt.Kind.GIFT).first()
        if existing is not None:
            return existing
        if donation.entry != Entry.GIFT:
            raise ValidationError(_("Only a gift gets a receipt; its corrections get a corrected receipt."))
        if net_amount(donation) <= 0:
            raise ValidationError(_("This gift was refunded or voided: there is nothing to acknowledge."))
        ack = acknowledgment.acknowledge(gift_facts(donation))
        receipt = Receipt.objects.create(
            year=on.year, number=next_number(on.year), kind=Receipt.Kind.GIFT, donor=donation.donor,
            donation=donation, language=donation.donor.language, amount=donation.amount,
            deductible=Decimal("0") if donation.method == Method.IN_KIND else ack.deductible,
            text_en=ack.en, text_es=ack.es, rules_version=acknowledgment.version(), issued_by=by)
        log_action(action="giving.receipt.issue", actor=by, obj=receipt, extra={"number": receipt.code})
    return receipt


def _issue_correction(*, by: Any, original: Donation, receipt: Receipt, entry: str, on: dt.date) -> Receipt:
    remaining = net_amount(original)
    en, es = acknowledgment.correction(
        organization=organization_name(), donor=original.donor.name, original_code=receipt.code,
        original_amount=original.amount, kind=entry, on=on, remaining=remaining)
    corrected = Receipt.objects.create(
        year=on.year, number=next_number(on.year), kind=Receipt.Kind.CORRECTION, donor=original.donor,
        donation=original, replaces=receipt, language=original.donor.language, amount=remaining,
        deductible=Decimal("0"), text_en=en, text_es=es, rules_version=acknowledgment.version(), issued_by=by)
    log_action(action="giving.receipt.correct", actor=by, obj=corrected,
               extra={"number": corrected.code, "replaces": receipt.code})
    return corrected


def issue_batch_receipts(*, by: Any, batch: Batch, on: dt.date | None = None) -> list[Receipt]:
    batch = Batch.objects.get(pk=batch.pk)
    if batch.state != Batch.State.POSTED:
        raise ValidationError(_("Post the batch before issuing its receipts."))
    return [issue_receipt(by=by, donation=d, on=on) for d in batch.donations.order_by("pk")]


def record_print(*, by: Any, receipt: Receipt) -> bool:
    """Count a print of ``receipt``; True when it is a copy (printed before)."""
    with transaction.atomic():
        locked = Receipt.objects.select_for_update().get(pk=receipt.pk)
        copy = locked.prints > 0
        Receipt.objects.filter(pk=receipt.pk).update(prints=locked.prints + 1)
        log_action(action="giving.receipt.print", actor=by, obj=receipt, extra={"copy": copy})
    receipt.prints = locked.prints + 1
    return copy


def email_receipt(*, by: Any, receipt: Receipt) -> None:
    """Send the receipt (both languages, the donor's first) to the donor's e-mail address."""
    from django.core.mail import send_mail

    from .documents import receipt_text

    if not receipt.donor.email:
        raise ValidationError(_("The donor has no e-mail address."))
    subject, body = receipt_text(receipt, copy=receipt.emailed_at is not None)
    send_mail(subject, body, None, [receipt.donor.email])
    Receipt.objects.filter(pk=receipt.pk).update(emailed_at=timezone.now())
    log_action(action="giving.receipt.email", actor=by, obj=receipt)


# --- Year-end statements --------------------------------------------------------------------------

STATEMENT_CHUNK = 250  # statements issued per transaction (one counter lock each)


def _statement_texts(donor: Donor, year: int, count: int, total: Decimal, deductible: Decimal
                     ) -> tuple[list[str], list[str]]:
    org = organization_name()
    en = [f"{org} thanks {donor.name} for {count} contribution(s) in {year} totalling "
          f"{acknowledgment.money(total, 'en')}; the part deductible is {acknowledgment.money(deductible, 'en')}.",
          "Each gift is listed once below, at its amount after any refund. Unless a line says otherwise, "
          "no goods or services were provided in exchange."]
    es = [f"{org} agradece a {donor.name} sus {count} contribuciones de {year}, que suman "
          f"{acknowledgment.money(total, 'es')}; la parte deducible es {acknowledgment.money(deductible, 'es')}.",
          "Cada donación aparece una sola vez, por su importe después de cualquier devolución. Salvo que una "
          "línea diga otra cosa, no se entregaron bienes ni servicios a cambio."]
    return en, es


def issue_statements(*, by: Any, year: int, donor_ids: Sequence[int], on: dt.date | None = None) -> list[Receipt]:
    """Year-end statements of ``year`` for a chunk of donors, in one transaction: each gift of the
    year once, at its net amount (refunds and voids taken off). Donors who gave nothing that year,
    or already have the statement, get none (running it again changes nothing).

    The gifts are read before any lock; then the year's receipt counter is locked once for the
    whole chunk and the chunk's numbers reserved together, so numbers stay consecutive with every
    other receipt and a rolled-back chunk gives all of them back. Keep chunks to a few hundred
    donors (``STATEMENT_CHUNK``): gift receipts wait for the counter while a chunk is written."""
    on = on or timezone.localdate()
    ids = sorted(set(donor_ids))
    if not ids:
        return []
    gifts: dict[int, list[tuple[Donation, Decimal, Decimal]]] = {}
    found = (Donation.objects.filter(donor_id__in=ids, entry=Entry.GIFT, received_on__gte=dt.date(year, 1, 1),
                                     received_on__lte=dt.date(year, 12, 31))
             .annotate(corrected=Sum("corrections__amount")).order_by("donor_id", "received_on", "pk")
             .only("pk", "donor_id", "amount", "method", "goods_value", "received_on"))
    for gift in found:
        net = (gift.amount + (gift.corrected or Decimal("0"))).quantize(CENT)
        if net > 0:
            deductible = Decimal("0") if gift.method == Method.IN_KIND else max(net - gift.goods_value, Decimal("0"))
            gifts.setdefault(gift.donor_id, []).append((gift, net, deductible))
    if not gifts:
        return []
    with transaction.atomic():
        counter_year = on.year
        next_number(counter_year, reserve=0)  # the counter is locked from here to the commit
        done = set(Receipt.objects.filter(donor_id__in=list(gifts), kind=Receipt.Kind.STATEMENT, period=year)
                   .values_list("donor_id", flat=True))
        donors = list(Donor.objects.filter(pk__in=[i for i in gifts if i not in done]).order_by("pk"))
        if not donors:
            return []
        first = next_number(counter_year, reserve=len(donors)) - len(donors) + 1
        version = acknowledgment.version()
        statements = []
        for offset, donor in enumerate(donors):
            lines = gifts[donor.pk]
            total = sum((n for _g, n, _d in lines), Decimal("0"))
            deductible = sum((d for _g, _n, d in lines), Decimal("0"))
            en, es = _statement_texts(donor, year, len(lines), total, deductible)
            statements.append(Receipt(
                year=counter_year, number=first + offset, kind=Receipt.Kind.STATEMENT, period=year, donor=donor,
                language=donor.language, amount=total, deductible=deductible, text_en=en, text_es=es,
                rules_version=version, issued_by=by))
        Receipt.objects.bulk_create(statements)
        StatementLine.objects.bulk_create([
            StatementLine(receipt=statement, donation=g, amount=n, deductible=d)
            for statement in statements for g, n, d in gifts[statement.donor_id]])
        for statement in statements:
            log_action(action="giving.statement.issue", actor=by, obj=statement, extra={"year": year})
    return statements


def year_end_statement(*, by: Any, donor: Donor, year: int, on: dt.date | None = None) -> Receipt | None:
    """The donor's statement of ``year`` (``issue_statements`` for one donor). None when the donor
    gave nothing that year or already has the statement."""
    issued = issue_statements(by=by, year=year, donor_ids=[donor.pk], on=on)
    return issued[0] if issued else None


# --- Batches --------------------------------------------------------------------------------------

def create_batch(*, by: Any, label: str, expected_count: int, expected_total: Any) -> Batch:
    total = cents(expected_total, "expected_total")
    if expected_count is None or expected_count < 1 or total <= 0:
        raise ValidationError(_("A batch needs the number of gifts and their total, counted beforehand."))
    with transaction.atomic():
        batch = Batch.objects.create(label=label.strip() or _("Batch"), expected_count=expected_count,
                                     expected_total=total, created_by=by)
        log_action(action="giving.batch.create", actor=by, obj=batch,
                   extra={"count": expected_count, "total": str(total)})
    return batch


def _open(batch: Batch) -> Batch:
    locked = Batch.objects.select_for_update().get(pk=batch.pk)
    if locked.state != Batch.State.OPEN:
        raise ValidationError(_("This batch has been posted; it cannot change."))
    return locked


def add_entry(*, by: Any, batch: Batch, donor: Donor, received_on: dt.date, method: str, amount: Any,
              fund: Fund, campaign: Campaign | None = None, reference: str = "") -> BatchEntry:
    amount = cents(amount)
    if amount <= 0:
        raise ValidationError({"amount": _("A gift must be more than zero.")})
    with transaction.atomic():
        _open(batch)
        entry = BatchEntry.objects.create(batch=batch, donor=donor, received_on=received_on, method=method,
                                          amount=amount, fund=fund, campaign=campaign, reference=reference)
        log_action(action="giving.batch.entry", actor=by, obj=batch,
                   extra={"donor": donor.pk, "amount": str(amount)})
    return entry


def remove_entry(*, by: Any, entry: BatchEntry) -> None:
    with transaction.atomic():
        _open(entry.batch)
        log_action(action="giving.batch.entry_remove", actor=by, obj=entry.batch,
                   extra={"donor": entry.donor_id, "amount": str(entry.amount)})
        entry.delete()


def change_control(*, by: Any, batch: Batch, expected_count: int, expected_total: Any) -> Batch:
    total = cents(expected_total, "expected_total")
    with transaction.atomic():
        locked = _open(batch)
        before = (locked.expected_count, str(locked.expected_total))
        locked.expected_count, locked.expected_total = expected_count, total
        locked.version += 1
        locked.save(update_fields=["expected_count", "expected_total", "version"])
        log_action(action="giving.batch.control", actor=by, obj=locked,
                   changes={"control": [list(before), [expected_count, str(total)]]})
    return locked


def batch_totals(batch: Batch) -> tuple[int, Decimal]:
    found = batch.entries.aggregate(total=Sum("amount"))
    return batch.entries.count(), (found["total"] or Decimal("0")).quantize(CENT)


def post_batch(*, by: Any, batch: Batch) -> list[Donation]:
    """Post every entry as a donation, if and only if the entries match the control totals."""
    from django.utils.formats import number_format

    with transaction.atomic():
        locked = _open(batch)
        count, total = batch_totals(locked)
        if count != locked.expected_count or total != locked.expected_total:
            raise ValidationError(_(
                "The batch was not posted: it has %(count)s gift(s) totalling %(total)s, but the control "
                "says %(expected_count)s gift(s) totalling %(expected_total)s. Correct the gifts or the "
                "control totals; nothing has been lost.") % {
                "count": count, "total": number_format(total, 2, force_grouping=True),
                "expected_count": locked.expected_count,
                "expected_total": number_format(locked.expected_total, 2, force_grouping=True)})
        donations = []
        for entry in locked.entries.select_related("donor", "fund", "campaign").order_by("pk"):
            donation = record_donation(by=by, donor=entry.donor, received_on=entry.received_on,
                                       method=entry.method, amount=entry.amount, fund=entry.fund,
                                       campaign=entry.campaign, reference=entry.reference, batch=locked,
                                       audit=False)
            BatchEntry.objects.filter(pk=entry.pk).update(donation=donation)
            donations.append(donation)
        locked.state, locked.posted_at = Batch.State.POSTED, timezone.now()
        locked.save(update_fields=["state", "posted_at"])
        log_action(action="giving.batch.post", actor=by, obj=locked, extra={"count": count, "total": str(total)})
    return donations


# --- Pledges and recurring gifts ------------------------------------------------------------------

def create_pledge(*, by: Any, donor: Donor, total: Any, pledged_on: dt.date, installments: int,
                  frequency: str, fund: Fund, campaign: Campaign | None = None, first_due: dt.date | None = None
                  ) -> Pledge:
    total = cents(total, "total")
    if total <= 0 or installments < 1:
        raise ValidationError(_("A pledge needs an amount and at least one installment."))
    with transaction.atomic():
        pledge = Pledge.objects.create(donor=donor, total=total, pledged_on=pledged_on, frequency=frequency,
                                       installments=installments, fund=fund, campaign=campaign, created_by=by)
        share = (total / installments).quantize(CENT)
        start = first_due or pledged_on
        rows = []
        for i in range(installments):
            amount = share if i < installments - 1 else total - share * (installments - 1)
            rows.append(Installment(pledge=pledge, due_on=start + relativedelta(months=MONTHS[frequency] * i),
                                    amount=amount))
        Installment.objects.bulk_create(rows)
        log_action(action="giving.pledge.create", actor=by, obj=pledge, extra={"total": str(total)})
    return pledge


def pledge_paid(pledge: Pledge) -> Decimal:
    return pledge.payments.filter(entry=Entry.GIFT).aggregate(t=Sum("amount"))["t"] or Decimal("0")


def create_recurring(*, by: Any, donor: Donor, amount: Any, frequency: str, fund: Fund, starts: dt.date,
                     method: str = Method.CARD) -> RecurringGift:
    amount = cents(amount)
    if amount <= 0:
        raise ValidationError({"amount": _("A gift must be more than zero.")})
    with transaction.atomic():
        gift = RecurringGift.objects.create(donor=donor, amount=amount, frequency=frequency, fund=fund,
                                            starts=starts, method=method, created_by=by)
        log_action(action="giving.recurring.create", actor=by, obj=gift, extra={"amount": str(amount)})
    return gift


def stop_recurring(*, by: Any, gift: RecurringGift, last_due: dt.date) -> RecurringGift:
    """End a recurring gift: ``last_due`` is the last date a gift is expected. The gift's record and
    the payments already received stay as they were."""
    with transaction.atomic():
        locked = RecurringGift.objects.select_for_update().get(pk=gift.pk)
        if last_due < locked.starts:
            raise ValidationError({"last_due": _("The last gift cannot come before the first (%(date)s).")
                                   % {"date": date_format(locked.starts, "DATE_FORMAT")}})
        if locked.ends is not None and last_due > locked.ends:
            raise ValidationError({"last_due": _("This recurring gift already ends on %(date)s.")
                                   % {"date": date_format(locked.ends, "DATE_FORMAT")}})
        RecurringGift.objects.filter(pk=gift.pk).update(ends=last_due)
        log_action(action="giving.recurring.stop", actor=by, obj=gift, extra={"ends": last_due.isoformat()})
    gift.ends = last_due
    return gift


def change_recurring(*, by: Any, gift: RecurringGift, amount: Any, first_due: dt.date) -> RecurringGift:
    """A new amount from ``first_due`` on: the current gift ends the day before and a new one, on the
    same fund, frequency and method, starts that day (the history of what was promised is kept)."""
    amount = cents(amount)
    if amount <= 0:
        raise ValidationError({"amount": _("A gift must be more than zero.")})
    with transaction.atomic():
        locked = RecurringGift.objects.select_for_update().get(pk=gift.pk)
        if first_due <= locked.starts:
            raise ValidationError({"first_due": _("The new amount must start after the first gift (%(date)s).")
                                   % {"date": date_format(locked.starts, "DATE_FORMAT")}})
        if locked.ends is not None and first_due > locked.ends:
            raise ValidationError({"first_due": _("This recurring gift already ends on %(date)s.")
                                   % {"date": date_format(locked.ends, "DATE_FORMAT")}})
        new = RecurringGift.objects.create(donor=locked.donor, amount=amount, frequency=locked.frequency,
                                           fund=locked.fund, method=locked.method, starts=first_due,
                                           ends=locked.ends, created_by=by)
        RecurringGift.objects.filter(pk=gift.pk).update(ends=first_due - dt.timedelta(days=1))
        log_action(action="giving.recurring.change", actor=by, obj=gift,
                   extra={"from": str(locked.amount), "to": str(amount), "new": new.pk,
                          "starts": first_due.isoformat()})
    return new


def tribute_notices(*, pending: bool = True) -> Any:
    """Soft credits whose family is to be told of the gift (in honor or in memory of someone)."""
    credits = (SoftCredit.objects.exclude(notify_name="")
               .filter(kind__in=[SoftCredit.Kind.HONOR, SoftCredit.Kind.MEMORY], donation__entry=Entry.GIFT)
               .select_related("donation__donor").order_by("donation__received_on", "pk"))
    return credits.filter(notified_on__isnull=True) if pending else credits


def record_tribute_notice(*, by: Any, credit: SoftCredit, on: dt.date) -> bool:
    """Mark the family's notice as sent (printed and mailed) on ``on``; False if it already was."""
    with transaction.atomic():
        sent = SoftCredit.objects.filter(pk=credit.pk, notified_on__isnull=True).update(notified_on=on)
        if sent:
            log_action(action="giving.tribute.notify", actor=by, obj=credit.donation,
                       extra={"credit": credit.pk, "on": on.isoformat()})
    if sent:
        credit.notified_on = on
    return bool(sent)


def pay_installment(*, by: Any, installment: Installment, received_on: dt.date, method: str, amount: Any,
                    reference: str = "") -> Donation:
    """A payment received against one installment of a pledge: a gift to the pledge's fund and
    campaign, linked to the pledge and the installment (receipted like any gift)."""
    pledge = installment.pledge
    with transaction.atomic():
        donation = record_donation(by=by, donor=pledge.donor, received_on=received_on, method=method, amount=amount,
                                   fund=pledge.fund, campaign=pledge.campaign, reference=reference, pledge=pledge,
                                   audit=False)
        Donation.objects.filter(pk=donation.pk).update(installment=installment)
        donation.installment = installment
        log_action(action="giving.pledge.payment", actor=by, obj=pledge,
                   extra={"donation": donation.pk, "due": str(installment.due_on), "amount": str(donation.amount)})
    return donation


def pledge_schedule(pledge: Pledge) -> list[dict[str, Any]]:
    """Each installment with what was paid against it (net of refunds) and what is still owed."""
    paid: dict[int | None, Decimal] = {}
    for gift in (pledge.payments.filter(entry=Entry.GIFT).annotate(corrected=Sum("corrections__amount"))
                 .only("pk", "amount", "installment_id")):
        net = gift.amount + (gift.corrected or Decimal("0"))
        paid[gift.installment_id] = paid.get(gift.installment_id, Decimal("0")) + net
    rows = []
    for installment in pledge.schedule.all():
        got = paid.get(installment.pk, Decimal("0")).quantize(CENT)
        rows.append({"installment": installment, "paid": got, "owed": max(installment.amount - got, Decimal("0"))})
    return rows


def recurring_schedule(gift: RecurringGift, *, today: dt.date, ahead: int = 3, limit: int = 24
                       ) -> list[dict[str, Any]]:
    """The due dates of a recurring gift up to ``ahead`` after ``today`` (the last ``limit``), each
    with the gifts received for it: a gift counts for the last due date on or before it."""
    step = relativedelta(months=MONTHS[gift.frequency])
    dues: list[dt.date] = []
    day, upcoming = gift.starts, 0
    while (gift.ends is None or day <= gift.ends) and upcoming < ahead and len(dues) < 1200:
        dues.append(day)
        if day > today:
            upcoming += 1
        day = gift.starts + step * len(dues)
    received: dict[dt.date, Decimal] = {}
    for payment in (gift.gifts.filter(entry=Entry.GIFT).annotate(corrected=Sum("corrections__amount"))
                    .only("pk", "amount", "received_on")):
        due = max((d for d in dues if d <= payment.received_on), default=dues[0] if dues else payment.received_on)
        received[due] = received.get(due, Decimal("0")) + payment.amount + (payment.corrected or Decimal("0"))
    return [{"due": d, "received": received.get(d, Decimal("0")).quantize(CENT), "future": d > today}
            for d in dues[-limit:]]


def pay_recurring(*, by: Any, gift: RecurringGift, received_on: dt.date, amount: Any, method: str = "",
                  reference: str = "") -> Donation:
    """A payment of a recurring gift: a gift to its fund, linked to it."""
    with transaction.atomic():
        donation = record_donation(by=by, donor=gift.donor, received_on=received_on, method=method or gift.method,
                                   amount=amount, fund=gift.fund, reference=reference, recurring=gift, audit=False)
        log_action(action="giving.recurring.payment", actor=by, obj=gift,
                   extra={"donation": donation.pk, "amount": str(donation.amount)})
    return donation
