"""The loan book at scale (``make bench BENCH=loans``): close of business and the loan page.

Loads N weekly loans (52 installments each, disbursed about a year ago) and their repayments —
about 1M with the defaults, each a loan transaction with its balanced journal entry of three
lines — into their own PostgreSQL database with COPY, the loans' running totals agreeing with
the repayments. Then times:

- close of business for the day (every active loan: days past due, buckets, PAR30, penalties on
  late installments, accrued interest, the loan-loss reserve, reminders), a first run (a year of
  missed penalties and the first accruals and provisions), a re-run of the same day (which posts
  nothing) and the next day (a steady night: a day's accruals); wall time, CPU seconds of this
  process and of its PostgreSQL backend, and the load average (the machine may be shared);
- the loan page (schedule, transactions, position) as a finance user: p50 / p95 over many loans.

Targets: close of business under 60 s on 2 cores; loan page p95 under 150 ms.
Options: --loans-size (20,000), --loans-queries (200), --loans-pg-url; --quick uses 500 loans.
Loading runs with ``session_replication_role = replica`` (no per-row foreign-key or balance
triggers for COPY of trusted, balanced rows); the trial balance is checked after the timing.
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
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def add_arguments(parser: Any) -> None:
    parser.add_argument("--loans-size", type=int, default=20_000, help="loans in the loan benchmark")
    parser.add_argument("--loans-queries", type=int, default=200, help="timed loan pages")
    parser.add_argument("--loans-pg-url", default="postgres://postgres@127.0.0.1:5432/amparo_bench_loans")


def run(args: Any) -> dict[str, Any]:
    quick = getattr(args, "quick", False)
    size = 500 if quick else args.loans_size
    queries = 30 if quick else args.loans_queries
    command = [sys.executable, "-m", "bench.bench_loans", "--worker", "--database", args.loans_pg_url,
               "--loans", str(size), "--queries", str(queries)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["targets"] = {"close_of_business_under_60_s": figures["close_of_business"]["first_run_s"] < 60,
                          "loan_page_p95_under_150_ms": figures["loan_page"]["p95"] < 150}
    return figures


# --- The worker ------------------------------------------------------------------------------------

def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return round(ordered[k], 1)


def _backend_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) of a PostgreSQL backend on this machine, or None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _prepare(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _copy(cursor: Any, table: str, columns: list[str], rows: Any) -> None:
    quoted = ", ".join(f'"{c}"' for c in columns)
    with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _next_id(cursor: Any, table: str) -> int:
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
    return cursor.fetchone()[0]


def _load(n_loans: int, today: dt.date, seed: int) -> dict[str, Any]:
    from django.db import connection, transaction
    from django.utils import timezone

    from amparo.accounts.models import User
    from amparo.accounts.roles import Role
    from amparo.loans import schedule as sched
    from amparo.loans.models import LoanProduct

    rng = random.Random(seed)
    officer = User.objects.create_user("prestamos@bench.test", None, full_name="Oficial", role=Role.LOAN_OFFICER)
    finance = User.objects.create_user("finanzas@bench.test", None, full_name="Finanzas", role=Role.FINANCE)
    product = LoanProduct.objects.create(
        name="Semanal", min_amount=Decimal("100"), max_amount=Decimal("5000"), annual_rate=Decimal("15"),
        method="declining", frequency="weekly", term=52, penalty_after_days=7, penalty_flat=Decimal("3.00"))
    now = timezone.now()
    schedules: dict[Decimal, sched.Schedule] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        # Trusted rows, loaded in bulk: no per-row foreign-key or balance triggers while loading
        # (every entry is balanced by construction here; the totals are checked after).
        cursor.execute("SET LOCAL session_replication_role = replica")
        person_id, loan_id = _next_id(cursor, "people_person"), _next_id(cursor, "loans_loan")
        people, loans, versions, installments, txns, entries, lines = [], [], [], [], [], [], []
        inst_id = entry_id = txn_id = line_id = 1
        repayments = 0
        for i in range(n_loans):
            amount = Decimal(rng.randrange(4, 80) * 50)
            start = today - dt.timedelta(weeks=rng.randint(48, 56))
            built = schedules.get(amount)
            if built is None:
                built = schedules[amount] = sched.build(sched.Terms(principal=amount, annual_rate=Decimal("15"),
                                                                    term=52, start=dt.date(2000, 1, 1),
                                                                    frequency="weekly"))
            elapsed = sum(1 for k in range(1, 53) if start + dt.timedelta(weeks=k) <= today)
            roll = rng.random()
            missed = 0 if roll < 0.8 else rng.randint(1, 3) if roll < 0.9 else rng.randint(5, 15)
            paid = max(0, min(52, elapsed) - missed)
            pid, lid, vid = person_id + i, loan_id + i, loan_id + i
            people.append((pid, f"Persona{i}", f"Apellido{i % 997}", rng.choice(["es", "en"])))
            principal_paid = sum((r.principal for r in built.installments[:paid]), Decimal(0))
            interest_paid = sum((r.interest for r in built.installments[:paid]), Decimal(0))
            status = "closed" if paid == 52 else "active"
            loans.append((lid, pid, product.pk, status, amount, start, principal_paid, interest_paid, officer.pk,
                          finance.pk, now))
            versions.append((vid, lid, start, amount, now, finance.pk, 52))
            entries.append((entry_id, start, now, f"Disbursement {lid}", lid, finance.pk))
            txns.append((txn_id, lid, "disbursement", start, amount, 0, 0, entry_id, now))
            lines.append((line_id, entry_id, "1100", lid, amount, 0))
            lines.append((line_id + 1, entry_id, "1000", lid, 0, amount))
            entry_id, txn_id, line_id = entry_id + 1, txn_id + 1, line_id + 2
            cum_p = cum_i = Decimal(0)
            for k, row in enumerate(built.installments):
                due = start + dt.timedelta(weeks=k + 1)
                cum_p, cum_i = cum_p + row.principal, cum_i + row.interest
                installments.append((inst_id, vid, row.number, due, row.principal, row.interest, row.fee,
                                     row.total, row.balance, cum_p, cum_i, 0))
                inst_id += 1
                if k < paid:
                    entries.append((entry_id, due, now, f"Repayment {lid}", lid, officer.pk))
                    txns.append((txn_id, lid, "repayment", due, row.total, row.principal, row.interest, entry_id, now))
                    lines.append((line_id, entry_id, "1000", lid, row.total, 0))
                    lines.append((line_id + 1, entry_id, "4000", lid, 0, row.interest))
                    lines.append((line_id + 2, entry_id, "1100", lid, 0, row.principal))
                    entry_id, txn_id, line_id = entry_id + 1, txn_id + 1, line_id + 3
                    repayments += 1
        _copy(cursor, "people_person", ["id", "given_names", "first_surname", "preferred_language", "second_surname",
                                        "preferred_name", "birth_precision", "birth_approximate", "sex", "gender",
                                        "pronouns", "country_of_birth", "nationalities", "languages", "a_number",
                                        "a_number_hash", "ssn", "ssn_hash", "notes", "restricted", "hidden",
                                        "match_data", "version", "created_at", "updated_at"],
              ((pid, g, s, lang, "", "", "day", False, "", "", "", "", "", "", "", "", "", "", "", False, False,
                "{}", 1, now, now) for pid, g, s, lang in people))
        _copy(cursor, "loans_loan", ["id", "borrower_id", "product_id", "status", "amount", "disbursed_on",
                                     "principal_paid", "interest_paid", "prepared_by_id", "approved_by_id",
                                     "approved_at", "purpose", "annual_rate", "method", "frequency", "term",
                                     "grace_principal", "grace_interest", "fee_amount", "fee_kind", "fee_timing",
                                     "allocation_order", "prepared_at", "disbursement_fee", "fees_paid",
                                     "penalties_charged", "penalties_paid", "written_off_principal",
                                     "written_off_penalties", "days_past_due", "version", "interest_receivable",
                                     "loss_reserve"],
              ((lid, pid, prod, st, amt, start, pp, ip, off, fin, at, "", 15, "declining", "weekly", 52, 0, 0, 0,
                "flat", "disbursement", "penalty,fee,interest,principal", at, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0)
               for lid, pid, prod, st, amt, start, pp, ip, off, fin, at in loans))
        _copy(cursor, "loans_scheduleversion", ["id", "loan_id", "number", "start", "principal", "created_at",
                                                "created_by_id", "term", "reason", "base_principal", "base_interest",
                                                "base_fees", "annual_rate", "frequency", "current", "carried_interest",
                                                "carried_fee", "grace_principal"],
              ((vid, lid, 1, start, amt, at, by, term, "", 0, 0, 0, 15, "weekly", True, 0, 0, 0)
               for vid, lid, start, amt, at, by, term in versions))
        _copy(cursor, "loans_installment", ["id", "schedule_id", "number", "due", "principal", "interest", "fee",
                                            "total", "balance", "cum_principal", "cum_interest", "cum_fee"],
              installments)
        _copy(cursor, "loans_journalentry", ["id", "on", "posted_at", "memo", "loan_id", "posted_by_id"], entries)
        _copy(cursor, "loans_journalline", ["id", "entry_id", "account", "loan_id", "debit", "credit"], lines)
        _copy(cursor, "loans_loantransaction", ["id", "loan_id", "kind", "on", "amount", "principal", "interest",
                                                "entry_id", "created_at", "fee", "penalty", "charge_key", "note"],
              (row + (0, 0, "", "") for row in txns))
        for table in ("people_person", "loans_loan", "loans_scheduleversion", "loans_installment",
                      "loans_journalentry", "loans_journalline", "loans_loantransaction"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"loans": n_loans, "repayments": repayments, "installments": len(installments),
            "journal_lines": len(lines), "finance": finance.pk}


def worker(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--database", required=True)
    parser.add_argument("--loans", type=int, required=True)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1981)
    args = parser.parse_args(argv)
    os.environ["DATABASE_URL"] = args.database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amparo.settings")
    os.environ["AMPARO_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    sys.path.insert(0, str(ROOT))
    _prepare(args.database)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from amparo.accounts.models import User
    from amparo.core.testing import sign_in
    from amparo.loans import ledger
    from amparo.loans.cob import close_day
    from amparo.loans.models import Loan

    call_command("migrate", verbosity=0)
    today = dt.date(2026, 12, 3)
    started = time.perf_counter()
    loaded = _load(args.loans, today, args.seed)
    figures: dict[str, Any] = {"database": connection.vendor, "load_s": round(time.perf_counter() - started, 1),
                               **{k: v for k, v in loaded.items() if k != "finance"}}
    print("loaded", json.dumps(figures), file=sys.stderr, flush=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]

    def timed(day: dt.date) -> tuple[Any, dict[str, float]]:
        """Wall seconds, CPU seconds of this process and of its PostgreSQL backend (when /proc shows it)."""
        cpu, pg, t = time.process_time(), _backend_cpu(backend), time.perf_counter()
        result = close_day(day=day)
        wall = time.perf_counter() - t
        pg_after = _backend_cpu(backend)
        return result, {"wall_s": round(wall, 1), "python_cpu_s": round(time.process_time() - cpu, 1),
                        "postgresql_backend_cpu_s": round(pg_after - pg, 1) if pg is not None else None}

    load_before = os.getloadavg()
    first, first_t = timed(today)
    again, again_t = timed(today)
    following, following_t = timed(today + dt.timedelta(days=1))
    rows = ledger.trial_balance()
    figures["close_of_business"] = {
        "first_run_s": first_t["wall_s"], "rerun_s": again_t["wall_s"], "next_day_s": following_t["wall_s"],
        "first_run": first_t, "rerun": again_t, "next_day": following_t, "loans": first.loans,
        "penalties_first": first.penalties, "penalties_rerun": again.penalties, "reminders_first": first.reminders,
        "reminders_rerun": again.reminders, "interest_accrued_first": str(first.accrued),
        "reserve_provisioned_first": str(first.provisioned), "accrued_rerun": str(again.accrued),
        "provisioned_rerun": str(again.provisioned), "interest_accrued_next_day": str(following.accrued),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "trial_balance_difference": str(sum(r.debit for r in rows) - sum(r.credit for r in rows))}
    print("cob", json.dumps(figures["close_of_business"]), file=sys.stderr, flush=True)
    client = sign_in(Client(), User.objects.get(pk=loaded["finance"]))
    rng = random.Random(args.seed + 1)
    ids = list(Loan.objects.values_list("pk", flat=True))
    client.get(f"/loans/{ids[0]}/")
    timings: list[float] = []
    for _ in range(args.queries):
        url = f"/loans/{rng.choice(ids)}/"
        t = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - t) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    figures["loan_page"] = {"p50": _percentile(timings, 50), "p95": _percentile(timings, 95),
                            "max": _percentile(timings, 100), "mean": round(statistics.mean(timings), 1),
                            "requests": len(timings)}
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(worker(sys.argv[1:]))
