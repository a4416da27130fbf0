"""Year-end statements (each gift once, a second run issues nothing), retention lists, campaigns,
grants counted from cases, material aid from stock to the receiver, reminders, the demo."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.test import TestCase

from amparo.core.models import TaskProgress
from amparo.giving import aid, grants, jobs, selectors, services
from amparo.giving.documents import manifest_pdf
from amparo.giving.models import Campaign, Entry, Frequency, Receipt, StatementLine
from amparo.giving.tasks import year_end_statements

from .factories import donor, fund, gift, staff

pytestmark = pytest.mark.django_db


def test_a_year_end_statement_lists_each_gift_once_at_its_net_amount_and_runs_once():
    by = staff()
    who = donor(by, "Elena Ruiz")
    kept = gift(by, who, "100.00", on=dt.date(2025, 3, 1))
    services.issue_receipt(by=by, donation=kept, on=dt.date(2025, 3, 2))
    services.correct_donation(by=by, original=kept, entry=Entry.ADJUSTMENT, amount="-10.00", on=dt.date(2025, 3, 5),
                              reason="typed 100 for 90")
    refunded = gift(by, who, "50.00", on=dt.date(2025, 6, 1))
    services.correct_donation(by=by, original=refunded, entry=Entry.REFUND, on=dt.date(2025, 6, 2), reason="bounced")
    gala = gift(by, who, "150.00", on=dt.date(2025, 9, 1), goods_value="60.00", goods_description="dinner")
    gift(by, who, "75.00", on=dt.date(2026, 1, 2))  # next year: not on it
    progress = TaskProgress.objects.create(owner=by, kind="giving.statements", label="s")
    with TestCase.captureOnCommitCallbacks(execute=True):
        year_end_statements.enqueue(str(progress.pk), 2025, by.pk, "2026-01-15")
    statement = Receipt.objects.get(kind=Receipt.Kind.STATEMENT)
    lines = list(StatementLine.objects.filter(receipt=statement).values_list("donation_id", "amount", "deductible"))
    assert lines == [(kept.pk, Decimal("90.00"), Decimal("90.00")), (gala.pk, Decimal("150.00"), Decimal("90.00"))]
    assert statement.amount == Decimal("240.00") and statement.deductible == Decimal("180.00")
    assert statement.code == "2026-000001" and statement.period == 2025
    assert services.year_end_statement(by=by, donor=who, year=2025) is None  # a second run: nothing twice
    assert Receipt.objects.filter(kind=Receipt.Kind.STATEMENT).count() == 1


def test_retention_lists():
    by = staff()
    lybunt, loyal, first, lapsed = (donor(by, n) for n in ("Lybunt", "Loyal", "First", "Lapsed"))
    gift(by, lybunt, on=dt.date(2025, 5, 1))
    gift(by, loyal, on=dt.date(2025, 5, 1))
    gift(by, loyal, on=dt.date(2026, 5, 1))
    gift(by, first, on=dt.date(2026, 5, 1))
    gift(by, lapsed, on=dt.date(2022, 5, 1))
    names = {k: [d.name for d in selectors.retention(by, k, 2026)] for k in ("lybunt", "sybunt", "first", "lapsed")}
    assert names == {"lybunt": ["Lybunt"], "sybunt": ["Lapsed"], "first": ["First"], "lapsed": ["Lapsed"]}


def test_campaign_thermometer_counts_refunds():
    by = staff()
    campaign = Campaign.objects.create(name="Mitch", goal=Decimal("1000.00"), starts=dt.date(2026, 1, 1), fund=fund())
    gift(by, amount="600.00", campaign=campaign)
    bounced = gift(by, amount="200.00", campaign=campaign)
    services.correct_donation(by=by, original=bounced, entry=Entry.VOID, on=dt.date(2026, 3, 3), reason="error")
    progress = selectors.campaign_progress(campaign)
    assert progress["raised"] == Decimal("600.00") and progress["percent"] == 60


def test_grant_progress_is_counted_from_cases_and_reports_are_reminded():
    from amparo.legal.tests.factories import make_case

    by = staff()
    grant = grants.create_grant(by=by, funder=donor(by, "Fundación", kind="foundation"), title="Legal services",
                                requested="1000")
    today = dt.date.today()
    grant = grants.set_stage(by=by, grant=grant, stage="awarded", on=today, awarded="1000",
                             period=(today - dt.timedelta(days=30), today + dt.timedelta(days=30)))
    deliverable = grants.add_deliverable(by=by, grant=grant, description="4 cases", metric="legal.cases_opened",
                                         target=4, report_due=today + dt.timedelta(days=3))
    make_case()
    assert grants.progress(deliverable, today=today)["done"] == 1
    assert grants.progress(deliverable, today=today)["percent"] == 25
    assert jobs.send_report_reminders(today=today) == 1 and jobs.send_report_reminders(today=today) == 0
    assert len(mail.outbox) == 1


def test_pledge_installments_and_reminders():
    by = staff()
    who = donor(by, email="d@example.org", language="en")
    pledge = services.create_pledge(by=by, donor=who, total="100.00", pledged_on=dt.date(2026, 1, 1), installments=3,
                                    frequency=Frequency.MONTHLY, fund=fund())
    assert [i.amount for i in pledge.schedule.all()] == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    assert jobs.send_pledge_reminders(today=dt.date(2026, 1, 28)) == 1  # Feb 1 is due within the week
    assert jobs.send_pledge_reminders(today=dt.date(2026, 1, 28)) == 0
    assert "pledge" in mail.outbox[0].subject


def test_aid_from_stock_to_the_receiver_with_a_bilingual_manifest():
    by = staff()
    drive = aid.create_drive(by=by, name="Terremoto 2001", starts=dt.date(2026, 1, 1))
    aid.receive_goods(by=by, drive=drive, on=dt.date(2026, 1, 2), category="water", description="Water", unit="gallon",
                      quantity=10, weight_kg="38")
    with pytest.raises(Exception):
        aid.pack_shipment(by=by, drive=drive, department="SV-US", municipality="Usulután", partner="CRS",
                          packed_on=dt.date(2026, 1, 3), boxes=[{"weight_kg": "50", "items": [
                              {"category": "water", "description": "Water", "quantity": 11, "unit": "gallon"}]}])
    shipment = aid.pack_shipment(by=by, drive=drive, department="SV-US", municipality="Usulután", partner="CRS",
                                 packed_on=dt.date(2026, 1, 3), boxes=[{"weight_kg": "30.4", "items": [
                                     {"category": "water", "description": "Water", "quantity": 8, "unit": "gallon"}]}])
    assert aid.on_hand(drive)[0]["quantity"] == Decimal("2")
    with pytest.raises(Exception):
        aid.confirm_received(by=by, shipment=shipment, on=dt.date(2026, 1, 9), received_by="Alcaldía")
    aid.ship(by=by, shipment=shipment, on=dt.date(2026, 1, 4))
    shipment = aid.confirm_received(by=by, shipment=shipment, on=dt.date(2026, 1, 9), received_by="Alcaldía")
    assert shipment.state == "received"
    context = aid.manifest_context(shipment)
    assert [s["title"] for s in context["sections"]] == ["Lista de empaque", "Packing manifest"]
    assert manifest_pdf(shipment).startswith(b"%PDF")


def test_the_demo_loads_once():
    from amparo.giving.demo import load

    staff("administrator")
    assert "donors" in load()
    assert load() == "giving: already loaded"
