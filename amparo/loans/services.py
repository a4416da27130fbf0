"""Every change to the loan book: one transaction, the loan row locked, a balanced journal entry
for each money event, one audit entry. Views, the API, close of business and the demo call these.

Accounting (docs/loans.md): interest on an accrual basis (close of business posts the interest
earned and not yet paid to "interest receivable"; a payment settles it first); installment fees on
a cash basis (income when paid); penalties are charged to "fees and penalties receivable" when they
arise; the disbursement fee is kept out of the cash handed over. Close of business also keeps each
loan's loan-loss reserve; a write-off uses it first. A loan that stops being active (paid off,
written off, disbursement reversed) takes its accrued interest and reserve with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amparo.core.audit import log_action

from . import ledger
from . import schedule as sched
from .ledger import credit, debit
from .models import (
    ZERO,
    Account,
    Installment,
    LiteracyCompletion,
    Loan,
    LoanGroup,
    LoanProduct,
    LoanTransaction,
    ScheduleVersion,
)

COMPONENTS = ("penalty", "fee", "interest", "principal")
Kind = LoanTransaction.Kind
Status = Loan.Status


def _money(value: Any, field_name: str = "amount") -> Decimal:
    try:
        amount = Decimal(str(value))
    except Exception as error:  # noqa: BLE001 - any unreadable number is the same refusal
        raise ValidationError({field_name: _("Enter an amount in dollars and cents.")}) from error
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field_name: _("Enter an amount in dollars and cents.")})
    return amount


def _locked(loan: Loan | int) -> Loan:
    return Loan.objects.select_for_update().select_related("product").get(pk=getattr(loan, "pk", loan))


# ----------------------------------------------------------------------------- where a loan stands


@dataclass
class Position:
    """What a loan owes on a date: due now (by component) and each future installment's remainder."""

    on: dt.date
    due: dict[str, Decimal]
    future: list[tuple[Installment, dict[str, Decimal]]] = field(default_factory=list)
    days_past_due: int = 0
    oldest_late: Installment | None = None
    parts: dict[int, dict[str, Decimal]] = field(default_factory=dict)  # what is left of each installment

    @property
    def due_total(self) -> Decimal:
        return sum(self.due.values(), ZERO)

    @property
    def remaining_total(self) -> Decimal:
        return self.due_total + sum((sum(parts.values(), ZERO) for _i, parts in self.future), ZERO)


def current_schedule(loan: Loan) -> ScheduleVersion | None:
    return loan.schedules.filter(current=True).first()


def position(loan: Loan, on: dt.date, *, schedule: ScheduleVersion | None = None,
             installments: Sequence[Installment] | None = None) -> Position:
    """Payments are cumulative: each component paid covers installments in due order."""
    due = dict.fromkeys(COMPONENTS, ZERO)
    due["penalty"] = loan.penalties_outstanding
    if loan.status != Status.ACTIVE:
        return Position(on, due)
    schedule = schedule or current_schedule(loan)
    if schedule is None:
        return Position(on, due)
    rows = list(installments) if installments is not None else list(schedule.installments.all())
    paid = {"principal": loan.principal_paid - schedule.base_principal,
            "interest": loan.interest_paid - schedule.base_interest,
            "fee": loan.fees_paid - schedule.base_fees}
    cumulative = dict.fromkeys(paid, ZERO)
    result = Position(on, due)
    for row in rows:
        parts = {}
        for component, amount in (("fee", row.fee), ("interest", row.interest), ("principal", row.principal)):
            cumulative[component] += amount
            parts[component] = min(amount, max(ZERO, cumulative[component] - paid[component]))
        result.parts[row.number] = parts
        if row.due <= on:
            for component, amount in parts.items():
                due[component] += amount
            if result.oldest_late is None and any(parts.values()) and row.due < on:
                result.oldest_late = row
                result.days_past_due = (on - row.due).days
        else:
            result.future.append((row, parts))
    return result


