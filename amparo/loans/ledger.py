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
from django.utils import timezone

from . import bulk
from .models import DEBIT_NORMAL, ZERO, Account, JournalEntry, JournalLine

ACCOUNTS = frozenset(Account.values)


class Unbalanced(ValueError):
    pass


@dataclass(frozen=True)
class Line:
    account: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    loan: int | None = None  # the loan of the line, when an entry covers many loans (close of business)


def debit(account: str, amount: Decimal, loan: int | None = None) -> Line:
    return Line(account, debit=amount, loan=loan)


def credit(account: str, amount: Decimal, loan: int | None = None) -> Line:
    return Line(account, credit=amount, loan=loan)


def _checked(lines: Iterable[Line]) -> list[Line]:
    kept = [line for line in lines if line.debit or line.credit]
    if not kept:
        raise Unbalanced("An entry needs at least one line.")
    for line in kept:
        if line.account not in ACCOUNTS:
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


def post_many(*, on: dt.date, entries: list[tuple[Any, str, list[Line]]], by: Any = None) -> list[int]:
    """Many entries of one date at once, each ``(loan, memo, lines)`` checked like ``post``; returns
    their ids in order. Close of business posts a chunk's penalties, accruals and provisions this
    way: on PostgreSQL by COPY (``bulk``), and the deferred trigger checks each entry at commit."""
    checked = [(getattr(loan, "pk", loan), memo[:200], _checked(lines)) for loan, memo, lines in entries]
    if not checked:
        return []
    by_id = getattr(by, "pk", by)
    with transaction.atomic():
        if bulk.is_postgresql():
            ids = bulk.new_ids(JournalEntry, len(checked))
            now = timezone.now()
            bulk.insert(JournalEntry, ["id", "on", "posted_at", "memo", "loan", "posted_by"],
                        ((entry_id, on, now, memo, loan_id, by_id)
                         for entry_id, (loan_id, memo, _lines) in zip(ids, checked, strict=True)))
        else:
            made = JournalEntry.objects.bulk_create(
                [JournalEntry(on=on, memo=memo, loan_id=loan_id, posted_by_id=by_id) for loan_id, memo, _l in checked])
            ids = [entry.pk for entry in made]
        bulk.insert(JournalLine, ["entry", "account", "loan", "debit", "credit"],
                    ((entry_id, line.account, line.loan if line.loan is not None else loan_id, line.debit,
                      line.credit)
                     for entry_id, (loan_id, _memo, lines) in zip(ids, checked, strict=True) for line in lines))
    return ids


def post(*, on: dt.date, lines: Iterable[Line], memo: str = "", loan: Any = None, by: Any = None,
         reverses: JournalEntry | None = None) -> JournalEntry:
    kept = _checked(lines)
    with transaction.atomic():
        entry = JournalEntry.objects.create(on=on, memo=memo[:200], loan=loan, posted_by=by, reverses=reverses)
        JournalLine.objects.bulk_create(
            JournalLine(entry=entry, account=line.account, loan_id=line.loan if line.loan is not None
                        else getattr(loan, "pk", loan), debit=line.debit, credit=line.credit)
            for line in kept)
    return entry


def reversed_lines(entry: JournalEntry) -> list[Line]:
    """Every line of ``entry`` on the other side."""
    return [Line(line.account, debit=line.credit, credit=line.debit, loan=line.loan_id) for line in entry.lines.all()]


def reverse(*, entry: JournalEntry, on: dt.date, by: Any = None, memo: str = "",
            extra: Iterable[Line] = ()) -> JournalEntry:
    """A new entry with every line of ``entry`` on the other side (an entry is reversed once), and
    any ``extra`` lines (balanced among themselves) that the reversal needs."""
    return post(on=on, lines=reversed_lines(entry) + list(extra), memo=memo or f"Reversal of #{entry.pk}",
                loan=entry.loan, by=by, reverses=entry)


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
