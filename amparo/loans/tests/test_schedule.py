"""The schedule engine against an independent computation (numpy-financial) and its own promises."""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import numpy_financial as npf
import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from amparo.loans import schedule as s

amounts = st.integers(min_value=5_000, max_value=5_000_000).map(lambda c: Decimal(c) / 100)  # $50 to $50,000
rates = st.integers(min_value=0, max_value=3600).map(lambda bp: Decimal(bp) / 100)  # 0 % to 36 %
terms = st.integers(min_value=1, max_value=60)
frequencies = st.sampled_from([s.WEEKLY, s.BIWEEKLY, s.MONTHLY])
START = dt.date(2026, 1, 31)


@settings(max_examples=300, deadline=None)
@given(principal=amounts, rate=rates, term=terms, frequency=frequencies)
def test_declining_agrees_with_numpy_financial(principal, rate, term, frequency):
    result = s.build(s.Terms(principal=principal, annual_rate=rate, term=term, start=START,
                             frequency=frequency, method=s.DECLINING))
    r = float(rate) / 100 / s.PERIODS_PER_YEAR[frequency]
    payment = Decimal(str(npf.pmt(r, term, -float(principal)))).quantize(s.CENT)
    assert abs(result.payment - payment) <= Decimal("0.01")
    for row in result.installments[:-1]:  # the regular installments
        assert row.principal + row.interest == result.payment
        # numpy-financial's balance before this installment, paying the installment rounded to the
        # cent (the borrower pays cents): its interest agrees with ours to the cent.
        balance = -npf.fv(r, row.number - 1, -float(result.payment), float(principal)) if r else 0.0
        assert abs(row.interest - Decimal(str(balance * r))) <= Decimal("0.01"), (row, balance * r)
        if term <= 12:  # and with ipmt's unrounded installment, while the rounding drift is under a cent
            expected = Decimal(str(float(npf.ipmt(r, row.number, term, -float(principal))) if r else 0))
            assert abs(row.interest - expected) <= Decimal("0.01"), (row, expected)
    assert result.total_principal == principal
    assert result.installments[-1].balance == 0
    # The last installment takes what the cents left over: each period's rounding (the payment
    # and the interest, half a cent each at most) then earns interest until the end, so the
    # drift is bounded by a cent a period compounded at the period's rate, not by a cent a
    # period (at 36 % a year over 57 months it reaches 72 cents). numpy-financial's own balance
    # before the last installment, paid with the rounded payment, must agree within that bound.
    drift = Decimal(str(((1 + r) ** term - 1) / r)) if r else Decimal(term)
    tolerance = (Decimal("0.01") * drift).quantize(s.CENT) + Decimal("0.01")
    assert abs(result.installments[-1].total - result.payment) <= tolerance
    last_due = Decimal(str(-npf.fv(r, term - 1, -float(result.payment), float(principal)) * (1 + r)))
    assert abs(result.installments[-1].total - last_due) <= tolerance, (result.installments[-1], last_due)


@settings(max_examples=200, deadline=None)
@given(principal=amounts, rate=rates, term=terms, frequency=frequencies,
       method=st.sampled_from([s.DECLINING, s.FLAT]), grace=st.integers(0, 6), grace_interest=st.integers(0, 6),
       fee=st.integers(0, 1000).map(lambda c: Decimal(c) / 100),
       fee_kind=st.sampled_from([s.FEE_FLAT, s.FEE_PERCENT]),
       fee_timing=st.sampled_from([s.AT_DISBURSEMENT, s.PER_INSTALLMENT]))
def test_every_schedule_sums_exactly_to_the_principal(principal, rate, term, frequency, method, grace,
                                                      grace_interest, fee, fee_kind, fee_timing):
    terms = s.Terms(principal=principal, annual_rate=rate, term=term, start=START, frequency=frequency,
                    method=method, grace_principal=min(grace, term - 1), grace_interest=min(grace_interest, term - 1),
                    fee_amount=fee, fee_kind=fee_kind, fee_timing=fee_timing)
    result = s.build(terms)
    rows = result.installments
    assert len(rows) == term
    assert result.total_principal == principal
    assert all(r.principal >= 0 and r.interest >= 0 for r in rows)
    assert all(r.principal == r.principal.quantize(s.CENT) and r.interest == r.interest.quantize(s.CENT) for r in rows)
    assert all(r.total == r.principal + r.interest + r.fee for r in rows)
    assert all(r.principal == 0 for r in rows[:terms.grace_principal])
    assert all(r.interest == 0 for r in rows[:terms.grace_interest])
    assert [r.due for r in rows] == sorted(r.due for r in rows)
    assert result.total_cost_of_credit == result.total_interest + result.total_fees
    if rate == 0 and fee == 0:
        assert result.total_cost_of_credit == 0 and result.apr == 0


