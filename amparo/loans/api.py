"""Loans under /api/v1/ (mounted in amparo/api.py); every endpoint goes through the gate.

Money-moving calls (repayments, disbursements) accept an ``Idempotency-Key`` header
(core.idempotency): a retry returns the first answer and never posts twice.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from amparo.core.api_errors import caller_language, invalid_from, responses
from amparo.core.idempotency import idempotent
from amparo.core.paging import Id
from amparo.core.permissions import get_visible_or_404, require

from . import ledger, services
from .models import Loan, LoanTransaction

router = Router(tags=["loans"])

class RepaymentIn(Schema):
    amount: Decimal = Field(..., gt=0, le=Decimal("1000000"), decimal_places=2,
                            description="Dollars and cents, e.g. 125.50")
    on: dt.date = Field(..., description="The date the money was received")
    note: str = Field("", max_length=300)


class DisbursementIn(Schema):
    on: dt.date = Field(..., description="The date the money was handed over")


class TransactionOut(Schema):
    id: int
    loan_id: int
    kind: str
    on: dt.date
    amount: str
    principal: str
    interest: str
    fee: str
    penalty: str
    journal_entry_id: int


class InstallmentOut(Schema):
    number: int
    due: dt.date
    principal: str
    interest: str
    fee: str
    total: str
    balance: str


class ScheduleOut(Schema):
    loan_id: int
    version: int
    start: dt.date
    principal: str
    installments: list[InstallmentOut]


class BalanceOut(Schema):
    account: str
    label: str
    debit: str
    credit: str
    balance: str


class TrialBalanceOut(Schema):
    accounts: list[BalanceOut]
    total_debit: str
    total_credit: str
    difference: str


def _txn(txn: LoanTransaction) -> dict[str, Any]:
    return {"id": txn.pk, "loan_id": txn.loan_id, "kind": txn.kind, "on": txn.on.isoformat(),
            "amount": str(txn.amount), "principal": str(txn.principal), "interest": str(txn.interest),
            "fee": str(txn.fee), "penalty": str(txn.penalty), "journal_entry_id": txn.entry_id}


def _money_moving(request: HttpRequest, loan_id: int, scope: str, work: Any) -> Any:
    loan = get_visible_or_404(request.user, Loan.objects, action="change", pk=loan_id)

    def run() -> tuple[int, dict[str, Any]]:
        with caller_language(request):
            try:
                return 201, _txn(work(loan))
            except ValidationError as exc:
                raise invalid_from(exc) from None

    status, body = idempotent(request, scope=f"{scope}:{loan.pk}", run=run)
    return Status(status, body)


@router.post("/loans/{loan_id}/repayments", response=responses({201: TransactionOut}, 400, 403, 404, 409, 422),
             summary="Record a repayment (Idempotency-Key: a retry never posts twice)")
def post_repayment(request: HttpRequest, loan_id: Id, payload: RepaymentIn) -> Any:
    return _money_moving(request, loan_id, "loans.repayment", lambda loan: services.repay(
        loan=loan, amount=payload.amount, on=payload.on, by=request.user, note=payload.note))


@router.post("/loans/{loan_id}/disbursements", response=responses({201: TransactionOut}, 400, 403, 404, 409, 422),
             summary="Disburse an approved loan (Idempotency-Key: a retry never posts twice)")
def post_disbursement(request: HttpRequest, loan_id: Id, payload: DisbursementIn) -> Any:
    return _money_moving(request, loan_id, "loans.disbursement", lambda loan: services.disburse(
        loan=loan, on=payload.on, by=request.user))


@router.get("/loans/{loan_id}/schedule", response=responses({200: ScheduleOut}, 404, 422),
            summary="The loan's current repayment schedule")
def get_schedule(request: HttpRequest, loan_id: Id) -> Any:
    loan = get_visible_or_404(request.user, Loan.objects, pk=loan_id)
    version = services.current_schedule(loan)
    rows = list(version.installments.all()) if version else []
    return {"loan_id": loan.pk, "version": version.number if version else 0,
            "start": version.start if version else loan.prepared_at.date(),
            "principal": str(version.principal if version else loan.amount),
            "installments": [{"number": i.number, "due": i.due, "principal": str(i.principal),
                              "interest": str(i.interest), "fee": str(i.fee), "total": str(i.total),
                              "balance": str(i.balance)} for i in rows]}


@router.get("/ledger/trial-balance", response=responses({200: TrialBalanceOut}, 404, 422),
            summary="Every account's debits, credits and balance; the difference is always zero")
def get_trial_balance(request: HttpRequest, until: dt.date | None = None) -> Any:
    require(request.user, "ledger.view")
    with caller_language(request):
        rows = ledger.trial_balance(until=until)
    debits, credits = sum(r.debit for r in rows), sum(r.credit for r in rows)
    return {"accounts": [{"account": r.account, "label": r.label, "debit": str(r.debit), "credit": str(r.credit),
                          "balance": str(r.balance)} for r in rows],
            "total_debit": str(debits), "total_credit": str(credits), "difference": str(debits - credits)}