def allocate(loan: Loan, amount: Decimal, at: Position, *, payoff: bool = False) -> dict[str, Decimal]:
    """Split ``amount`` in the loan's order (penalties, fees, interest, principal by default): first
    what is due, then future installments one by one. A payoff takes what is due and all the
    principal left; future interest and fees are not charged."""
    order = [c for c in loan.allocation_order.split(",") if c in COMPONENTS]
    order += [c for c in COMPONENTS if c not in order]
    portions = dict.fromkeys(COMPONENTS, ZERO)
    left = amount
    for component in order:
        take = min(left, at.due[component])
        portions[component] += take
        left -= take
    if payoff:
        principal = sum((parts["principal"] for _row, parts in at.future), ZERO)
        take = min(left, principal)
        portions["principal"] += take
        left -= take
    else:
        for _row, parts in at.future:
            for component in order:
                if component == "penalty":
                    continue
                take = min(left, parts[component])
                portions[component] += take
                left -= take
    if left > 0:
        raise ValidationError({"amount": _("This is more than the loan owes (%(owed)s).")
                               % {"owed": amount - left}})
    return portions


def payoff_amount(loan: Loan, on: dt.date) -> Decimal:
    at = position(loan, on)
    return at.due_total + sum((parts["principal"] for _row, parts in at.future), ZERO)


# ----------------------------------------------------------------------------- products, applications


PRODUCT_FIELDS = ("name", "min_amount", "max_amount", "annual_rate", "method", "frequency", "term",
                  "grace_principal", "grace_interest", "fee_amount", "fee_kind", "fee_timing", "penalty_after_days",
                  "penalty_flat", "penalty_percent", "allocation_order", "requires_literacy_course", "active")


def save_product(*, by: Any, fields: dict[str, Any], product: LoanProduct | None = None) -> LoanProduct:
    creating = product is None
    product = product or LoanProduct()
    for name in PRODUCT_FIELDS:
        if name in fields:
            setattr(product, name, fields[name])
    try:
        sched.build(sched.Terms(principal=product.min_amount, annual_rate=product.annual_rate, term=product.term,
                                start=dt.date(2000, 1, 1), frequency=product.frequency, method=product.method,
                                grace_principal=product.grace_principal, grace_interest=product.grace_interest,
                                fee_amount=product.fee_amount, fee_kind=product.fee_kind,
                                fee_timing=product.fee_timing))
    except sched.ScheduleError as error:
        raise ValidationError(_("These terms do not make a schedule: a grace period must be shorter than the "
                                "term, and the rate from 0 to 100 percent.")) from error
    with transaction.atomic():
        product.save()
        log_action(action="loan.product_create" if creating else "loan.product_change", actor=by, obj=product)
    return product


def _check_amount(product: LoanProduct, amount: Decimal) -> None:
    if not product.min_amount <= amount <= product.max_amount:
        raise ValidationError({"amount": _("This product lends from %(min)s to %(max)s.")
                               % {"min": product.min_amount, "max": product.max_amount}})


def prepare_loan(*, borrower: Any, product: LoanProduct, amount: Any, by: Any, purpose: str = "",
                 group: LoanGroup | None = None) -> Loan:
    """A loan officer prepares an application; someone else approves it."""
    amount = _money(amount)
    _check_amount(product, amount)
    if not product.active:
        raise ValidationError({"product": _("This product is no longer offered.")})
    loan = Loan(borrower=borrower, product=product, group=group, purpose=purpose, amount=amount, prepared_by=by,
                annual_rate=product.annual_rate, method=product.method, frequency=product.frequency,
                term=product.term, grace_principal=product.grace_principal, grace_interest=product.grace_interest,
                fee_amount=product.fee_amount, fee_kind=product.fee_kind, fee_timing=product.fee_timing,
                allocation_order=product.allocation_order)
    with transaction.atomic():
        loan.save()
        log_action(action="loan.prepare", actor=by, obj=loan, extra={"amount": str(amount)})
    return loan


def prepare_group_loan(*, name: str, members: Sequence[tuple[Any, Any]], product: LoanProduct, by: Any,
                       purpose: str = "") -> LoanGroup:
    """One loan per member, each with its own amount, followed up together."""
    if len(members) < 2:
        raise ValidationError(_("A group needs at least two members."))
    with transaction.atomic():
        group = LoanGroup.objects.create(name=name, created_by=by)
        for person, amount in members:
            prepare_loan(borrower=person, product=product, amount=amount, by=by, purpose=purpose, group=group)
        log_action(action="loan.group_create", actor=by, obj=group, extra={"members": len(members)})
    return group


