"""Giving at scale (``make bench BENCH=giving``): the donor page, LYBUNT and a year-end statement run.

Loads N donors and M gifts (ten years, 1% of them refunded, each with its fund allocation) into
their own PostgreSQL database with INSERT ... SELECT generate_series (server-side, seeded), then
times whole requests through Django as a development user:

- the donor page (``/giving/donors/<id>/``) of random donors — target p95 under 300 ms;
- the LYBUNT list (``/giving/retention/?list=lybunt``), first and tenth page — target p95 under 1 s;
- donor search (``/giving/?q=``) by one or two words of a name (trigram index on PostgreSQL);
- the year-end statement run: the donors with gifts in the year (one query), then statements for a
  sample of them through the same service the task calls, in its chunks (``STATEMENT_CHUNK`` donors
  per transaction, one counter lock each), and for comparison a small sample one donor per
  transaction — target: the whole run projected to finish overnight (8 hours) on one worker.

Options: --giving-donors (500k), --giving-gifts (5M), --giving-queries (50 per page kind),
--giving-statements (1,000 sampled), --giving-pg-url, --giving-reuse (keep a database already
loaded with as many donors: only migrate it, and take back the statements an earlier run issued);
--quick: 5k donors, 50k gifts.
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
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2026  # "this year" of the retention lists; statements for the year before


def add_arguments(parser: Any) -> None:
    parser.add_argument("--giving-donors", type=int, default=500_000, help="donors in the giving benchmark")
    parser.add_argument("--giving-gifts", type=int, default=5_000_000, help="gifts in the giving benchmark")
    parser.add_argument("--giving-queries", type=int, default=50, help="timed requests per page kind")
    parser.add_argument("--giving-statements", type=int, default=1_000, help="year-end statements timed")
    parser.add_argument("--giving-pg-url", default="postgres://postgres@127.0.0.1:5432/amparo_bench_giving")
    parser.add_argument("--giving-reuse", action="store_true",
                        help="reuse a giving benchmark database already loaded with as many donors")


def run(args: Any) -> dict[str, Any]:
    quick = getattr(args, "quick", False)
    command = [sys.executable, "-m", "bench.bench_giving", "--worker", "--database", args.giving_pg_url,
               "--donors", str(5_000 if quick else args.giving_donors),
               "--gifts", str(50_000 if quick else args.giving_gifts),
               "--queries", str(10 if quick else args.giving_queries),
               "--statements", str(100 if quick else args.giving_statements)]
    if getattr(args, "giving_reuse", False):
        command.append("--reuse")
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    pages = figures["pages"]
    figures["targets"] = {
        "donor_page_p95_under_300ms": pages["donor_page"]["p95"] < 300,
        "lybunt_p95_under_1s": max(pages["lybunt_first"]["p95"], pages["lybunt_page_10"]["p95"]) < 1000,
        "statement_run_overnight": (figures["statements"]["projected_full_run_minutes"] or 10**9) <= 480,
    }
    return figures


# --- The worker ------------------------------------------------------------------------------------

def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return round(ordered[k], 1)


def _prepare(url: str, *, reuse: bool, donors: int) -> bool:
    """A fresh database, or (``reuse``) the one already loaded with ``donors`` donors: True if kept."""
    import psycopg

    base, name = url.rsplit("/", 1)
    if reuse:
        try:
            with psycopg.connect(url) as conn:
                found = conn.execute("SELECT count(*) FROM giving_donor").fetchone()
            if found and found[0] == donors:
                return True
        except psycopg.Error:
            pass
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return False


def _load(donors: int, gifts: int, by_id: int) -> dict[str, Any]:
    from django.db import connection

    from amparo.giving.models import Fund

    funds = [Fund.objects.create(name=n, restricted=r).pk for n, r in
             (("General operating", False), ("Hurricane Mitch relief", True), ("Building fund", True))]
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.1989)")
        cursor.execute("""
            INSERT INTO giving_donor (id, kind, name, sort_name, email, phone, address, language, salutation,
                                      created_at, created_by_id)
            SELECT i, CASE WHEN i %% 50 = 0 THEN 'foundation' WHEN i %% 37 = 0 THEN 'church' ELSE 'person' END,
                   (ARRAY['María','José','Ana','Juan','Rosa','Luis','Carmen','Wilmer','Xiomara','Santos'])[1 + i %% 10]
                     || ' ' || (ARRAY['Hernández','López','Martínez','García','Flores','Cruz','Orellana',
                                      'Quintanilla','Argueta','Campos','Reyes'])[1 + (i / 10) %% 11] || ' ' || i,
                   lower((ARRAY['maria','jose','ana','juan','rosa','luis','carmen','wilmer','xiomara',
                                'santos'])[1 + i %% 10]
                     || ' ' || (ARRAY['hernandez','lopez','martinez','garcia','flores','cruz','orellana',
                                      'quintanilla','argueta','campos','reyes'])[1 + (i / 10) %% 11] || ' ' || i),
                   '', '', '', CASE WHEN i %% 3 = 0 THEN 'en' ELSE 'es' END, '', now(), %s
            FROM generate_series(1, %s) AS i""", [by_id, donors])
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('giving_donor', 'id'), {donors})")
        donor_seconds = time.monotonic() - started
        # Bulk load: secondary indexes are dropped and built again afterwards (a sort each, instead of
        # millions of random index writes), and foreign-key triggers are off for this session only.
        cursor.execute("""SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN
                          ('giving_donation', 'giving_allocation') AND indexname NOT LIKE '%%_pkey'""")
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("""
            INSERT INTO giving_donation (id, donor_id, entry, received_on, method, amount, reference,
                                         in_kind_description, goods_value, goods_description, reason, created_at,
                                         created_by_id)
            SELECT i, 1 + floor(random() * %s)::int, 'gift', DATE '2017-01-01' + floor(random() * 3650)::int,
                   (ARRAY['cash','check','card','online','bank'])[1 + i %% 5],
                   round((5 + random() * 495)::numeric, 2), '', '', 0, '', '', now(), %s
            FROM generate_series(1, %s) AS i""", [donors, by_id, gifts])
        cursor.execute("""
            INSERT INTO giving_allocation (donation_id, fund_id, amount)
            SELECT id, %s, amount FROM giving_donation""", [funds[0]])
        refunds = gifts // 100
        cursor.execute("""
            INSERT INTO giving_donation (id, donor_id, entry, corrects_id, received_on, method, amount, reference,
                                         in_kind_description, goods_value, goods_description, reason, created_at,
                                         created_by_id)
            SELECT %s + d.id / 100, d.donor_id, 'refund', d.id, d.received_on + 10, d.method, -d.amount, '', '', 0,
                   '', 'bench refund', now(), %s
            FROM giving_donation d WHERE d.id %% 100 = 0""", [gifts, by_id])
        cursor.execute("""
            INSERT INTO giving_allocation (donation_id, fund_id, amount)
            SELECT id, %s, amount FROM giving_donation WHERE entry = 'refund'""", [funds[0]])
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('giving_donation', 'id'), {gifts + refunds + 1})")
        cursor.execute("SET session_replication_role = DEFAULT")
        index_started = time.monotonic()
        for _name, definition in indexes:
            cursor.execute(definition)
        index_seconds = time.monotonic() - index_started
        # A database in steady state: statistics, and the visibility map that index-only scans need
        # (autovacuum would set it some minutes later).
        cursor.execute("VACUUM (ANALYZE) giving_donor")
        cursor.execute("VACUUM (ANALYZE) giving_donation")
        cursor.execute("VACUUM (ANALYZE) giving_allocation")
    return {"donors": donors, "gifts": gifts, "refunds": refunds, "load_seconds": round(time.monotonic() - started),
            "donor_load_seconds": round(donor_seconds, 1), "index_build_seconds": round(index_seconds, 1)}


def _time(client: Any, urls: Any, n: int) -> dict[str, Any]:
    client.get(urls())  # warm up
    timings = []
    for _ in range(n):
        url = urls()
        t = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - t) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return {"p50": _percentile(timings, 50), "p95": _percentile(timings, 95), "max": _percentile(timings, 100),
            "mean": round(statistics.mean(timings), 1), "requests": n}


def worker(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--database", required=True)
    parser.add_argument("--donors", type=int, required=True)
    parser.add_argument("--gifts", type=int, required=True)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--statements", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1998)
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args(argv)
    os.environ["DATABASE_URL"] = args.database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amparo.settings")
    os.environ["AMPARO_ALLOWED_HOSTS"] = "testserver,localhost"
    sys.path.insert(0, str(ROOT))
    kept = _prepare(args.database, reuse=args.reuse, donors=args.donors)
    import django

    django.setup()
    import datetime as dt

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from amparo.accounts.models import User
    from amparo.accounts.roles import Role
    from amparo.core.testing import sign_in
    from amparo.giving.models import Donor
    from amparo.giving.services import STATEMENT_CHUNK, issue_statements, year_end_statement
    from amparo.giving.tasks import statement_donor_ids

    call_command("migrate", verbosity=0)
    if kept:
        dev = User.objects.get(email="desarrollo@bench.test")
        with connection.cursor() as cursor:  # take back what an earlier run issued (bench data only)
            cursor.execute("DELETE FROM giving_statementline")
            cursor.execute("DELETE FROM giving_receipt")
            cursor.execute("DELETE FROM giving_receiptcounter")
            cursor.execute("SELECT count(*) FROM giving_donation WHERE entry = 'gift'")
            gifts = cursor.fetchone()[0]
        loaded = {"donors": args.donors, "gifts": gifts, "reused": True}
    else:
        dev = User.objects.create_user("desarrollo@bench.test", None, full_name="Desarrollo",
                                       role=Role.DEVELOPMENT)
        loaded = _load(args.donors, args.gifts, dev.pk)
    print(json.dumps(loaded), file=sys.stderr, flush=True)
    rng = random.Random(args.seed)
    client = sign_in(Client(), dev)
    pages = {
        "donor_page": lambda: f"/giving/donors/{rng.randrange(1, args.donors + 1)}/",
        "lybunt_first": lambda: f"/giving/retention/?list=lybunt&year={YEAR}",
        "lybunt_page_10": lambda: f"/giving/retention/?list=lybunt&year={YEAR}&page=10",
        "sybunt_first": lambda: f"/giving/retention/?list=sybunt&year={YEAR}",
        "donor_search": lambda: f"/giving/?q={rng.choice(['xiomara', 'rosa quintanilla', 'argueta'])}",
    }
    figures: dict[str, Any] = {"database": connection.vendor, **loaded, "pages": {}}
    for name, urls in pages.items():
        figures["pages"][name] = _time(client, urls, args.queries)
        print(name, json.dumps(figures["pages"][name]), file=sys.stderr, flush=True)
    # LYBUNT as a whole list (what a mailing would read).
    from amparo.giving.selectors import retention

    t = time.perf_counter()
    lybunt_count = retention(dev, "lybunt", YEAR).count()
    figures["lybunt_whole_list"] = {"donors": lybunt_count, "seconds": round(time.perf_counter() - t, 2)}
    # The year-end statement run for the year before: who gets one, then a timed sample.
    t = time.perf_counter()
    ids = statement_donor_ids(YEAR - 1)
    select_seconds = time.perf_counter() - t
    sample = rng.sample(ids, min(args.statements, len(ids)))
    one_by_one, sample = sample[:max(1, len(sample) // 10)], sorted(sample[max(1, len(sample) // 10):])
    day = dt.date(YEAR, 1, 15)
    t = time.perf_counter()
    single = sum(1 for donor in Donor.objects.filter(pk__in=one_by_one)
                 if year_end_statement(by=dev, donor=donor, year=YEAR - 1, on=day) is not None)
    single_seconds = time.perf_counter() - t
    t = time.perf_counter()
    issued = 0
    for start in range(0, len(sample), STATEMENT_CHUNK):  # as the task does
        issued += len(issue_statements(by=dev, year=YEAR - 1, donor_ids=sample[start:start + STATEMENT_CHUNK],
                                       on=day))
    seconds = time.perf_counter() - t
    rate = issued / seconds if seconds else 0.0
    single_rate = single / single_seconds if single_seconds else 0.0
    with connection.cursor() as cursor:  # numbers consecutive, no gap, no repeat
        cursor.execute("SELECT count(*), count(DISTINCT number), min(number), max(number) FROM giving_receipt "
                       "WHERE year = %s", [YEAR])
        count, distinct, low, high = cursor.fetchone()
    figures["statements"] = {"year": YEAR - 1, "donors_with_gifts": len(ids),
                             "select_donors_seconds": round(select_seconds, 2), "chunk": STATEMENT_CHUNK,
                             "sample": len(sample), "issued": issued, "seconds": round(seconds, 1),
                             "per_second": round(rate, 1),
                             "projected_full_run_minutes": round(len(ids) / rate / 60, 1) if rate else None,
                             "one_by_one": {"issued": single, "seconds": round(single_seconds, 1),
                                            "per_second": round(single_rate, 1)},
                             "numbers_consecutive": count == distinct == (high or 0) - (low or 1) + 1}
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(worker(sys.argv[1:]))
