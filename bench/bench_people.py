"""People: the matching engine at scale (``make bench BENCH=people``).

Figures:
- duplicate detection precision / recall / F1 against the generator's known truth, and the
  time of the full pass (in memory, as ``find_duplicates`` and the duplicate task run it);
- conflict-check and search latency p50/p95 with N people in SQLite and in PostgreSQL, plus
  how often the right person came back, and a full duplicate pass read from the database.

Options: --people-size (SQLite and the F1 run, default 100k), --people-pg-size (PostgreSQL,
default 1M; 0 skips), --people-queries, --people-pg-url.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def add_arguments(parser: Any) -> None:
    parser.add_argument("--people-size", type=int, default=100_000, help="people for SQLite and the F1 run")
    parser.add_argument("--people-pg-size", type=int, default=1_000_000, help="people for PostgreSQL (0 skips)")
    parser.add_argument("--people-queries", type=int, default=300, help="timed conflict checks and searches")
    parser.add_argument("--people-pg-url", default="postgres://postgres@127.0.0.1:5432/amparo_bench_people")
    parser.add_argument("--people-no-db-pass", action="store_true", help="skip the full pass read from the database")


def _f1(size: int, workers: int) -> dict[str, Any]:
    from amparo.people import matching, synthetic
    from amparo.people.csv_records import read_records

    rows, truth = synthetic.generate(size)
    path = ROOT / "var" / "bench_people.csv"
    path.parent.mkdir(exist_ok=True)
    import csv

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, synthetic.COLUMNS)
        writer.writeheader()
        writer.writerows(synthetic.iter_clean(rows))
    started = time.monotonic()
    records, bad = read_records(path)
    predicted = {tuple(sorted((a.id, b.id))) for a, b, _m in matching.find_pairs(records, workers=workers)}
    seconds = time.monotonic() - started
    tp = len(predicted & truth)
    precision = tp / len(predicted) if predicted else 0.0
    recall = tp / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"records": len(records), "true_pairs": len(truth), "found_pairs": len(predicted),
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "full_pass_seconds": round(seconds, 1), "workers": workers, "threshold": matching.DUPLICATE_THRESHOLD,
            "bad_rows": len(bad)}


def _db(url: str, size: int, queries: int, full_pass: bool) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.people_db", "--database", url, "--size", str(size),
               "--queries", str(queries)] + (["--full-pass"] if full_pass else [])
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(args: Any) -> dict[str, Any]:
    quick = getattr(args, "quick", False)
    size = 5_000 if quick else args.people_size
    pg_size = min(5_000, args.people_pg_size) if quick else args.people_pg_size
    queries = 50 if quick else args.people_queries
    figures: dict[str, Any] = {"duplicates": _f1(size, os.cpu_count() or 1)}
    print(json.dumps(figures["duplicates"]), flush=True)
    sqlite_url = f"sqlite:///{ROOT / 'var' / 'bench_people.sqlite3'}"
    figures["sqlite"] = _db(sqlite_url, size, queries, not args.people_no_db_pass)
    print(json.dumps(figures["sqlite"]), flush=True)
    if pg_size:
        figures["postgresql"] = _db(args.people_pg_url, pg_size, queries, not args.people_no_db_pass)
        print(json.dumps(figures["postgresql"]), flush=True)
    figures["targets"] = {
        "conflict_check_p95_under_50ms": {
            name: figures[name]["conflict_check_ms"]["p95"] < 50 for name in ("sqlite", "postgresql")
            if name in figures and "conflict_check_ms" in figures[name]},
        "search_p95_under_50ms": {
            name: figures[name]["search_ms"]["p95"] < 50 for name in ("sqlite", "postgresql")
            if name in figures and "search_ms" in figures[name]},
        "f1_at_least_0.95": figures["duplicates"]["f1"] >= 0.95,
        "full_pass_f1_at_least_0.95": {
            name: figures[name]["full_pass"]["f1"] >= 0.95 for name in ("sqlite", "postgresql")
            if name in figures and "full_pass" in figures[name]},
        "full_pass_1m_under_10_minutes": (figures["postgresql"]["full_pass"]["seconds"] < 600
                                          if figures.get("postgresql", {}).get("people") == 1_000_000
                                          and "full_pass" in figures["postgresql"] else None),
    }
    return figures
