"""Demo records of volunteers, created through the services, once: five volunteers (one with the
demo volunteer's account), shifts at the first weekly charla and the demo TPS drive with their
sign-ups, hours approved and waiting, and a demo hourly value (the admin says it is the center's
own figure; this one is for the demo only)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

VOLUNTEERS = [
    # name, phone, email, skills, check (done, expires in days), weekday availability
    ("Emily Carter", "8185550140", "volunteer@amparo.example", ["en", "es", "data-entry"], (-300, 65), {5: (9, 13)}),
    ("Rosa Elena Guardado", "2135550141", "", ["es", "quc", "interpreter"], (-700, 20), {1: (17, 21), 3: (17, 21)}),
    ("Marcos Tzul Chávez", "3235550142", "", ["es", "quc", "driver"], (-400, -10), {5: (8, 16), 6: (8, 12)}),
    ("David Kim", "2135550143", "dkim@example.org", ["en", "notary"], (-100, 265), {2: (18, 20)}),
    ("Sofía Ramírez Bonilla", "8185550144", "", ["es", "en", "attorney"], (-30, 335), {0: (12, 14), 4: (12, 14)}),
]


def load() -> str:
    from amparo.accounts.models import Office, User
    from amparo.accounts.roles import Role
    from amparo.outreach.models import Drive, Event

    from . import services
    from .models import HoursEntry, Rate, Skill, Volunteer

    if Volunteer.objects.filter(name="Rosa Elena Guardado").exists():
        return "volunteers: already loaded"
    coordinator = User.objects.filter(role=Role.ORGANIZER, is_active=True).first() or User.objects.filter(
        is_superuser=True).first()
    director = User.objects.filter(role=Role.DIRECTOR, is_active=True).first() or coordinator
    if coordinator is None:
        return "volunteers: no coordinator account yet; nothing loaded"
    today = timezone.localdate()
    office = Office.objects.filter(name__icontains="Pico-Union").first()
    if not Skill.objects.exists():  # a database emptied after migrating (the browser tests' flush)
        from importlib import import_module

        from django.apps import apps as registry

        import_module("amparo.volunteers.migrations.0002_seed_skills_list").seed(registry, None)
    skills = {s.code: s for s in Skill.objects.all()}
    volunteers = []
    for name, phone, email, codes, (done, expires), days in VOLUNTEERS:
        account = User.objects.filter(email=email).first() if email.endswith("amparo.example") else None
        volunteer = services.create_volunteer(
            by=coordinator, name=name, phone=phone, email=email, user=account, office=office,
            skills=[skills[c] for c in codes if c in skills], started_on=today + dt.timedelta(days=done - 10),
            check_status="cleared", check_done_on=today + dt.timedelta(days=done),
            check_expires_on=today + dt.timedelta(days=expires),
            emergency_name="Familia", emergency_phone="2135550199", emergency_relation="familia")
        services.set_availability(volunteer=volunteer, by=coordinator,
                                  days={d: (dt.time(a), dt.time(b)) for d, (a, b) in days.items()})
        volunteers.append(volunteer)
    if not Rate.objects.exists():
        Rate.objects.create(effective_from=dt.date(today.year - 1, 1, 1), hourly=Decimal("30.00"),
                            note="Demo value only: each center sets its own.")
    shifts = 0
    charla = Event.objects.filter(title="Conozca sus derechos").order_by("starts_at").first()
    if charla is not None:
        door = services.create_shift(by=coordinator, event=charla, role="Registro en la puerta",
                                     starts_at=charla.starts_at - dt.timedelta(minutes=30), ends_at=charla.ends_at,
                                     slots=2, skills=[skills["es"]], office=office)
        interp = services.create_shift(by=coordinator, event=charla, role="Intérprete de k'iche'",
                                       starts_at=charla.starts_at, ends_at=charla.ends_at, slots=1,
                                       skills=[skills["quc"], skills["interpreter"]], office=office)
        services.sign_up(shift=door, volunteer=volunteers[2], by=coordinator)
        services.sign_up(shift=interp, volunteer=volunteers[1], by=coordinator)
        shifts += 2
    drive = Drive.objects.filter(slug="tps-sv-demo").first()
    if drive is not None:
        start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + dt.timedelta(days=5)
        entry = services.create_shift(by=coordinator, drive=drive, role="Captura de datos", starts_at=start,
                                      ends_at=start + dt.timedelta(hours=4), slots=3,
                                      skills=[skills["data-entry"]], office=office)
        services.sign_up(shift=entry, volunteer=volunteers[0], by=coordinator)
        shifts += 1
    logged = [(1, 40, "3", "interpreting", "legal"), (1, 33, "2.5", "interpreting", "legal"),
              (2, 26, "6", "driving", "general"), (3, 19, "2", "clinic", "legal"),
              (4, 12, "1.5", "clinic", "legal"), (0, 5, "4", "registration", "drives"),
              (1, 2, "3", "interpreting", "events")]
    for number, (who, days_ago, hours, activity, program) in enumerate(logged):
        entry = services.log_hours(volunteer=volunteers[who], by=coordinator, today=today, hours=hours,
                                   date=today - dt.timedelta(days=days_ago), activity=activity, program=program)
        if number < 5:
            services.decide(entry=entry, by=director, approve=True)
    pending = HoursEntry.objects.filter(status=HoursEntry.Status.PENDING).count()
    return (f"volunteers: {len(volunteers)} volunteers, {shifts} shifts, {len(logged)} entries of hours "
            f"({pending} to approve)")
