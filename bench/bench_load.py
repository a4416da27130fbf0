"""Load: N simulated staff against the embedded set-up (SQLite, runserver, one worker) while the
worker is kept busy importing; counts every error and checks that the worker is still running.

    python -m bench load                      # 20 users, 10 minutes (the platform target)
    python -m bench load --users 5 --minutes 1

Everything runs in its own database and files folder under var/bench-load/ (made anew each run):
``migrate`` and ``load_demo`` set it up, the server and the worker are separate processes, as in
``make run``. Users sign in as the demo accounts: the intake account through the sign-in page
(pages, people search, intake's duplicate check), the others with API tokens (lists, details,
search, and writes: new people, edits with their version). Archive CSV imports of a few
thousand rows are queued throughout so the worker writes while the users do.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def add_arguments(parser: Any) -> None:
    parser.add_argument("--users", type=int, default=20, help="simulated users (load)")
    parser.add_argument("--minutes", type=float, default=10.0, help="how long the load lasts (load)")
    parser.add_argument("--import-rows", type=int, default=3000, help="rows in each queued archive import (load)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


SETUP = r"""
import json, sys
from amparo.accounts.models import User
from amparo.accounts.services import create_api_token
tokens = {}
for email in ["paralegal@amparo.example", "abogado@amparo.example", "admin@amparo.example"]:
    user = User.objects.get(email=email)
    tokens[email] = create_api_token(user=user, name="load test", days=2)[1]
print("TOKENS=" + json.dumps(tokens))
"""

QUEUE_IMPORT = r"""
import os
from django.core.files.uploadedfile import SimpleUploadedFile
from amparo.accounts.models import User
from amparo.archive.services import start_csv_import
data = open(os.environ["LOAD_CSV"], "rb").read()
by = User.objects.get(email="archivo@amparo.example")
progress = start_csv_import(by=by, kind="actors", upload=SimpleUploadedFile("actors.csv", data))
print(progress.pk)
"""

WORKER_STATE = r"""
from amparo.core.models import TaskProgress
print("IMPORTS=", {s: TaskProgress.objects.filter(kind="archive.import_csv", status=s).count()
                  for s in TaskProgress.Status.values})
