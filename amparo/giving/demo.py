"""Demo records of giving, created through the services (so each has its audit entry), once:
funds, the Hurricane Mitch appeal and the capital campaign, donors (one of them a confidential
client of the demo center, to show that development staff see only the donor), gifts over three
years (LYBUNT lists have someone on them), a gala ticket, clothing in kind, a refund, a posted
batch with its receipts, a pledge, a grant with a deliverable counted from the cases, and an aid
drive with a shipment to Chalatenango."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from . import aid, grants, services
from .models import Campaign, Donor, DonorKind, Entry, Frequency, Fund, Method

DEMO_FUND = "Hurricane Mitch relief"


def _user():  # type: ignore[no-untyped-def]
    from amparo.accounts.demo import DEMO_DOMAIN
    from amparo.accounts.roles import Role

    users = get_user_model().objects.filter(is_active=True)
    return (users.filter(email=f"development@{DEMO_DOMAIN}").first() or users.filter(role=Role.DEVELOPMENT).first()
            or users.filter(role=Role.ADMINISTRATOR).first())


def _client_person():  # type: ignore[no-untyped-def]
    """A demo client whose case is restricted (asylum), if the demo center is loaded."""
    from django.apps import apps

    Case = apps.get_model("legal", "Case")
    case = Case.objects.filter(restricted=True, client__donor__isnull=True).select_related("client").first()
    return case.client if case else None


def load() -> str:
    if Fund.objects.filter(name=DEMO_FUND).exists():
        return "giving: already loaded"
    by = _user()
    if by is None:
        return "giving: no staff account to record the demo gifts"
    today = timezone.localdate()
    year = today.year
    with transaction.atomic():
        general = Fund.objects.create(name="General operating", purpose="Where the need is greatest")
        mitch = Fund.objects.create(name=DEMO_FUND, restricted=True, purpose="Relief for families in Central America")
        building = Fund.objects.create(name="Building fund", restricted=True, purpose="The new center on Pico Blvd.")
        appeal = Campaign.objects.create(name="Hurricane Mitch emergency appeal", kind=Campaign.Kind.EMERGENCY,
                                         goal=Decimal("100000.00"), starts=dt.date(year, 1, 5), fund=mitch)
        capital = Campaign.objects.create(name="Capital campaign: a home for the center", kind=Campaign.Kind.CAPITAL,
                                          goal=Decimal("3000000.00"), starts=dt.date(year - 2, 9, 1), fund=building)
        gala = Campaign.objects.create(name="Spring gala", kind=Campaign.Kind.EVENT, goal=Decimal("25000.00"),
                                       starts=dt.date(year, 4, 20), fund=general)
        people = [
            ("María Elena Cruz", "es", "maria.cruz@example.org"), ("Robert Lindqvist", "en", "rlindqvist@example.com"),
            ("José Antonio Flores", "es", ""), ("Patricia O'Neill", "en", "poneill@example.net"),
            ("Ana Lucía Mejía", "es", "anamejia@example.org"), ("David Chen", "en", ""),
        ]
        donors = [services.create_donor(by=by, name=n, language=lang, email=e,
                                        address="1234 W Pico Blvd\nLos Angeles, CA 90015") for n, lang, e in people]
        church = services.create_donor(by=by, name="Iglesia San Juan Bautista", kind=DonorKind.CHURCH, language="es")
        foundation = services.create_donor(by=by, name="Weingart Family Foundation (demo)", kind=DonorKind.FOUNDATION,
                                           language="en")
        union = services.create_donor(by=by, name="SEIU Local 2015 (demo)", kind=DonorKind.UNION, language="en")
        services.create_donor(by=by, name="City of Los Angeles (demo)", kind=DonorKind.GOVERNMENT, language="en")
        person = _client_person()
        if person is not None:  # a client who also gives: the same person, seen as a donor only
            client_donor = services.create_donor(by=by, name=person.full_name, person=person, language="es")
            services.record_donation(by=by, donor=client_donor, received_on=today - dt.timedelta(days=30),
                                     method=Method.CASH, amount="20.00", fund=general)
        for i, donor in enumerate(donors):
            for back in (2, 1) if i % 2 else (2, 1, 0):  # half of them lapse this year: LYBUNT
                on = dt.date(year - back, 3 + i, 10)
                if on <= today:
                    services.record_donation(by=by, donor=donor, received_on=on, method=Method.CHECK,
                                             amount=Decimal(50 * (i + 1)), fund=general)
        first = services.record_donation(by=by, donor=donors[0], received_on=dt.date(year, 1, 12), method=Method.CASH,
                                         amount="300.00", campaign=appeal)
        services.issue_receipt(by=by, donation=first)
        ticket = services.record_donation(by=by, donor=donors[1], received_on=dt.date(year, 4, 20), method=Method.CARD,
                                          amount="150.00", campaign=gala, goods_value="60.00",
                                          goods_description="the gala dinner")
        services.issue_receipt(by=by, donation=ticket)
        clothes = services.record_donation(by=by, donor=church, received_on=dt.date(year, 1, 20),
                                           method=Method.IN_KIND, amount="1200.00", fund=mitch,
                                           in_kind_description="40 boxes of clothing and blankets")
        services.issue_receipt(by=by, donation=clothes)
        bounced = services.record_donation(by=by, donor=donors[2], received_on=dt.date(year, 2, 3),
                                           method=Method.CHECK, amount="500.00", campaign=appeal)
        services.issue_receipt(by=by, donation=bounced)
        services.correct_donation(by=by, original=bounced, entry=Entry.REFUND, on=dt.date(year, 2, 20),
                                  reason="Check returned by the bank")
        services.record_donation(by=by, donor=union, received_on=dt.date(year, 2, 1), method=Method.BANK,
                                 amount="5000.00", splits=[(mitch, "3000.00"), (general, "2000.00")],
                                 soft_credits=[{"kind": "honor", "name": "Monseñor Óscar Romero"}])
        services.record_donation(by=by, donor=foundation, received_on=dt.date(year - 1, 11, 2), method=Method.BANK,
                                 amount="250000.00", campaign=capital)
        batch = services.create_batch(by=by, label="Mail of January 15", expected_count=3, expected_total="175.00")
        for donor, amount in ((donors[3], "25.00"), (donors[4], "100.00"), (donors[5], "50.00")):
            services.add_entry(by=by, batch=batch, donor=donor, received_on=dt.date(year, 1, 15), method=Method.CHECK,
                               amount=amount, fund=mitch, campaign=appeal)
        services.post_batch(by=by, batch=batch)
        services.issue_batch_receipts(by=by, batch=batch)
        services.create_pledge(by=by, donor=donors[1], total="1200.00", pledged_on=dt.date(year, 1, 1),
                               installments=12, frequency=Frequency.MONTHLY, fund=building, campaign=capital)
        services.create_recurring(by=by, donor=donors[4], amount="15.00", frequency=Frequency.MONTHLY, fund=general,
                                  starts=dt.date(year, 1, 1))
        grant = grants.create_grant(by=by, funder=foundation, title="Immigration legal services, two years",
                                    requested="200000.00", due_on=dt.date(year, 3, 1))
        grant = grants.set_stage(by=by, grant=grant, stage="awarded", on=dt.date(year, 4, 1), awarded="180000.00",
                                 period=(dt.date(year, 1, 1), dt.date(year + 1, 12, 31)),
                                 restrictions="Legal services only")
        grants.record_payment(by=by, grant=grant, on=dt.date(year, 4, 15), amount="90000.00")
        grants.add_deliverable(by=by, grant=grant, description="300 legal cases opened", metric="legal.cases_opened",
                               target=300, report_due=today + dt.timedelta(days=10))
        drive = aid.create_drive(by=by, name="Hurricane Mitch aid drive", starts=dt.date(year, 1, 5))
        for category, what, unit, qty, kg, expires in (
                ("clothing", "Children's clothing", "piece", 400, "120.00", None),
                ("food", "Rice", "bag (5 kg)", 80, "400.00", dt.date(year + 1, 6, 1)),
                ("medicine", "Oral rehydration salts", "packet", 500, "15.00", dt.date(year + 1, 3, 1))):
            aid.receive_goods(by=by, drive=drive, on=dt.date(year, 1, 10), category=category, description=what,
                              unit=unit, quantity=qty, weight_kg=kg, expires_on=expires)
        shipment = aid.pack_shipment(
            by=by, drive=drive, department="SV-CH", municipality="Chalatenango Centro",
            partner="Comité de Emergencia de Chalatenango (demo)", packed_on=dt.date(year, 1, 25), boxes=[
                {"weight_kg": "22.50", "items": [{"category": "clothing", "description": "Children's clothing",
                                                  "quantity": 75, "unit": "piece"}]},
                {"weight_kg": "25.00", "items": [{"category": "food", "description": "Rice", "quantity": 5,
                                                  "unit": "bag (5 kg)"},
                                                 {"category": "medicine", "description": "Oral rehydration salts",
                                                  "quantity": 100, "unit": "packet"}]}])
        aid.ship(by=by, shipment=shipment, on=dt.date(year, 1, 28), carrier="Cargo Expreso (demo)")
    return f"giving: {Donor.objects.count()} donors, 3 campaigns, a grant, an aid shipment"
