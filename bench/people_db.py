"""The database half of the people benchmark, run in its own process so it can point at its
own database (``--database``): load N synthetic people with their matching keys in bulk
(COPY on PostgreSQL), then time the conflict check and the search box, and a full duplicate
pass read back from the database. Prints one JSON object.

    python -m bench.people_db --database sqlite:///var/bench_people.sqlite3 --size 100000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _cpu_seconds(resource: object) -> float:
    """CPU time of this process and of its finished workers (what the pass costs whatever the load)."""
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)  # type: ignore[attr-defined]
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return round(ordered[k], 2)


def _prepare_database(url: str) -> None:
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


def _load(rows: list[dict[str, str]], batch: int = 20000) -> tuple[int, int]:
    """Insert people, their keys and restrictions; returns (people, keys)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from amparo.accounts.models import Office
    from amparo.core.encryption import lookup_hash
    from amparo.people import matching
    from amparo.people.csv_records import normalize_identifier, parse_birth
    from amparo.people.models import Person

    office = Office.objects.create(name="Equipo de asilo (bench)")
    a_field = Person._meta.get_field("a_number")
    now = timezone.now()
    columns = ["id", "given_names", "first_surname", "second_surname", "preferred_name", "birth_date",
               "birth_precision", "birth_approximate", "sex", "gender", "pronouns", "country_of_birth",
               "nationalities", "languages", "preferred_language", "a_number", "a_number_hash", "ssn", "ssn_hash",
               "notes", "restricted", "match_data", "version", "created_at", "updated_at", "hidden"]
    n_keys = 0
    pg = connection.vendor == "postgresql"
    rebuild: list[str] = []
    if pg:  # bulk-load practice: drop the key table's indexes and constraints, rebuild them once at the end
        with connection.cursor() as cursor:
            cursor.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                           "WHERE conrelid = 'people_personkey'::regclass AND contype IN ('u', 'f')")
            for name, definition in cursor.fetchall():
                cursor.execute(f'ALTER TABLE people_personkey DROP CONSTRAINT "{name}"')
                rebuild.append(f'ALTER TABLE people_personkey ADD CONSTRAINT "{name}" {definition}')
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'people_personkey' "
                           "AND indexname NOT LIKE '%pkey'")
            for name, definition in cursor.fetchall():
                cursor.execute(f'DROP INDEX "{name}"')
                rebuild.insert(0, definition)
    rng = random.Random(11)
    for start in range(0, len(rows), batch):
        people, keys, restricted = [], [], []
        for offset, row in enumerate(rows[start:start + batch]):
            pk = start + offset + 1
            birth = parse_birth(row["birth_date"])
            ident = normalize_identifier(row["identifier"])
            digits = ident[1:] if ident.startswith("A") else ""
            a_hash = lookup_hash(digits)
            record = matching.make_record(
                pk, given_names=row["given_names"], first_surname=row["first_surname"],
                second_surname=row["second_surname"], birth=birth, phones=[row["phone"]], identifier=a_hash,
                postcode=row["postcode"], street=row["street"], city=row["city"])
            is_restricted = rng.random() < 0.02
            people.append((pk, row["given_names"], row["first_surname"], row["second_surname"], "", birth, "day",
                           False, "", "", "", "El Salvador", "", "", "es",
                           a_field.get_prep_value(digits) if digits else "", a_hash, "", "", "", is_restricted,
                           json.dumps(record.to_data()), 1, now, now, False))
            keys.extend((pk, k) for k in matching.block_keys(record))
            if is_restricted:
                restricted.append((pk, office.pk))
        n_keys += len(keys)
        with transaction.atomic(), connection.cursor() as cursor:
            if pg:
                raw = cursor.cursor
                with raw.copy(f"COPY people_person ({', '.join(columns)}) FROM STDIN") as copy:
                    for values in people:
                        copy.write_row(values)
                with raw.copy("COPY people_personkey (person_id, key) FROM STDIN") as copy:
                    for values in keys:
                        copy.write_row(values)
                with raw.copy("COPY people_person_allowed_offices (person_id, office_id) FROM STDIN") as copy:
                    for values in restricted:
                        copy.write_row(values)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO people_person ({', '.join(columns)}) VALUES ({marks})",
                                   [(*v[:5], v[5].isoformat() if v[5] else None, *v[6:23], v[23].isoformat(),
                                     v[24].isoformat(), v[25]) for v in people])
                cursor.executemany("INSERT INTO people_personkey (person_id, key) VALUES (%s, %s)", keys)
                cursor.executemany("INSERT INTO people_person_allowed_offices (person_id, office_id) VALUES (%s, %s)",
                                   restricted)
        print(f"  loaded {min(start + batch, len(rows))}/{len(rows)}", file=sys.stderr, flush=True)
    with connection.cursor() as cursor:
        for statement in rebuild:
            print(f"  {statement[:80]}", file=sys.stderr, flush=True)
            cursor.execute(statement)
        if pg:
            cursor.execute("SELECT setval(pg_get_serial_sequence('people_person', 'id'), %s)", [len(rows)])
            # Django runs in autocommit here; VACUUM sets the visibility map, so key lookups are
            # index-only scans (autovacuum would do it later; a bulk load does it at once).
            cursor.execute("VACUUM (ANALYZE) people_person, people_personkey, people_person_allowed_offices")
        else:
            cursor.execute("ANALYZE")
    return len(rows), n_keys


