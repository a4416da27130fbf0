"""Receipts say what Publication 1771 asks, in English and Spanish, for the five cases of the issue;
they are numbered per year; a reprint is a copy; a refund issues a corrected receipt."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from amparo.giving import acknowledgment, services
from amparo.giving.documents import receipt_html, receipt_text, receipts_pdf
from amparo.giving.models import Entry, Method, Receipt

from .factories import donor, gift, staff

ON = dt.date(2026, 3, 10)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


def texts(receipt: Receipt) -> tuple[str, str]:
    return " ".join(receipt.text_en), " ".join(receipt.text_es)


def test_300_cash_with_nothing_in_return():
    by = staff()
    receipt = services.issue_receipt(by=by, donation=gift(by, donor(by, "Ana Reyes"), "300.00", method=Method.CASH),
                                     on=ON)
    en, es = texts(receipt)
    assert "contribution of $300.00 received on March 2, 2026" in en
    assert "No goods or services were provided in exchange for this contribution." in en
    assert "la contribución de US$300.00 recibida el 2 de marzo de 2026" in es
    assert "No se entregaron bienes ni servicios a cambio de esta contribución." in es
    assert receipt.deductible == Decimal("300.00")
    ack = acknowledgment.acknowledge(services.gift_facts(receipt.donation))
    assert ack.written_required and not ack.disclosure_required


def test_150_gala_ticket_with_a_60_dinner():
    by = staff()
    donation = gift(by, donor(by, "Luis Pérez"), "150.00", method=Method.CARD, goods_value="60.00",
                    goods_description="a gala dinner")
    receipt = services.issue_receipt(by=by, donation=donation, on=ON)
    en, es = texts(receipt)
    assert "the donor received a gala dinner with a good-faith estimated value of $60.00" in en
    assert "deductible for federal income tax purposes is limited" in en and en.endswith("provided: $90.00.")
    assert "con un valor estimado de buena fe de US$60.00" in es
    assert "deducible del impuesto federal" in es and es.endswith("recibidos: US$90.00.")
    assert "No goods or services" not in en
    assert receipt.deductible == Decimal("90.00")
    ack = acknowledgment.acknowledge(services.gift_facts(donation))
    assert ack.disclosure_required and not ack.written_required


def test_40_gift_needs_no_written_acknowledgment_but_gets_a_receipt():
    by = staff()
    donation = gift(by, donor(by), "40.00", method=Method.CASH)
    ack = acknowledgment.acknowledge(services.gift_facts(donation))
    assert not ack.written_required and not ack.disclosure_required
    en, es = texts(services.issue_receipt(by=by, donation=donation, on=ON))
    assert "$40.00" in en and "US$40.00" in es and "No se entregaron bienes" in es


def test_in_kind_clothing_is_described_never_valued():
    by = staff()
    donation = gift(by, donor(by, "Iglesia San José", kind="church"), "800.00", method=Method.IN_KIND,
                    in_kind_description="12 boxes of winter clothing for children")
    receipt = services.issue_receipt(by=by, donation=donation, on=ON)
    en, es = texts(receipt)
    assert "of: 12 boxes of winter clothing for children." in en and "800" not in en
    assert "does not state their value" in en
    assert "de: 12 boxes of winter clothing for children." in es and "800" not in es
    assert "no indica su valor" in es
    assert receipt.deductible == Decimal("0")


def test_refund_of_a_receipted_gift_keeps_the_original_and_issues_a_corrected_receipt():
    by = staff()
    donation = gift(by, donor(by, "Rosa Díaz"), "500.00", method=Method.CHECK)
    original = services.issue_receipt(by=by, donation=donation, on=ON)
    refund = services.correct_donation(by=by, original=donation, entry=Entry.REFUND, on=dt.date(2026, 4, 1),
                                       reason="Check returned by the bank")
    assert refund.amount == Decimal("-500.00") and services.net_amount(donation) == 0
    donation.refresh_from_db()
    assert donation.amount == Decimal("500.00")  # the original stays as it was
    corrected = Receipt.objects.get(kind=Receipt.Kind.CORRECTION)
    assert corrected.replaces == original and corrected.number == original.number + 1
    en, es = texts(corrected)
    assert f"returned to Rosa Díaz on April 1, 2026 the contribution acknowledged in receipt {original.code}" in en
    assert "no longer supports a deduction" in en and "$0.00" in en
    assert f"devolvió a Rosa Díaz el 1 de abril de 2026 la contribución reconocida en el recibo {original.code}" in es
    assert "ya no respalda una deducción" in es
    with pytest.raises(Exception, match="already been refunded"):
        services.correct_donation(by=by, original=donation, entry=Entry.VOID, on=ON, reason="again")


def test_numbers_run_per_year_and_a_gift_gets_one_receipt():
    by = staff()
    who = donor(by)
    first = services.issue_receipt(by=by, donation=gift(by, who), on=dt.date(2026, 12, 31))
    again = services.issue_receipt(by=by, donation=first.donation, on=dt.date(2026, 12, 31))
    second = services.issue_receipt(by=by, donation=gift(by, who), on=dt.date(2026, 12, 31))
    next_year = services.issue_receipt(by=by, donation=gift(by, who), on=dt.date(2027, 1, 2))
    assert again == first
    assert (first.code, second.code, next_year.code) == ("2026-000001", "2026-000002", "2027-000001")


def test_a_reprint_is_marked_as_a_copy_and_the_receipt_is_bilingual_donors_language_first():
    by = staff()
    receipt = services.issue_receipt(by=by, donation=gift(by, donor(by, language="es")), on=ON)
    assert services.record_print(by=by, receipt=receipt) is False
    assert services.record_print(by=by, receipt=receipt) is True
    html = receipt_html(receipt, copy=True)
    assert html.index("Recibo") < html.index("No goods or services")
    assert "COPIA" in html and "COPY" in html
    subject, body = receipt_text(receipt, copy=False)
    assert subject.startswith("Su recibo") and "COPIA" not in body
    assert receipts_pdf([(receipt, True)]).startswith(b"%PDF")


def test_split_gift_must_add_up():
    from amparo.giving.models import Fund

    by = staff()
    a, b = Fund.objects.create(name="Legal aid"), Fund.objects.create(name="Mitch relief", restricted=True)
    with pytest.raises(Exception, match="add up"):
        services.record_donation(by=by, donor=donor(by), received_on=ON, method=Method.CASH, amount="100.00",
                                 splits=[(a, "60.00"), (b, "30.00")])
    donation = services.record_donation(by=by, donor=donor(by), received_on=ON, method=Method.CASH,
                                        amount="100.00", splits=[(a, "60.00"), (b, "40.00")])
    assert sorted(x.amount for x in donation.allocations.all()) == [Decimal("40.00"), Decimal("60.00")]


def test_donations_are_never_edited_or_deleted():
    donation = gift()
    with pytest.raises(ValueError):
        donation.save()
    with pytest.raises(ValueError):
        donation.delete()
