"""Demo records of the programs, created through the services, nothing twice."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from amparo.accounts.demo import DEMO_DOMAIN
from amparo.people.models import Person

from . import services
from .models import Availability, Bed, DisasterEvent, HousingRoom, Program, Provider, Room, Service, Site

SERVICES = (("primary_care", "Consulta general", Program.CLINIC, 20),
            ("counselling", "Consejería individual", Program.MENTAL_HEALTH, 50),
            ("group_therapy", "Terapia de grupo", Program.MENTAL_HEALTH, 90),
            ("psychiatric_referral", "Evaluación para referencia psiquiátrica", Program.MENTAL_HEALTH, 50))


def load() -> str:
    if Site.objects.filter(name="El Refugio").exists():
        return "programs: already loaded"
    users = get_user_model().objects
    clinician = users.filter(email=f"clinica@{DEMO_DOMAIN}").first()
    housing = users.filter(email=f"refugio@{DEMO_DOMAIN}").first()
    if clinician is None or housing is None:
        return "programs: demo accounts missing, nothing loaded"
    for code, name, program, minutes in SERVICES:
        Service.objects.get_or_create(code=code, defaults={"name": name, "program": program, "minutes": minutes})
    provider, _created = Provider.objects.get_or_create(user=clinician, defaults={
        "licence": "LMFT 54321", "languages": "es, en", "programs": [Program.CLINIC, Program.MENTAL_HEALTH]})
    for weekday in range(5):
        Availability.objects.get_or_create(provider=provider, weekday=weekday, starts=dt.time(9), ends=dt.time(17))
    for name in ("Consultorio 1", "Consultorio 2", "Sala de grupo"):
        Room.objects.get_or_create(name=name)
    site = Site.objects.create(name="El Refugio", address="Los Angeles, CA")
    for room_name, beds, family in (("Cuarto 1", 4, True), ("Cuarto 2", 4, True), ("Cuarto 3", 2, False)):
        room = HousingRoom.objects.create(site=site, name=room_name)
        for i in range(beds):
            Bed.objects.create(room=room, label=chr(65 + i), family_room=family, crib=family and i == 3,
                               accessible=room_name == "Cuarto 3", available_from=dt.date(2025, 1, 1))
    DisasterEvent.objects.get_or_create(name="Simulacro de terremoto", defaults={"started_on": timezone.localdate()})
    people = list(Person.objects.current().filter(hidden=False).order_by("pk")[:6])
    today = timezone.localdate()
    booked = 0
    counselling = Service.objects.get(code="counselling")
    for i, person in enumerate(people[:3]):
        start = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time(10 + i)))
        if start.weekday() >= 5:
            continue
        booked += len(services.book_series(person=person, provider=clinician, service=counselling,
                                           starts_at=start, ends_at=start + dt.timedelta(minutes=50), weeks=4,
                                           by=clinician, room=Room.objects.get(name="Consultorio 1")))
    bed = Bed.objects.order_by("pk").first()
    stays = 0
    if people[3:] and bed:
        services.admit(person=people[3], bed=bed, entry_date=today - dt.timedelta(days=10),
                       expected_exit=today + dt.timedelta(days=3), by=housing)
        stays = 1
    if people[4:]:
        services.add_to_waitlist(person=people[4], by=housing, added_on=today - dt.timedelta(days=5), children=True,
                                 household_size=4)
    return f"programs: {booked} appointments, {Bed.objects.count()} beds, {stays} stay"