def approve_loan(*, loan: Loan, by: Any) -> Loan:
    with transaction.atomic():
        loan = _locked(loan)
        if loan.status != Status.PENDING:
            raise ValidationError(_("Only a loan waiting for approval can be approved."))
        if loan.prepared_by_id == by.pk:
            raise ValidationError(_("A loan is approved by someone other than the person who prepared it."))
        if loan.product.requires_literacy_course and not LiteracyCompletion.objects.filter(
                person=loan.borrower_id).exists():
            raise ValidationError(_("This product requires the financial-literacy course, and the borrower has "
                                    "not completed it."))
        loan.status, loan.approved_by, loan.approved_at = Status.APPROVED, by, timezone.now()
        loan.version += 1
        loan.save()
        log_action(action="loan.approve", actor=by, obj=loan)
    return loan


def reject_loan(*, loan: Loan, by: Any, reason: str = "") -> Loan:
    with transaction.atomic():
        loan = _locked(loan)
        if loan.status != Status.PENDING:
            raise ValidationError(_("Only a loan waiting for approval can be rejected."))
        loan.status = Status.REJECTED
        loan.version += 1
        loan.save()
        log_action(action="loan.reject", actor=by, obj=loan, extra={"reason": reason[:200]})
    return loan


def record_literacy(*, person: Any, completed_on: dt.date, by: Any) -> LiteracyCompletion:
    with transaction.atomic():
        completion, _created = LiteracyCompletion.objects.update_or_create(
            person=person, defaults={"completed_on": completed_on, "recorded_by": by})
        log_action(action="loan.literacy", actor=by, obj=person, extra={"completed_on": completed_on.isoformat()})
    return completion


# ----------------------------------------------------------------------------- money events


def installment_rows(version: ScheduleVersion, installments: Sequence[sched.Installment]) -> list[Installment]:
    """A schedule's installments as rows, with their running sums."""
    rows, cum_p, cum_i, cum_f = [], ZERO, ZERO, ZERO
    for i in installments:
        cum_p, cum_i, cum_f = cum_p + i.principal, cum_i + i.interest, cum_f + i.fee
        rows.append(Installment(schedule=version, number=i.number, due=i.due, principal=i.principal,
                                interest=i.interest, fee=i.fee, total=i.total, balance=i.balance,
                                cum_principal=cum_p, cum_interest=cum_i, cum_fee=cum_f))
    return rows


def _schedule(loan: Loan, *, by: Any, start: dt.date, terms: sched.Terms, number: int, reason: str = "",
              base: dict[str, Decimal] | None = None, carried_interest: Decimal = ZERO, carried_fee: Decimal = ZERO,
              grace_principal: int = 0, rebased_from: ScheduleVersion | None = None) -> ScheduleVersion:
    built = sched.build(terms)
    base = base or {}
    loan.schedules.filter(current=True).update(current=False)
    version = ScheduleVersion.objects.create(
        loan=loan, number=number, start=start, principal=terms.principal, created_by=by, reason=reason,
        base_principal=base.get("principal", ZERO), base_interest=base.get("interest", ZERO),
        base_fees=base.get("fee", ZERO), term=terms.term, annual_rate=terms.annual_rate,
        frequency=terms.frequency, carried_interest=carried_interest, carried_fee=carried_fee,
        grace_principal=grace_principal, rebased_from=rebased_from)
    Installment.objects.bulk_create(installment_rows(version, built.installments))
    return version


def _record(loan: Loan, *, kind: str, on: dt.date, amount: Decimal, lines: list[ledger.Line], by: Any,
            memo: str, portions: dict[str, Decimal] | None = None, reverses: LoanTransaction | None = None,
            charge_key: str = "", note: str = "") -> LoanTransaction:
    entry = ledger.post(on=on, lines=lines, memo=memo, loan=loan, by=by,
                        reverses=reverses.entry if reverses else None)
    _follow_ledger(loan, lines)
    portions = portions or {}
    return LoanTransaction.objects.create(
        loan=loan, kind=kind, on=on, amount=amount, entry=entry, reverses=reverses, created_by=by,
        principal=portions.get("principal", ZERO), interest=portions.get("interest", ZERO),
        fee=portions.get("fee", ZERO), penalty=portions.get("penalty", ZERO), charge_key=charge_key,
        note=note[:300])