QUERY_KINDS = ("given_surname", "full_name_surnames_first", "name_and_birth_date", "initials_married_form", "phone")


def _query_text(rng: random.Random, row: dict[str, str]) -> tuple[str, str]:
    """What someone types to find ``row``, and which of the five kinds of query it is."""
    given = row["given_names"].split()
    surnames = [s for s in (row["first_surname"], row["second_surname"]) if s]
    choice = rng.randrange(5)
    if choice == 0:  # "Maria Hernandez"
        parts = [given[0], surnames[0]]
    elif choice == 1:  # "hernandez lopez maria jose"
        parts = surnames + given
    elif choice == 2:  # with the birth date
        parts = [given[0], *surnames[:1], row["birth_date"]]
    elif choice == 3:  # "MARIA J LOPEZ DE HERNANDEZ"
        parts = [given[0], *(g[0] for g in given[1:]), *reversed(surnames)]
    else:  # a phone number
        parts = [row["phone"]]
    text = " ".join(p for p in parts if p)
    return (text.upper() if rng.random() < 0.3 else text), QUERY_KINDS[choice]


def _latency(figures: dict[str, object], user: object, rows: list[dict[str, str]], *, seed: int, queries: int) -> None:
    """Time the conflict check and the search box on a sample of the loaded people."""
    from amparo.people import matching, synthetic
    from amparo.people.csv_records import parse_birth
    from amparo.people.selectors import intake_matches, search_people

    rng = random.Random(seed + 1)
    sample = [(pk, rows[pk - 1]) for pk in rng.sample(range(1, len(rows) + 1), min(queries, len(rows)))]
    # Warm up (first queries open the connection and fill caches).
    for _pk, row in sample[:10]:
        search_people(user, _query_text(rng, row)[0])
    conflict_ms, search_ms, found_conflict, found_search = [], [], 0, 0
    by_kind = {kind: [0, 0] for kind in QUERY_KINDS}
    for pk, row in sample:
        typed = synthetic.perturb(rng, row, "q", count=1)
        try:
            birth = parse_birth(typed["birth_date"])
        except ValueError:
            birth = None
        record = matching.make_record(None, given_names=typed["given_names"], first_surname=typed["first_surname"],
                                      second_surname=typed["second_surname"], birth=birth, phones=[typed["phone"]])
        t = time.perf_counter()
        result = intake_matches(user, record)
        conflict_ms.append((time.perf_counter() - t) * 1000)
        found_conflict += any(f.person.pk == pk for f in result.likely) or result.hidden_conflict
        text, kind = _query_text(rng, row)
        t = time.perf_counter()
        hits = search_people(user, text, limit=20)
        search_ms.append((time.perf_counter() - t) * 1000)
        hit = any(f.person.pk == pk for f in hits)
        found_search += hit
        by_kind[kind][0] += hit
        by_kind[kind][1] += 1
    figures["conflict_check_ms"] = {"p50": _percentile(conflict_ms, 50), "p95": _percentile(conflict_ms, 95),
                                    "max": _percentile(conflict_ms, 100),
                                    "mean": round(statistics.mean(conflict_ms), 2)}
    figures["search_ms"] = {"p50": _percentile(search_ms, 50), "p95": _percentile(search_ms, 95),
                            "max": _percentile(search_ms, 100), "mean": round(statistics.mean(search_ms), 2)}
    figures["queries"] = len(sample)
    figures["conflict_check_found_the_person"] = round(found_conflict / len(sample), 3)
    figures["search_found_the_person_in_top_20"] = round(found_search / len(sample), 3)
    figures["search_top_20_by_kind"] = {kind: f"{hit}/{total}" for kind, (hit, total) in by_kind.items()}
    print(json.dumps(figures), file=sys.stderr, flush=True)  # the latency figures, before the long pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--full-pass", action="store_true", help="also time a full duplicate pass from the database")
    parser.add_argument("--seed", type=int, default=1981)
    parser.add_argument("--reuse", action="store_true", help="measure on the people already loaded (no reload)")
    parser.add_argument("--load-only", action="store_true", help="load, then stop (measure with --reuse)")
    args = parser.parse_args(argv)

    os.environ["DATABASE_URL"] = args.database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amparo.settings")
    os.environ.setdefault("AMPARO_TASKS_IMMEDIATE", "true")
    sys.path.insert(0, str(ROOT))
    if not args.reuse:
        _prepare_database(args.database)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from amparo.accounts.models import User
    from amparo.accounts.roles import Role
    from amparo.people import synthetic

    call_command("migrate", verbosity=0)
    figures: dict[str, object] = {"database": connection.vendor, "people": args.size}
    started = time.monotonic()
    rows, _truth = synthetic.generate(args.size, seed=args.seed)
    figures["generate_seconds"] = round(time.monotonic() - started, 1)
    started = time.monotonic()
    if args.reuse:
        from amparo.people.models import PersonKey

        figures.update(reused=True, keys=PersonKey.objects.count())
        user = User.objects.get(email="bench@amparo.test")
    else:
        _people, keys = _load(rows)
        figures.update(load_seconds=round(time.monotonic() - started, 1), keys=keys)
        user = User.objects.create_user("bench@amparo.test", "x" * 16, full_name="Bench", role=Role.INTAKE)
        if args.load_only:
            print(json.dumps(figures))
            return 0
    figures["load_average_before"] = [round(x, 2) for x in os.getloadavg()]
    if args.queries:
        _latency(figures, user, rows, seed=args.seed, queries=args.queries)
        figures["load_average_after_latency"] = [round(x, 2) for x in os.getloadavg()]
    if args.full_pass:
        import resource

        from amparo.people.tasks import load_records

        started = time.monotonic()
        cpu_before = _cpu_seconds(resource)
        records = load_records()
        loaded = time.monotonic() - started
        ids = {pk: row["record_id"] for pk, row in enumerate(rows, start=1)}
        from amparo.people import linkage

        workers = os.cpu_count() or 1
        fit_started = time.monotonic()
        model = linkage.fit(records, workers=workers)  # the pass itself reuses a stored model
        fit_seconds = time.monotonic() - fit_started
        predicted = {tuple(sorted((ids[a.id], ids[b.id])))
                     for a, b, _m in linkage.find_links(records, model, workers=workers)}
        seconds = time.monotonic() - started - fit_seconds
        tp = len(predicted & _truth)
        precision = tp / len(predicted) if predicted else 0.0
        recall = tp / len(_truth) if _truth else 0.0
        figures["full_pass"] = {
            "seconds": round(seconds, 1), "read_seconds": round(loaded, 1), "pairs": len(predicted),
            "fit_seconds": round(fit_seconds, 1), "engine": "linkage (Fellegi-Sunter, fitted on a sample)",
            "workers": os.cpu_count() or 1, "precision": round(precision, 4), "recall": round(recall, 4),
            "f1": round(2 * precision * recall / (precision + recall), 4) if tp else 0.0,
            "cpu_seconds": round(_cpu_seconds(resource) - cpu_before, 1),
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "peak_rss_main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
            "peak_rss_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024}
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
