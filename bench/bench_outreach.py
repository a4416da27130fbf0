"""Outreach: a 60,000-row registration drive (``make bench BENCH=outreach``).

Figures: time of ``manage.py drive_import`` on 60,000 synthetic Salvadoran registrants (repeats
within the file, 2 % impossible rows, 5,000 people already in People), on SQLite and on
PostgreSQL, with its summary; and the check-in page's name search p50/p95 on a 1,000-person event.
Target: the import under 60 s on 2 cores; the search p95 under 100 ms.
Options: --outreach-rows, --outreach-pg-url (empty skips PostgreSQL).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def add_arguments(parser: Any) -> None:
    parser.add_argument("--outreach-rows", type=int, default=60_000, help="rows of the drive file")
    parser.add_argument("--outreach-pg-url", default="postgres://postgres@127.0.0.1:5432/amparo_outreach")


def _db(url: str, rows: int, existing: int, searches: int) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.outreach_db", "--database", url, "--rows", str(rows), "--existing",
               str(existing), "--searches", str(searches)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return {"error": (done.stderr.strip() or done.stdout.strip())[-1500:]}
    return json.loads(lines[-1])


def run(args: Any) -> dict[str, Any]:
    quick = getattr(args, "quick", False)
    rows = 3_000 if quick else args.outreach_rows
    existing, searches = (300, 50) if quick else (5_000, 300)
    figures = {"sqlite": _db(f"sqlite:///{ROOT / 'var' / 'bench_outreach.sqlite3'}", rows, existing, searches)}
    print(json.dumps(figures["sqlite"]), flush=True)
    if args.outreach_pg_url:
        figures["postgresql"] = _db(args.outreach_pg_url, rows, existing, searches)
    return figures
