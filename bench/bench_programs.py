"""Programs at scale (``make bench BENCH=programs``): the provider day view and the bed board.

Loads N clients, M appointments (over two years, 40 providers, 12 rooms) and S shelter stays
(over five years, 120 beds) into their own PostgreSQL database, then times whole requests
through Django (middleware, gate, selectors, templates) with the test client: a clinician's
provider day view and the housing worker's bed board. Target: p95 under 150 ms with 50,000
clients, 500,000 appointments and 20,000 stays.

Options: --programs-clients (50k), --programs-appointments (500k), --programs-stays (20k),
--programs-queries (100 per page), --programs-pg-url; --quick uses 2k / 20k / 2k.

The timing half runs in its own process (``python -m bench.bench_programs --worker ...``) so it
can point Django at its own database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PROVIDERS, ROOMS, BEDS = 45, 12, 120
SLOTS_PER_DAY = 16  # half-hour appointments, 9:00 to 17:00


def add_arguments(parser: Any) -> None:
    parser.add_argument("--programs-clients", type=int, default=50_000)
    parser.add_argument("--programs-appointments", type=int, default=500_000)
    parser.add_argument("--programs-stays", type=int, default=20_000)
    parser.add_argument("--programs-queries", type=int, default=100, help="timed requests per page")
    parser.add_argument("--programs-pg-url", default="postgres://postgres@127.0.0.1:5432/amparo_bench_programs")


def run(args: Any) -> dict[str, Any]:
    quick = getattr(args, "quick", False)
    sizes = (2_000, 20_000, 2_000) if quick else (args.programs_clients, args.programs_appointments,
                                                    args.programs_stays)
    command = [sys.executable, "-m", "bench.bench_programs", "--worker", "--database", args.programs_pg_url,
               "--clients", str(sizes[0]), "--appointments", str(sizes[1]), "--stays", str(sizes[2]),
               "--queries", str(20 if quick else args.programs_queries)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["targets"] = {name: figures["pages"][name]["p95"] < 150 for name in figures["pages"]
                          if name in ("provider_day", "bed_board_tonight", "bed_board_past_night")}
    return figures


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return round(ordered[k], 1)


def _prepare(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _load(n_clients: int, n_appointments: int, n_stays: int, seed: int, today: dt.date) -> dict[str, Any]:
    from django.db import connection
    from django.utils import timezone

    from amparo.accounts.models import User
    from amparo.accounts.roles import Role
    from amparo.people.models import Person
    from amparo.programs.models import (
        Bed,
        HousingRoom,
        Program,
        Provider,
        Room,
        Service,
        Site,
        Stay,
    )

    rng = random.Random(seed)
    started = time.monotonic()
    given = ["María José", "Ana", "Rosa Elena", "José Antonio", "Juan Carlos", "Wilmer", "Xiomara", "Santos"]
    surnames = ["Hernández", "López", "Martínez", "García", "Flores", "Cruz", "Orellana", "Quintanilla"]
    batch = 10_000
    for start in range(0, n_clients, batch):
        Person.objects.bulk_create([Person(given_names=rng.choice(given), first_surname=rng.choice(surnames))
                                    for _ in range(min(batch, n_clients - start))], batch_size=batch)
    person_ids = list(Person.objects.values_list("pk", flat=True))
    people_seconds = time.monotonic() - started
    clinicians = [User.objects.create_user(f"clinica{i}@bench.test", None, full_name=f"Clínica {i}",
                                           role=Role.CLINICIAN) for i in range(PROVIDERS)]
    for user in clinicians:
        Provider.objects.create(user=user, programs=[Program.CLINIC, Program.MENTAL_HEALTH])
    services = [Service.objects.create(code=f"s{i}", name=f"Servicio {i}", program=Program.MENTAL_HEALTH)
                for i in range(4)]
    rooms = [Room.objects.create(name=f"Consultorio {i}") for i in range(ROOMS)]
    booker = clinicians[0]
    started = time.monotonic()
    # Each provider sees up to 16 clients a day (half an hour each, 9:00 to 17:00), over the two
    # years around today; loaded with COPY.
    slots = [(p, day, k) for p in range(PROVIDERS) for day in range(-365, 365) for k in range(SLOTS_PER_DAY)]
    rng.shuffle(slots)
    slots = slots[:n_appointments]
    now = timezone.now()
    columns = ["person_id", "provider_id", "room_id", "service_id", "starts_at", "ends_at", "status", "walk_in",
               "booked_by_id", "created_at"]
    copy_sql = f"COPY programs_appointment ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
        for p, day, k in slots:
            begins = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=day),
                                                             dt.time(9 + k // 2, 30 * (k % 2))))
            copy.write_row((rng.choice(person_ids), clinicians[p].pk, rooms[p % ROOMS].pk, services[p % 4].pk,
                            begins, begins + dt.timedelta(minutes=30), "seen" if day < 0 else "booked", False,
                            booker.pk, now))
    appointments_seconds = time.monotonic() - started
    site = Site.objects.create(name="El Refugio")
    beds = []
    for r in range(BEDS // 4):
        room = HousingRoom.objects.create(site=site, name=f"Cuarto {r}")
        beds += [Bed.objects.create(room=room, label=chr(65 + i), family_room=True,
                                    available_from=today - dt.timedelta(days=3000)) for i in range(4)]
    worker = User.objects.create_user("refugio@bench.test", None, full_name="Refugio", role=Role.HOUSING)
    # Stays back to back in each bed over the past years; the newest of each bed still open.
    per_bed = max(n_stays // BEDS, 1)
    stays = []
    for b, bed in enumerate(beds):
        end = today + dt.timedelta(days=rng.randrange(1, 20))
        for k in range(per_bed):
            length = rng.randrange(20, 90)
            entry = end - dt.timedelta(days=length)
            open_now = k == 0 and b % 10 != 0
            stays.append(Stay(person_id=rng.choice(person_ids), bed=bed, entry_date=entry, move_in_date=entry,
                              exit_date=None if open_now else end, expected_exit=end, created_by=worker,
                              destination="" if open_now else "435", created_at=now))
            end = entry
    Stay.objects.bulk_create(stays[:n_stays], batch_size=batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    from amparo.programs.models import Appointment

    return {"clients": len(person_ids), "appointments": Appointment.objects.count(), "stays": Stay.objects.count(),
            "beds": len(beds), "load_people_seconds": round(people_seconds, 1),
            "load_appointments_seconds": round(appointments_seconds, 1),
            "clinicians": [u.pk for u in clinicians], "worker": worker.pk}


def worker(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--database", required=True)
    parser.add_argument("--clients", type=int, required=True)
    parser.add_argument("--appointments", type=int, required=True)
    parser.add_argument("--stays", type=int, required=True)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1992)
    args = parser.parse_args(argv)
    os.environ["DATABASE_URL"] = args.database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amparo.settings")
    os.environ["AMPARO_ALLOWED_HOSTS"] = "testserver,localhost"
    sys.path.insert(0, str(ROOT))
    _prepare(args.database)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from amparo.accounts.models import User
    from amparo.core.testing import sign_in

    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    loaded = _load(args.clients, args.appointments, args.stays, args.seed, today)
    rng = random.Random(args.seed + 1)
    clinician = User.objects.get(pk=loaded["clinicians"][0])
    clients = {"clinician": sign_in(Client(), clinician),
               "housing": sign_in(Client(), User.objects.get(pk=loaded["worker"]))}

    def day() -> str:
        return (today + dt.timedelta(days=rng.randrange(-300, 300))).isoformat()

    pages = {
        # the floor: the signed-in dashboard, which every page's shell and middleware cost
        "dashboard_floor": ("clinician", lambda: "/"),
        "provider_day": ("clinician", lambda: f"/programs/clinic/providers/{rng.choice(loaded['clinicians'])}/"
                                              f"?day={day()}"),
        "clinic_day_all": ("clinician", lambda: f"/programs/clinic/?day={day()}"),
        "bed_board_tonight": ("housing", lambda: "/programs/housing/"),
        "bed_board_past_night": ("housing", lambda: f"/programs/housing/?day={day()}"),
    }
    figures: dict[str, Any] = {"database": connection.vendor,
                               **{k: v for k, v in loaded.items() if not isinstance(v, list)}, "pages": {}}
    for name, (who, url_for) in pages.items():
        clients[who].get(url_for())  # warm up
        timings: list[float] = []
        for _ in range(args.queries):
            url = url_for()
            t = time.perf_counter()
            response = clients[who].get(url)
            timings.append((time.perf_counter() - t) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
        figures["pages"][name] = {"p50": _percentile(timings, 50), "p95": _percentile(timings, 95),
                                  "max": _percentile(timings, 100), "mean": round(statistics.mean(timings), 1),
                                  "requests": len(timings)}
        print(name, json.dumps(figures["pages"][name]), file=sys.stderr, flush=True)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(worker(sys.argv[1:]))