def _follow_ledger(loan: Loan, lines: Sequence[ledger.Line]) -> None:
    """Keep the loan's accrued interest (1200) and loan-loss reserve (1900) equal to its ledger lines."""
    for line in lines:
        if line.account == Account.INTEREST_RECEIVABLE:
            loan.interest_receivable += line.debit - line.credit
        elif line.account == Account.LOSS_RESERVE:
            loan.loss_reserve += line.credit - line.debit


def _leaving_lines(receivable: Decimal, reserve: Decimal) -> list[ledger.Line]:
    """A loan that stops being active: interest accrued and never to be paid comes back out of
    income, and what is left of its loan-loss reserve is released."""
    return [debit(Account.INTEREST_INCOME, receivable), credit(Account.INTEREST_RECEIVABLE, receivable),
            debit(Account.LOSS_RESERVE, reserve), credit(Account.PROVISION_EXPENSE, reserve)]


def _save(loan: Loan) -> None:
    loan.version += 1
    loan.save()


def disburse(*, loan: Loan | int, on: dt.date, by: Any) -> LoanTransaction:
    with transaction.atomic():
        loan = _locked(loan)
        if loan.status != Status.APPROVED:
            raise ValidationError(_("Only an approved loan can be disbursed."))
        terms = loan.terms(start=on)
        built = sched.build(terms)
        number = loan.schedules.count() + 1
        _schedule(loan, by=by, start=on, terms=terms, number=number)
        fee = built.disbursement_fee
        txn = _record(loan, kind=Kind.DISBURSEMENT, on=on, amount=loan.amount, by=by, memo=f"Disbursement {loan}",
                      lines=[debit(Account.PORTFOLIO, loan.amount), credit(Account.CASH, loan.amount - fee),
                             credit(Account.FEE_INCOME, fee)])
        loan.status, loan.disbursed_on, loan.disbursement_fee = Status.ACTIVE, on, fee
        _save(loan)
        log_action(action="loan.disburse", actor=by, obj=loan, extra={"amount": str(loan.amount), "on": on.isoformat()})
    return txn


def _repayment_lines(loan: Loan, amount: Decimal, portions: dict[str, Decimal], *,
                     closing: bool = False) -> list[ledger.Line]:
    """Interest paid settles the interest already accrued first; the rest is income now."""
    settled = min(portions["interest"], loan.interest_receivable)
    lines = [debit(Account.CASH, amount), credit(Account.CHARGES_RECEIVABLE, portions["penalty"]),
             credit(Account.FEE_INCOME, portions["fee"]), credit(Account.INTEREST_RECEIVABLE, settled),
             credit(Account.INTEREST_INCOME, portions["interest"] - settled),
             credit(Account.PORTFOLIO, portions["principal"])]
    if closing:
        lines += _leaving_lines(loan.interest_receivable - settled, loan.loss_reserve)
    return lines


def _apply(loan: Loan, portions: dict[str, Decimal], sign: int) -> None:
    loan.penalties_paid += sign * portions["penalty"]
    loan.fees_paid += sign * portions["fee"]
    loan.interest_paid += sign * portions["interest"]
    loan.principal_paid += sign * portions["principal"]


def repay(*, loan: Loan | int, amount: Any, on: dt.date, by: Any, note: str = "") -> LoanTransaction:
    """Record a repayment; the amount is split in the loan's allocation order."""
    amount = _money(amount)
    with transaction.atomic():
        loan = _locked(loan)
        if loan.status != Status.ACTIVE:
            raise ValidationError(_("Repayments are recorded on active loans only."))
        at = position(loan, on)
        portions = allocate(loan, amount, at)
        closing = at.remaining_total == amount
        txn = _record(loan, kind=Kind.REPAYMENT, on=on, amount=amount, by=by, memo=f"Repayment {loan}",
                      lines=_repayment_lines(loan, amount, portions, closing=closing), portions=portions, note=note)
        _apply(loan, portions, +1)
        if closing:
            loan.status, loan.closed_on = Status.CLOSED, on
        _save(loan)
        log_action(action="loan.repay", actor=by, obj=loan,
                   extra={"amount": str(amount), "on": on.isoformat(), "transaction": txn.pk})
    return txn


