"""Reports at scale (``python -m bench reports``): the LSC report for a year and the people served.

Loads 1M people and 2M cases on PostgreSQL with the case benchmark's loader (COPY; 60% of cases
closed, over ten years), gives every case a problem code and every closed case a closing code,
then runs each report as ``manage.py report`` does (the same ``Report.run``), several times
without its cache (``cached=False``: every run counts again), then once more from the cache.
Target: under 5 s each for a year.

Options: --reports-people (1M), --reports-cases (2M), --reports-pg-url, --reports-reuse (time
against the database a previous run loaded); --quick uses 5k people and 10k cases.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RUNS = 3


def add_arguments(parser: Any) -> None:
    parser.add_argument("--reports-people", type=int, default=1_000_000)
    parser.add_argument("--reports-cases", type=int, default=2_000_000)
    parser.add_argument("--reports-pg-url", default="postgres://postgres@127.0.0.1:5432/amparo_bench_reports")
    parser.add_argument("--reports-reuse", action="store_true")


def run(args: Any) -> dict[str, Any]:
    quick = getattr(args, "quick", False)
    command = [sys.executable, "-m", "bench.bench_reports", "--worker", "--database", args.reports_pg_url,
               "--people", str(5_000 if quick else args.reports_people),
               "--cases", str(10_000 if quick else args.reports_cases)]
    if getattr(args, "reports_reuse", False):
        command.append("--reuse")
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["targets"] = {name: figures["reports"][name]["max_seconds"] < 5 for name in figures["reports"]}
    return figures


def worker(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--database", required=True)
    parser.add_argument("--people", type=int, required=True)
    parser.add_argument("--cases", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1989)
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args(argv)
    os.environ["DATABASE_URL"] = args.database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amparo.settings")
    sys.path.insert(0, str(ROOT))
    from bench import bench_cases

    if not args.reuse:
        bench_cases._prepare(args.database)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from amparo.legal.models import Case
    from amparo.reports import base
    from amparo.reports.base import Params

    call_command("migrate", verbosity=0)
    loaded: dict[str, Any] = {"reused": args.reuse}
    if not args.reuse:
        started = time.monotonic()
        loaded = {k: v for k, v in bench_cases._load(args.people, args.cases, args.seed).items()
                  if not isinstance(v, list)}
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, code FROM legal_closingcode")
            codes = [pk for pk, _code in cursor.fetchall()]
            # Problem codes: mostly 81; closing codes spread over the ten LSC codes.
            cursor.execute("UPDATE legal_case SET problem_code = CASE WHEN id % 20 = 0 THEN '37' "
                           "WHEN id % 33 = 0 THEN '86' ELSE '81' END")
            cursor.execute(f"UPDATE legal_case SET closing_code_id = (ARRAY{codes})[1 + id % {len(codes)}] "
                           "WHERE closed_at IS NOT NULL")
            cursor.execute("VACUUM (ANALYZE) legal_case")
        loaded["codes_seconds"] = round(time.monotonic() - started, 1)
    loaded["cases"] = Case.objects.count()
    year = dt.date.today().year - 1
    params = Params(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
    funder = _funder(year)
    quarter = Params(start=dt.date(year, 10, 1), end=dt.date(year, 12, 31))
    figures: dict[str, Any] = {"database": connection.vendor, **loaded, "year": year, "reports": {},
                               "load_before": os.getloadavg()}
    runs = [(key, key, params) for key in ("lsc_csr", "unduplicated", "demographics", "outcomes")]
    runs += [("unduplicated+program", "unduplicated", Params(start=params.start, end=params.end, program="legal")),
             ("unduplicated+funder", "unduplicated", Params(start=params.start, end=params.end, funder_id=funder)),
             ("lsc_csr+funder", "lsc_csr", Params(start=params.start, end=params.end, funder_id=funder)),
             ("ca_immigration (Q4)", "ca_immigration", quarter)]
    for name, key, params in runs:
        report = base.get(key)
        timings = []
        for _ in range(RUNS):
            t = time.perf_counter()
            tables = report.run(params, cached=False)
            timings.append(time.perf_counter() - t)
        t = time.perf_counter()
        report.run(params)
        cached = time.perf_counter() - t
        first = tables[0]
        figures["reports"][name] = {"median_seconds": round(statistics.median(timings), 2),
                                   "max_seconds": round(max(timings), 2), "cached_seconds": round(cached, 3),
                                    "first_total": (first.totals or first.rows[0].cells if first.rows else {}),
                                    "load": os.getloadavg()}
    figures["load_after"] = os.getloadavg()
    print(json.dumps(figures, default=str))
    return 0


def _funder(year: int) -> int:
    """A funder whose awarded grant pays for legal services in half the offices from April to
    December (``reports.ProgramFunding``): the funder filter's work at scale."""
    from amparo.accounts.models import Office, User
    from amparo.giving.models import Donor, GrantApplication
    from amparo.reports.models import ProgramFunding

    funder, _created = Donor.objects.get_or_create(name="Fundación de prueba", defaults={"kind": "foundation"})
    grant = GrantApplication.objects.filter(funder=funder).first() or GrantApplication.objects.create(
        funder=funder, title="Servicios legales", stage=GrantApplication.Stage.AWARDED,
        period_start=dt.date(year, 4, 1), period_end=dt.date(year, 12, 31), created_by=User.objects.first())
    if not ProgramFunding.objects.filter(grant=grant).exists():
        for office in Office.objects.filter(kind=Office.Kind.OFFICE).order_by("pk")[:4]:
            ProgramFunding.objects.create(grant=grant, program="legal", office=office)
    return funder.pk


if __name__ == "__main__":
    raise SystemExit(worker(sys.argv[1:]))
