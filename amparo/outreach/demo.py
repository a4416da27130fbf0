"""Demo records of outreach: a weekly charla series with registrations, and a small TPS drive."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def load() -> str:
    from amparo.accounts.models import User
    from amparo.accounts.roles import Role

    from . import drive_import, services, synthetic
    from .models import Drive, Event

    if Event.objects.filter(title="Conozca sus derechos").exists():
        return "outreach: already loaded"
    organizer = User.objects.filter(role=Role.ORGANIZER).first() or User.objects.filter(is_superuser=True).first()
    if organizer is None:
        return "outreach: no organizer account yet; nothing loaded"
    start = timezone.localtime().replace(hour=18, minute=0, second=0, microsecond=0) + dt.timedelta(days=2)
    series = services.create_series(by=organizer, title="Conozca sus derechos", first_starts_at=start,
                                    duration=dt.timedelta(hours=2), weeks=6,
                                    place="Salón comunitario, 1530 James M Wood Blvd",
                                    language="es", capacity=40, audience="Familias inmigrantes",
                                    description="Charla gratuita sobre sus derechos ante inmigración. En español.")
    first = series.events.order_by("starts_at").first()
    for given, surnames, phone in [("María José", "Hernández López", "2135550101"),
                                   ("Wilmer", "Argueta Cruz", "3235550102"),
                                   ("Reina", "Portillo de Martínez", "8185550103")]:
        services.register(event=first, given_names=given, surnames=surnames, phone=phone, notify=False)
    created = 0
    if not Drive.objects.filter(slug="tps-sv-demo").exists():
        data = synthetic.to_csv(synthetic.drive_rows(300, seed=7), spanish=True)
        drive = drive_import.get_or_create_drive(slug="tps-sv-demo", program="tps", country_code="SV", by=organizer)
        Drive.objects.filter(pk=drive.pk).update(name="TPS El Salvador 2026 (demo)")
        imp = drive_import.start_import(drive=drive, data=data, filename="sitios-demo.csv", by=organizer)
        created = drive_import.run_import(imp, data, by=organizer)["rows"]
    return f"outreach: 6 charlas, 3 registrations, a drive of {created} rows"