"""


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = {}
        self.errors: list[str] = []
        self.statuses: dict[int, int] = {}

    def add(self, name: str, seconds: float, status: int, error: str = "") -> None:
        with self.lock:
            self.times.setdefault(name, []).append(seconds)
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if error:
                self.errors.append(f"{name}: {error}")


class User:
    """One simulated person: a cookie jar (pages) or a token (API)."""

    def __init__(self, base: str, stats: Stats, token: str = "") -> None:
        self.base, self.stats, self.token = base, stats, token
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def call(self, name: str, path: str, *, method: str = "GET", data: Any = None, form: dict[str, str] | None = None,
             ok: tuple[int, ...] = (200, 201, 302), headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        body = None
        hdrs = dict(headers or {})
        if self.token:
            hdrs["Authorization"] = f"Bearer {self.token}"
        if data is not None:
            body = json.dumps(data).encode()
            hdrs["Content-Type"] = "application/json"
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
            hdrs["Referer"] = self.base + path
        request = urllib.request.Request(self.base + path, data=body, method=method, headers=hdrs)
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=60) as response:
                status, content = response.status, response.read()
        except urllib.error.HTTPError as exc:
            status, content = exc.code, exc.read()
        except OSError as exc:
            self.stats.add(name, time.perf_counter() - started, 0, f"{type(exc).__name__}: {exc}")
            return 0, b""
        error = "" if status in ok else f"HTTP {status} {content[:200]!r}"
        self.stats.add(name, time.perf_counter() - started, status, error)
        return status, content

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")


def _sign_in(user: User, email: str, password: str) -> None:
    user.call("sign-in page", "/accounts/login/")
    user.call("sign in", "/accounts/login/", method="POST",
              form={"csrfmiddlewaretoken": user.csrf(), "username": email, "password": password})


SURNAMES = ["García", "Hernández", "Martínez", "López", "Rivas", "Iraheta", "Alfaro", "Cruz", "Flores", "Ramos"]
GIVEN = ["María José", "José Antonio", "Rosa Elena", "Carlos", "Ana Lucía", "Juan Carlos", "Marta", "Luis"]


def _intake_user(user: User, rng: random.Random, stop: float) -> None:
    _sign_in(user, "recepcion@amparo.example", os.environ["LOAD_PASSWORD"])
    while time.time() < stop:
        name = rng.choice(SURNAMES)
        step = rng.random()
        if step < 0.3:
            user.call("page: people search", f"/people/?q={urllib.parse.quote(name)}")
        elif step < 0.5:
            user.call("page: dashboard", "/")
        elif step < 0.7:
            user.call("page: intake duplicate check", "/people/intake/matches/", method="POST",
                      form={"csrfmiddlewaretoken": user.csrf(), "given_names": rng.choice(GIVEN),
                            "first_surname": name}, headers={"X-CSRFToken": user.csrf()})
        elif step < 0.85:
            user.call("page: cases", "/cases/")
        else:
            term = rng.choice(["masacre", "San Salvador", "FMLN"])
            user.call("page: archive search", f"/archive/?q={urllib.parse.quote(term)}")


def _api_user(user: User, rng: random.Random, stop: float, writer: bool) -> None:
    while time.time() < stop:
        step = rng.random()
        if step < 0.25:
            user.call("api: people list", f"/api/v1/people?offset={rng.randrange(0, 40)}")
        elif step < 0.45:
            user.call("api: people search", f"/api/v1/people/search?q={urllib.parse.quote(rng.choice(SURNAMES))}")
        elif step < 0.6:
            user.call("api: cases list", "/api/v1/cases")
        elif step < 0.7:
            user.call("api: archive search", "/api/v1/archive/search?q=ejercito", ok=(200,))
        elif writer and step < 0.85:
            status, content = user.call("api: create person", "/api/v1/people", method="POST", data={
                "given_names": rng.choice(GIVEN), "first_surname": rng.choice(SURNAMES),
                "second_surname": rng.choice(SURNAMES),
                "birth_date": f"{rng.randrange(1950, 2005)}-0{rng.randrange(1, 9)}",
                "country_of_birth": "SV", "phone": f"213-555-{rng.randrange(1000, 9999)}"}, ok=(201,))
            if status == 201:
                person = json.loads(content)
                user.call("api: edit person", f"/api/v1/people/{person['id']}", method="PATCH",
                          data={"preferred_name": "Load", "version": person.get("version", 1)}, ok=(200,))
        else:
            user.call("api: me", "/api/v1/me", ok=(200,))


def _actors_csv(path: Path, rows: int, seed: int) -> None:
    rng = random.Random(seed)
    lines = ["key,kind,name,aliases,part_of,same_as,source,access,notes"]
    for i in range(rows):
        lines.append(f"load-{seed}-{i},person,{rng.choice(GIVEN)} {rng.choice(SURNAMES)},,,,,public,load test")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run(args: Any) -> dict[str, Any]:
    users = 3 if args.quick else args.users
    minutes = 0.5 if args.quick else args.minutes
    folder = ROOT / "var" / "bench-load"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'amparo.sqlite3'}",
           "AMPARO_FILES_DIR": str(folder / "files"), "AMPARO_TASKS_IMMEDIATE": "false"}
    env.pop("PYTEST_VERSION", None)
    py = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*py, "migrate", "--verbosity", "0"], env=env, check=True, cwd=ROOT)
    demo = subprocess.run([*py, "load_demo"], env=env, check=True, cwd=ROOT, capture_output=True, text=True)
    password = re.search(r"password: (\S+)", demo.stdout)
    env["LOAD_PASSWORD"] = password.group(1) if password else "amparo-demo-2026"
    os.environ["LOAD_PASSWORD"] = env["LOAD_PASSWORD"]
    out = subprocess.run([*py, "shell", "-c", SETUP], env=env, check=True, cwd=ROOT, capture_output=True,
                         text=True).stdout
    tokens = json.loads(next(line for line in out.splitlines() if line.startswith("TOKENS="))[len("TOKENS="):])
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([*py, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=(folder / "server.log").open("w"))
    worker = subprocess.Popen([*py, "worker", "--no-reload", "--verbosity", "0"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=(folder / "worker.log").open("w"))
    stats = Stats()
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.5)
        stop = time.time() + minutes * 60
        queued = 0

        def keep_worker_busy() -> None:
            nonlocal queued
            while time.time() < stop:
                csv_path = folder / f"actors-{queued}.csv"
                _actors_csv(csv_path, 200 if args.quick else args.import_rows, queued)
                done = subprocess.run([*py, "shell", "-c", QUEUE_IMPORT], env={**env, "LOAD_CSV": str(csv_path)},
                                      cwd=ROOT, capture_output=True, text=True, check=False)
                if done.returncode:
                    stats.add("queue an import", 0.0, 0, done.stderr[-300:])
                queued += 1
                time.sleep(20 if not args.quick else 5)

        threads = [threading.Thread(target=keep_worker_busy, daemon=True)]
        api_tokens = list(tokens.values())
        for i in range(users):
            rng = random.Random(i)  # seeded: the same mix of requests every run
            if i % 3 == 0:
                target, user_args = _intake_user, (User(base, stats), rng, stop)
            else:
                token = api_tokens[i % len(api_tokens)]
                target, user_args = _api_user, (User(base, stats, token), rng, stop, i % 3 == 1)
            threads.append(threading.Thread(target=target, args=user_args, daemon=True))
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=minutes * 60 + 300)
        time.sleep(2)
        worker_alive = worker.poll() is None
        server_alive = server.poll() is None
        state = subprocess.run([*py, "shell", "-c", WORKER_STATE], env=env, cwd=ROOT, capture_output=True,
                               text=True).stdout
        imports = next((line.split("IMPORTS=", 1)[1].strip() for line in state.splitlines() if "IMPORTS=" in line), "")
    finally:
        for process in (server, worker):
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
    all_times = [t for ts in stats.times.values() for t in ts]
    server_errors = sum(n for status, n in stats.statuses.items() if status >= 500 or status == 0)

    def ms(values: list[float], q: float) -> float:
        return round(statistics.quantiles(values, n=100)[int(q) - 1] * 1000, 1) if len(values) > 1 else 0.0

    return {
        "users": users, "minutes": minutes, "requests": len(all_times),
        "requests_per_second": round(len(all_times) / (minutes * 60), 1),
        "errors": len(stats.errors), "server_errors": server_errors, "statuses": stats.statuses,
        "first_errors": stats.errors[:10], "p50_ms": ms(all_times, 50), "p95_ms": ms(all_times, 95),
        "per_request": {name: {"n": len(ts), "p50_ms": ms(ts, 50), "p95_ms": ms(ts, 95)}
                        for name, ts in sorted(stats.times.items())},
        "imports_queued": queued, "imports": imports, "worker_running_at_end": worker_alive,
        "server_running_at_end": server_alive,
    }
