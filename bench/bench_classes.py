"""Classes at scale (``make bench BENCH=classes``): 200,000 enrolments and 3,000,000 attendance
marks, then a section's roll and a funder's hours report, p50/p95 over random sections and funders.

The database half runs in its own process pointed at its own database (``--classes-sqlite`` and
``--classes-pg-url``; an empty URL skips PostgreSQL):

    python -m bench.bench_classes --worker --database sqlite:///var/bench_classes.sqlite3
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def add_arguments(parser: Any) -> None:
    parser.add_argument("--classes-enrolments", type=int, default=200_000)
    parser.add_argument("--classes-marks", type=int, default=3_000_000)
    parser.add_argument("--classes-queries", type=int, default=200)
    parser.add_argument("--classes-sqlite", default=f"sqlite:///{ROOT / 'var' / 'bench_classes.sqlite3'}")
    parser.add_argument("--classes-pg-url", default="postgres://postgres@127.0.0.1:5432/amparo_classes")


def run(args: Any) -> dict[str, Any]:
    quick = getattr(args, "quick", False)
    enrolments = 2_000 if quick else args.classes_enrolments
    marks = 30_000 if quick else args.classes_marks
    queries = 50 if quick else args.classes_queries
    figures: dict[str, Any] = {}
    for label, url in (("sqlite", args.classes_sqlite), ("postgresql", args.classes_pg_url)):
        if not url:
            continue
        command = [sys.executable, "-m", "bench.bench_classes", "--worker", "--database", url,
                   "--enrolments", str(enrolments), "--marks", str(marks), "--queries", str(queries)]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            lines = done.stderr.strip().splitlines()
            figures[label] = {"error": lines[-1] if lines else "failed"}
        else:
            figures[label] = json.loads(done.stdout.strip().splitlines()[-1])
        print(json.dumps({label: figures[label]}), flush=True)
    figures["target"] = "section roll and a funder's hours report: p95 < 150 ms"
    return figures


# --- The database half ----------------------------------------------------------------------------

PER_SECTION = 25
FUNDERS = [f"Funder {i:02d}" for i in range(12)]
COURSES = 60
MARKS = ("present", "present", "present", "late", "absent", "excused")


def _prepare(url: str) -> None:
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def at(p: float) -> float:
        return round(ordered[max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))], 2)

    return {"p50_ms": at(50), "p95_ms": at(95), "max_ms": round(ordered[-1], 2), "n": len(ordered)}


def _insert(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    from django.db import connection

    if not rows:
        return
    import datetime as dt

    marks = ", ".join(["%s"] * len(columns))
    pg = connection.vendor == "postgresql"

    def value(v: Any) -> Any:
        if isinstance(v, dt.datetime):
            return v.isoformat() if pg else v.replace(tzinfo=None).isoformat(" ")
        if isinstance(v, (dt.date, dt.time)):
            return v.isoformat()
        return v

    rows = [tuple(value(v) for v in row) for row in rows]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def _load(n_enrolments: int, n_marks: int) -> dict[str, Any]:
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from amparo.accounts.roles import Role
    from amparo.classes.models import Course, Term

    rng = random.Random(16)
    admin = get_user_model().objects.create_user(email="bench-admin@amparo.test", full_name="Bench",
                                                 password="x", role=Role.ADMINISTRATOR)
    sessions_per_section = max(1, round(n_marks / n_enrolments))
    n_sections = max(1, n_enrolments // PER_SECTION)
    n_people = max(PER_SECTION, n_enrolments // 2)          # each person takes two classes
    now = timezone.now()
    today = dt.date(2026, 6, 1)
    with transaction.atomic():
        terms = [Term.objects.create(name=f"T{i}", starts_on=dt.date(2025, 1, 6) + dt.timedelta(days=120 * i),
                                     ends_on=dt.date(2025, 4, 30) + dt.timedelta(days=120 * i)) for i in range(4)]
        courses = [Course.objects.create(name=f"Course {i}", kind="citizenship", funder=FUNDERS[i % len(FUNDERS)])
                   for i in range(COURSES)]
        _insert("people_person", ["id", "given_names", "first_surname", "second_surname", "preferred_name",
                                  "birth_precision", "birth_approximate", "sex", "gender", "pronouns",
                                  "country_of_birth", "nationalities", "languages", "preferred_language", "a_number",
                                  "a_number_hash", "ssn", "ssn_hash", "notes", "restricted", "hidden", "match_data",
                                  "version", "created_at", "updated_at"],
                [(i + 1, f"Nombre{i}", f"Apellido{i % 997}", "", "", "day", False, "", "", "", "", "", "", "es", "",
                  "", "", "", "", False, False, "{}", 1, now, now) for i in range(n_people)])
        seated = [min(PER_SECTION, n_enrolments - i * PER_SECTION) for i in range(n_sections)]
        section_rows = [(i + 1, courses[i % COURSES].pk, terms[i % 4].pk, f"S{i}", "", PER_SECTION, "", 1,
                         seated[i], 0) for i in range(n_sections)]
        _insert("classes_section", ["id", "course_id", "term_id", "name", "room", "capacity", "schedule", "version",
                                    "seated", "minutes"], section_rows)
    started = time.monotonic()
    session_id = 0
    enrolment_id = 0
    mark_id = 0
    person_cursor = 0
    sessions: list[tuple[Any, ...]] = []
    enrolments: list[tuple[Any, ...]] = []
    marks: list[tuple[Any, ...]] = []

    def flush(force: bool = False) -> None:
        nonlocal sessions, enrolments, marks
        if force or len(marks) >= 200_000:
            with transaction.atomic():
                _insert("classes_classsession", ["id", "section_id", "date", "starts_at", "ends_at", "cancelled",
                                                 "note"], sessions)
                _insert("classes_enrolment", ["id", "section_id", "person_id", "status", "requested_at",
                                              "enrolled_at", "drop_reason", "drop_note", "present", "late", "absent",
                                              "excused", "minutes"], enrolments)
                _insert("classes_attendance", ["id", "session_id", "enrolment_id", "mark", "recorded_by_id",
                                               "recorded_at"], marks)
            sessions, enrolments, marks = [], [], []

    for s in range(1, n_sections + 1):
        first = dt.date(2025, 1, 7) + dt.timedelta(days=(s % 300))
        ids = []
        for k in range(sessions_per_section):
            session_id += 1
            ids.append(session_id)
            sessions.append((session_id, s, first + dt.timedelta(days=7 * k), dt.time(18), dt.time(20), False, ""))
        for _ in range(PER_SECTION):
            if enrolment_id >= n_enrolments:
                break
            enrolment_id += 1
            person_cursor = person_cursor % n_people + 1
            counts = {"present": 0, "late": 0, "absent": 0, "excused": 0}
            for sid in ids:
                mark = MARKS[rng.randrange(len(MARKS))]
                counts[mark] += 1
                mark_id += 1
                marks.append((mark_id, sid, enrolment_id, mark, admin.pk, now))
            minutes = 120 * (counts["present"] + counts["late"])
            enrolments.append((enrolment_id, s, person_cursor, "enrolled", now, now, "", "", counts["present"],
                               counts["late"], counts["absent"], counts["excused"], minutes))
        flush()
    flush(force=True)
    with connection.cursor() as cursor:   # the sections' kept minutes, as the services keep them
        cursor.execute("UPDATE classes_section SET minutes = (SELECT COALESCE(SUM(e.minutes), 0) "
                       "FROM classes_enrolment e WHERE e.section_id = classes_section.id)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("classes_section", "classes_classsession", "classes_enrolment", "classes_attendance",
                          "people_person"):
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"admin": admin, "sections": n_sections, "sessions": session_id, "enrolments": enrolment_id,
            "marks": mark_id, "people": n_people, "load_seconds": round(time.monotonic() - started, 1),
            "today": today}


def _time(fn: Any, reps: int) -> dict[str, float]:
    values = []
    for i in range(reps):
        started = time.perf_counter()
        fn(i)
        values.append((time.perf_counter() - started) * 1000)
    return _percentiles(values)


def worker(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--database", required=True)
    parser.add_argument("--enrolments", type=int, default=200_000)
    parser.add_argument("--marks", type=int, default=3_000_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args(argv)
    _prepare(args.database)
    os.environ["DATABASE_URL"] = args.database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amparo.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    loaded = _load(args.enrolments, args.marks)
    admin, today = loaded.pop("admin"), loaded.pop("today")

    from amparo.classes import selectors
    from amparo.classes.models import ClassSession, Section

    rng = random.Random(7)
    section_ids = [rng.randint(1, loaded["sections"]) for _ in range(args.queries)]

    def roll(i: int) -> None:
        section = Section.objects.select_related("course", "term").get(pk=section_ids[i])
        result = selectors.roll(section, today=today)
        assert len(result["enrolled"]) > 0
        [e.percent_now for e in result["enrolled"]]

    def take_attendance(i: int) -> None:
        session = ClassSession.objects.select_related("section").filter(section_id=section_ids[i]).first()
        assert len(selectors.attendance_rows(session)) > 0

    def funder(i: int) -> None:
        rows = selectors.funder_hours(admin, funder=FUNDERS[i % len(FUNDERS)])
        assert rows and sum(r["hours"] for r in rows) > 0

    figures = {"database": connection.vendor, **loaded,
               "section_roll": _time(roll, args.queries),
               "attendance_page_rows": _time(take_attendance, args.queries),
               "funder_hours_report": _time(funder, min(args.queries, 60))}
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(worker())