def prepay(*, loan: Loan | int, on: dt.date, by: Any) -> LoanTransaction:
    """Pay the loan off: what is due and all the principal left; later interest is not charged."""
    with transaction.atomic():
        loan = _locked(loan)
        if loan.status != Status.ACTIVE:
            raise ValidationError(_("Only an active loan can be paid off."))
        at = position(loan, on)
        amount = at.due_total + sum((parts["principal"] for _row, parts in at.future), ZERO)
        portions = allocate(loan, amount, at, payoff=True)
        txn = _record(loan, kind=Kind.PREPAYMENT, on=on, amount=amount, by=by, memo=f"Payoff {loan}",
                      lines=_repayment_lines(loan, amount, portions, closing=True), portions=portions)
        _apply(loan, portions, +1)
        loan.status, loan.closed_on = Status.CLOSED, on
        _save(loan)
        log_action(action="loan.prepay", actor=by, obj=loan, extra={"amount": str(amount), "on": on.isoformat()})
    return txn


def charge_penalty(*, loan: Loan | int, amount: Any, on: dt.date, by: Any = None, charge_key: str = "",
                   note: str = "") -> LoanTransaction | None:
    """A late penalty owed by the borrower. With a ``charge_key`` (close of business) it is charged
    once: a second call with the same key changes nothing and returns None."""
    amount = _money(amount)
    with transaction.atomic():
        loan = _locked(loan)
        if loan.status != Status.ACTIVE:
            raise ValidationError(_("Penalties are charged on active loans only."))
        if charge_key and LoanTransaction.objects.filter(loan=loan, charge_key=charge_key).exists():
            return None
        txn = _record(loan, kind=Kind.PENALTY, on=on, amount=amount, by=by, memo=f"Penalty {loan}",
                      lines=[debit(Account.CHARGES_RECEIVABLE, amount), credit(Account.PENALTY_INCOME, amount)],
                      portions={"penalty": amount}, charge_key=charge_key, note=note)
        loan.penalties_charged += amount
        _save(loan)
        log_action(action="loan.penalty", actor=by, obj=loan, extra={"amount": str(amount), "on": on.isoformat()})
    return txn


def write_off(*, loan: Loan | int, on: dt.date, by: Any, note: str = "") -> LoanTransaction:
    with transaction.atomic():
        loan = _locked(loan)
        if loan.status != Status.ACTIVE:
            raise ValidationError(_("Only an active loan can be written off."))
        principal, penalties = loan.principal_outstanding, loan.penalties_outstanding
        # The reserve held for this loan absorbs the principal first; only the rest is a new loss.
        reserved = min(loan.loss_reserve, principal)
        lines = [debit(Account.LOSS_RESERVE, reserved), debit(Account.WRITE_OFFS, principal + penalties - reserved),
                 credit(Account.PORTFOLIO, principal), credit(Account.CHARGES_RECEIVABLE, penalties)]
        lines += _leaving_lines(loan.interest_receivable, loan.loss_reserve - reserved)
        txn = _record(loan, kind=Kind.WRITE_OFF, on=on, amount=principal + penalties, by=by,
                      memo=f"Write-off {loan}", note=note, portions={"principal": principal, "penalty": penalties},
                      lines=lines)
        loan.written_off_principal += principal
        loan.written_off_penalties += penalties
        loan.status, loan.closed_on = Status.WRITTEN_OFF, on
        _save(loan)
        log_action(action="loan.write_off", actor=by, obj=loan, extra={"amount": str(principal + penalties)})
    return txn