@settings(max_examples=100, deadline=None)
@given(principal=amounts, rate=rates.filter(lambda r: r > 0), term=st.integers(2, 48))
def test_flat_interest_is_on_the_original_principal(principal, rate, term):
    result = s.build(s.Terms(principal=principal, annual_rate=rate, term=term, start=START, method=s.FLAT))
    each = s.cents(principal * rate / 100 / 12)
    assert all(r.interest == each for r in result.installments)
    assert result.total_principal == principal


def test_a_known_schedule():
    result = s.build(s.Terms(principal=Decimal("1000.00"), annual_rate=Decimal("12"), term=12,
                             start=dt.date(2026, 1, 15)))
    assert result.payment == Decimal("88.85")
    first, last = result.installments[0], result.installments[-1]
    assert (first.due, first.interest, first.principal) == (dt.date(2026, 2, 15), Decimal("10.00"), Decimal("78.85"))
    assert last.due == dt.date(2027, 1, 15) and last.balance == 0
    assert result.total_principal == Decimal("1000.00")
    assert result.apr == Decimal("12.00")  # no fees: the APR is the nominal rate


def test_zero_interest_splits_the_principal():
    result = s.build(s.Terms(principal=Decimal("100.00"), annual_rate=Decimal("0"), term=3, start=START,
                             frequency=s.WEEKLY))
    assert [r.principal for r in result.installments] == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    assert [r.due for r in result.installments] == [dt.date(2026, 2, 7), dt.date(2026, 2, 14), dt.date(2026, 2, 21)]


def test_interest_grace_is_paid_with_the_first_installment_after_it():
    result = s.build(s.Terms(principal=Decimal("1200.00"), annual_rate=Decimal("12"), term=6, start=START,
                             method=s.FLAT, grace_interest=2))
    assert [r.interest for r in result.installments] == [0, 0, Decimal("36.00"), Decimal("12.00"), Decimal("12.00"),
                                                         Decimal("12.00")]


def test_fee_at_disbursement_raises_the_apr():
    result = s.build(s.Terms(principal=Decimal("1000.00"), annual_rate=Decimal("12"), term=12, start=START,
                             fee_amount=Decimal("3"), fee_kind=s.FEE_PERCENT))
    assert result.disbursement_fee == Decimal("30.00")
    assert result.apr > Decimal("17") and result.apr < Decimal("18")
    assert result.total_cost_of_credit == result.total_interest + Decimal("30.00")


def test_invalid_terms_are_refused():
    with pytest.raises(s.ScheduleError):
        s.build(s.Terms(principal=Decimal("100.001"), annual_rate=Decimal("1"), term=3, start=START))
    with pytest.raises(s.ScheduleError):
        s.build(s.Terms(principal=Decimal("100"), annual_rate=Decimal("1"), term=3, start=START, grace_principal=3))


def test_command_prints_the_same_numbers():
    out = StringIO()
    call_command("loan_schedule", "--principal", "1000", "--annual-rate", "12", "--term", "12", "--frequency",
                 "monthly", "--method", "declining", "--start", "2026-01-15", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["installments"][0]["interest"] == "10.00"
    assert data["installments"][0]["due"] == "2026-02-15"
    assert sum(Decimal(i["principal"]) for i in data["installments"]) == Decimal("1000")
    out = StringIO()
    call_command("loan_schedule", "--principal", "1000", "--annual-rate", "12", "--term", "3", "--start",
                 "2026-01-15", "--grace", "1", stdout=out)
    assert "2026-04-15" in out.getvalue() and "Annual percentage rate" in out.getvalue()
