"""The database half of the outreach benchmark, in its own process so it can point at its own
database: migrate, put some of the drive's people in People first, then time
``manage.py drive_import`` on N rows (a subprocess, as an organizer runs it) and the check-in
page's name search on a 1,000-person event. Prints one JSON object.

    python -m bench.outreach_db --database sqlite:///var/bench_outreach.sqlite3 --rows 60000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(ordered[max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))], 2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--rows", type=int, default=60_000)
    parser.add_argument("--existing", type=int, default=5_000, help="rows of the file already in People")
    parser.add_argument("--searches", type=int, default=300)
    args = parser.parse_args(argv)
    os.environ["DATABASE_URL"] = args.database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amparo.settings")
    from bench.people_db import _prepare_database

    _prepare_database(args.database)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from amparo.outreach import drive_import, synthetic

    rows = synthetic.drive_rows(args.rows, seed=2001)
    var = ROOT / "var"
    var.mkdir(exist_ok=True)
    path = var / f"bench_outreach_{args.rows}.csv"
    path.write_bytes(synthetic.to_csv(rows, spanish=True))
    figures: dict[str, object] = {"database": args.database.split("://")[0], "rows": args.rows}
    if args.existing:  # people the center already knows (an earlier drive), so some registrants match
        known = random.Random(7).sample(rows, args.existing)
        data = synthetic.to_csv(known)
        drive = drive_import.get_or_create_drive(slug="earlier-drive", country_code="SV")
        imp = drive_import.start_import(drive=drive, data=data, filename="earlier.csv")
        summary = drive_import.run_import(imp, data)
        figures["people_before"] = summary["created"]
    import resource

    load = os.getloadavg()[0]
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    done = subprocess.run([sys.executable, "manage.py", "drive_import", str(path), "--drive", "tps-sv-2026",
                           "--program", "tps", "--country", "SV", "--json"], cwd=ROOT, capture_output=True,
                          text=True, env=os.environ.copy())
    seconds = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - children.ru_utime) + (after.ru_stime - children.ru_stime)
    if done.returncode != 0:
        print(json.dumps({"error": done.stderr.strip()[-2000:]}))
        return 1
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    figures.update(import_seconds=round(seconds, 1), import_cpu_seconds=round(cpu, 1),
                   rows_per_second=round(args.rows / seconds), load_average_before=round(load, 2),
                   load_average_after=round(os.getloadavg()[0], 2), summary=summary)
    print(json.dumps(figures), file=sys.stderr, flush=True)
    figures["checkin_search"] = _search(args.searches)
    print(json.dumps(figures))
    return 0


def _search(count: int) -> dict[str, object]:
    """p50/p95 of the check-in page's name search (the HTTP view) on a 1,000-person event."""
    import datetime as dt

    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from amparo.accounts.models import User
    from amparo.accounts.roles import Role
    from amparo.core.testing import sign_in
    from amparo.outreach import services
    from amparo.people import synthetic as people_synthetic

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    organizer = User.objects.create_user(email="bench-organizer@example.org", password="x", role=Role.ORGANIZER,
                                         full_name="Bench")
    start = timezone.now() + dt.timedelta(days=1)
    event = services.create_event(by=organizer, title="Charla TPS", starts_at=start,
                                  ends_at=start + dt.timedelta(hours=2), capacity=1000)
    people, _truth = people_synthetic.generate(1000, seed=5)
    for row in people:
        services.register(event=event, given_names=row["given_names"],
                          surnames=f"{row['first_surname']} {row['second_surname']}".strip(), phone=row["phone"],
                          source="staff", notify=False)
    client = sign_in(Client(), organizer)
    rng = random.Random(3)
    timings = []
    url = f"/outreach/events/{event.pk}/checkin/search/"
    for _ in range(count):
        row = rng.choice(people)
        query = rng.choice([row["given_names"].split()[0] + " " + row["first_surname"], row["first_surname"],
                            row["phone"][-4:]])
        started = time.perf_counter()
        response = client.get(url, {"q": query})
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return {"event_people": 1000, "searches": count, "p50_ms": _percentile(timings, 50),
            "p95_ms": _percentile(timings, 95), "mean_ms": round(statistics.mean(timings), 2)}


if __name__ == "__main__":
    sys.exit(main())