def reverse(*, txn: LoanTransaction | int, on: dt.date, by: Any, reason: str = "") -> LoanTransaction:
    """Undo a transaction by a new one with the opposite journal entry; the original stays."""
    with transaction.atomic():
        original = LoanTransaction.objects.select_related("entry").get(pk=getattr(txn, "pk", txn))
        loan = _locked(original.loan_id)
        if original.kind == Kind.REVERSAL:
            raise ValidationError(_("A reversal cannot be reversed; record the transaction again."))
        if LoanTransaction.objects.filter(reverses=original).exists():
            raise ValidationError(_("This transaction has already been reversed."))
        current = current_schedule(loan)
        portions = {"principal": original.principal, "interest": original.interest, "fee": original.fee,
                    "penalty": original.penalty}
        if (original.kind not in (Kind.DISBURSEMENT, Kind.PENALTY) and current is not None
                and original.created_at < current.era().created_at):
            if original.kind != Kind.REPAYMENT or loan.status != Status.ACTIVE:
                raise ValidationError(_("This transaction came before the loan was rescheduled and can no longer "
                                        "be reversed."))
            _rebase(loan, current, original, portions, by=by)
        lines = ledger.reversed_lines(original.entry)
        if original.kind == Kind.DISBURSEMENT:
            later = (loan.transactions.exclude(pk=original.pk).exclude(kind=Kind.REVERSAL)
                     .filter(reversed_by__isnull=True))
            if loan.status != Status.ACTIVE or later.exists():
                raise ValidationError(_("Reverse the loan's later transactions before its disbursement."))
            loan.status, loan.disbursed_on, loan.disbursement_fee = Status.APPROVED, None, ZERO
            loan.schedules.filter(current=True).update(current=False)
            lines += _leaving_lines(loan.interest_receivable, loan.loss_reserve)
        elif original.kind in (Kind.REPAYMENT, Kind.PREPAYMENT):
            if loan.status == Status.WRITTEN_OFF:
                raise ValidationError(_("Reverse the write-off first."))
            _apply(loan, portions, -1)
            loan.status, loan.closed_on = Status.ACTIVE, None
        elif original.kind == Kind.PENALTY:
            if loan.status != Status.ACTIVE or loan.penalties_outstanding < original.penalty:
                raise ValidationError(_("Reverse the repayments that paid this penalty first."))
            loan.penalties_charged -= original.penalty
        elif original.kind == Kind.WRITE_OFF:
            loan.written_off_principal -= original.principal
            loan.written_off_penalties -= original.penalty
            loan.status, loan.closed_on = Status.ACTIVE, None
        entry = ledger.post(on=on, lines=lines, memo=f"Reversal of {original.kind} {loan}", loan=loan, by=by,
                            reverses=original.entry)
        _follow_ledger(loan, lines)
        reversal = LoanTransaction.objects.create(
            loan=loan, kind=Kind.REVERSAL, on=on, amount=original.amount, entry=entry, reverses=original,
            created_by=by, note=reason[:300], **portions)
        _save(loan)
        log_action(action="loan.reverse", actor=by, obj=loan,
                   extra={"transaction": original.pk, "kind": original.kind, "amount": str(original.amount)})
    return reversal


def _rescheduled_terms(loan: Loan, version: ScheduleVersion, **changes: Any) -> sched.Terms:
    values = {"start": version.start, "principal": version.principal, "term": version.term,
              "annual_rate": version.annual_rate, "frequency": version.frequency,
              "grace_principal": version.grace_principal, "grace_interest": 0, "fee_amount": ZERO,
              "first_installment_extra_interest": version.carried_interest,
              "first_installment_extra_fee": version.carried_fee}
    values.update(changes)
    return loan.terms(**values)


def _rebase(loan: Loan, current: ScheduleVersion, original: LoanTransaction, portions: dict[str, Decimal], *,
            by: Any) -> ScheduleVersion:
    """A repayment made before the loan was rescheduled is reversed: redo that rescheduling as if
    the repayment had never been made. The new schedule (same start and terms) is built on the
    principal that would then have been left, with the interest and fees that would then have been
    due carried into its first installment; what had been paid when it began is less by the
    repayment. Payments made since count against it as before. Only a repayment made under the
    schedule just before the rescheduling can be re-based (earlier ones are refused)."""
    era = current.era()
    previous = loan.schedules.filter(number__lt=era.number).order_by("-number").first()
    refused = ValidationError(_("This repayment came before an earlier rescheduling of the loan and can no "
                                "longer be reversed."))
    if previous is None or original.created_at < previous.era().created_at:
        raise refused
    installments = list(current.installments.all())
    try:
        rebuilt = sched.build(_rescheduled_terms(loan, current))
    except sched.ScheduleError as error:
        raise refused from error
    if [(i.number, i.due, i.principal, i.interest, i.fee) for i in rebuilt.installments] != [
            (i.number, i.due, i.principal, i.interest, i.fee) for i in installments]:
        raise refused  # a schedule written before its terms were all kept: it cannot be redone exactly
    without = Loan(status=Status.ACTIVE, principal_paid=current.base_principal - portions["principal"],
                   interest_paid=current.base_interest - portions["interest"],
                   fees_paid=current.base_fees - portions["fee"])
    at = position(without, era.start, schedule=previous)
    terms = _rescheduled_terms(loan, current, principal=current.principal + portions["principal"],
                               first_installment_extra_interest=at.due["interest"],
                               first_installment_extra_fee=at.due["fee"])
    return _schedule(loan, by=by, start=current.start, terms=terms, number=loan.schedules.count() + 1,
                     reason=f"Re-based: reversal of repayment #{original.pk} made before rescheduling",
                     base={"principal": without.principal_paid, "interest": without.interest_paid,
                           "fee": without.fees_paid},
                     carried_interest=at.due["interest"], carried_fee=at.due["fee"],
                     grace_principal=current.grace_principal, rebased_from=current)


