"""The general ledger: posting balanced entries, reversing them, the trial balance.

``post`` is the only way to write a journal entry: it refuses an entry that does not balance, a
line with a negative or sub-cent amount, or an empty entry, and writes the entry and its lines in
one transaction. On PostgreSQL a deferred constraint trigger (migration 0002) checks the balance
again at commit, so no other path can leave an unbalanced entry either.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum

from .models import DEBIT_NORMAL, ZERO, Account, JournalEntry, JournalLine


class Unbalanced(ValueError):
    pass


@dataclass(frozen=True)
class Line:
    account: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO


def debit(account: str, amount: Decimal) -> Line:
    return Line(account, debit=amount)


def credit(account: str, amount: Decimal) -> Line:
    return Line(account, credit=amount)


def _checked(lines: Iterable[Line]) -> list[Line]:
    kept = [line for line in lines if line.debit or line.credit]
    if not kept:
        raise Unbalanced("An entry needs at least one line.")
    for line in kept:
        if line.account not in Account.values:
            raise Unbalanced(f"Unknown account {line.account}")
        for amount in (line.debit, line.credit):
            if amount < 0 or amount != amount.quantize(Decimal("0.01")):
                raise Unbalanced("Amounts are positive and in cents.")
        if line.debit and line.credit:
            raise Unbalanced("A line is a debit or a credit, not both.")
    debits = sum((line.debit for line in kept), ZERO)
    credits = sum((line.credit for line in kept), ZERO)
    if debits != credits:
        raise Unbalanced(f"Debits {debits} and credits {credits} differ.")
    return kept


def post_many(*, on: dt.date, entries: list[tuple[Any, str, list[Line]]], by: Any = None) -> list[JournalEntry]:
    """Many entries of one date at once, each ``(loan, memo, lines)`` checked like ``post``
    (close of business posts a chunk's penalties this way)."""
    checked = [(loan, memo, _checked(lines)) for loan, memo, lines in entries]
    with transaction.atomic():
        made = JournalEntry.objects.bulk_create(
            [JournalEntry(on=on, memo=memo[:200], loan_id=getattr(loan, "pk", loan), posted_by=by)
             for loan, memo, _lines in checked])
        JournalLine.objects.bulk_create(
            JournalLine(entry=entry, account=line.account, loan_id=entry.loan_id, debit=line.debit, credit=line.credit)
            for entry, (_loan, _memo, lines) in zip(made, checked, strict=True) for line in lines)
    return made


def post(*, on: dt.date, lines: Iterable[Line], memo: str = "", loan: Any = None, by: Any = None,
         reverses: JournalEntry | None = None) -> JournalEntry:
    kept = _checked(lines)
    with transaction.atomic():
        entry = JournalEntry.objects.create(on=on, memo=memo[:200], loan=loan, posted_by=by, reverses=reverses)
        JournalLine.objects.bulk_create(
            JournalLine(entry=entry, account=line.account, loan=loan, debit=line.debit, credit=line.credit)
            for line in kept)
    return entry


def reverse(*, entry: JournalEntry, on: dt.date, by: Any = None, memo: str = "") -> JournalEntry:
    """A new entry with every line of ``entry`` on the other side (an entry is reversed once)."""
    lines = [Line(line.account, debit=line.credit, credit=line.debit) for line in entry.lines.all()]
    return post(on=on, lines=lines, memo=memo or f"Reversal of #{entry.pk}", loan=entry.loan, by=by, reverses=entry)


@dataclass(frozen=True)
class Balance:
    account: str
    label: str
    debit: Decimal
    credit: Decimal

    @property
    def balance(self) -> Decimal:
        """Positive on the account's normal side."""
        net = self.debit - self.credit
        return net if self.account in DEBIT_NORMAL else -net


def trial_balance(*, until: dt.date | None = None) -> list[Balance]:
    lines = JournalLine.objects.all()
    if until is not None:
        lines = lines.filter(entry__on__lte=until)
    sums = {row["account"]: row for row in lines.values("account").annotate(d=Sum("debit"), c=Sum("credit"))}
    cent = Decimal("0.01")  # SQLite sums decimals through floats: back to cents
    return [Balance(code, str(label), (sums.get(code, {}).get("d") or ZERO).quantize(cent),
                    (sums.get(code, {}).get("c") or ZERO).quantize(cent)) for code, label in Account.choices]


def loan_balances(loan_id: int) -> dict[str, Decimal]:
    """Each account's net debit for one loan's lines."""
    rows = (JournalLine.objects.filter(loan_id=loan_id).values("account")
            .annotate(d=Sum("debit"), c=Sum("credit")))
    return {row["account"]: ((row["d"] or ZERO) - (row["c"] or ZERO)).quantize(Decimal("0.01")) for row in rows}