def reschedule(*, loan: Loan | int, on: dt.date, term: int, by: Any, annual_rate: Any = None,
               frequency: str | None = None, grace_principal: int = 0, reason: str = "") -> ScheduleVersion:
    """A new schedule for the principal left, starting ``on``; interest and fees due and unpaid are
    carried into its first installment. Earlier schedules stay as history."""
    with transaction.atomic():
        loan = _locked(loan)
        if loan.status != Status.ACTIVE:
            raise ValidationError(_("Only an active loan can be rescheduled."))
        at = position(loan, on)
        rate = Decimal(str(annual_rate)) if annual_rate is not None else loan.annual_rate
        try:
            terms = loan.terms(start=on, principal=loan.principal_outstanding, term=term, annual_rate=rate,
                               frequency=frequency or loan.frequency, grace_principal=grace_principal,
                               grace_interest=0, fee_amount=ZERO, first_installment_extra_interest=at.due["interest"],
                               first_installment_extra_fee=at.due["fee"])
            sched.build(terms)
        except sched.ScheduleError as error:
            raise ValidationError(_("These terms do not make a schedule.")) from error
        number = loan.schedules.count() + 1
        version = _schedule(loan, by=by, start=on, terms=terms, number=number, reason=reason,
                            base={"principal": loan.principal_paid, "interest": loan.interest_paid,
                                  "fee": loan.fees_paid}, carried_interest=at.due["interest"],
                            carried_fee=at.due["fee"], grace_principal=grace_principal)
        loan.term, loan.annual_rate, loan.frequency = term, rate, terms.frequency
        _save(loan)
        log_action(action="loan.reschedule", actor=by, obj=loan, extra={"schedule": number, "term": term,
                                                                        "reason": reason[:200]})
    return version


# ----------------------------------------------------------------------------- enterprises


def save_enterprise(*, by: Any, fields: dict[str, Any], owners: Sequence[Any]) -> Any:
    from .models import Enterprise

    if not owners:
        raise ValidationError({"owners": _("An enterprise has at least one owner.")})
    with transaction.atomic():
        enterprise = Enterprise.objects.create(created_by=by, **fields)
        enterprise.owners.set(owners)
        log_action(action="enterprise.create", actor=by, obj=enterprise)
    return enterprise


def record_sales(*, enterprise: Any, month: dt.date, amount: Any, by: Any) -> Any:
    """A month's sales (entered again for the same month, it is corrected, and the audit says so)."""
    from .models import MonthlySales

    amount = Decimal(str(amount))
    if amount < 0:
        raise ValidationError({"amount": _("Sales cannot be negative.")})
    with transaction.atomic():
        row, created = MonthlySales.objects.update_or_create(enterprise=enterprise, month=month.replace(day=1),
                                                             defaults={"amount": amount})
        log_action(action="enterprise.sales", actor=by, obj=enterprise,
                   extra={"month": row.month.isoformat()[:7], "amount": str(amount), "corrected": not created})
    return row


def record_visit(*, enterprise: Any, kind: str, on: dt.date, notes: str, by: Any) -> Any:
    from .models import Visit

    with transaction.atomic():
        visit = Visit.objects.create(enterprise=enterprise, kind=kind, on=on, notes=notes, by=by)
        log_action(action="enterprise.visit", actor=by, obj=enterprise, extra={"kind": kind, "on": on.isoformat()})
    return visit
