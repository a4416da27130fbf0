"""``manage.py worker``: run background tasks and periodic jobs.

django-tasks-db's ``db_worker`` does the task work; this command wraps its worker in a
supervised loop that:

- runs due periodic jobs (``core.scheduler``) between tasks, once per period across all workers;
- writes a heartbeat (shown on the periodic jobs page) at most every ``--heartbeat`` seconds and
  before each task;
- never exits on an error of the database or of its own code: it logs it, waits (1 s, 2 s, 4 s...
  up to a minute; for "database is locked" 0.2 s, 0.4 s... up to 5 s), reconnects and goes on.
  Only Ctrl-C / SIGTERM stop it.

Run one or more, on one machine or several.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import time
from argparse import ArgumentParser
from collections.abc import Callable
from typing import Any

from django.db import close_old_connections, connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker
from django_tasks_db.management.commands.db_worker import Worker

from amparo.core import scheduler

log = logging.getLogger("amparo.worker")
MAX_BACKOFF = 60.0
MAX_LOCKED_BACKOFF = 5.0
TASKS_PER_PASS = 10  # tasks run before the loop looks at the clock again


class _QuietPasses(logging.Filter):
    """The wrapped worker announces each pass; say it once, not every second."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        return not message.startswith(("Starting worker", "No more tasks to run", "Run maximum tasks"))


def backoff(failures: int, *, locked: bool) -> float:
    """Seconds to wait after the n-th error in a row: a lock passes soon, so retry sooner."""
    base, cap = (0.2, MAX_LOCKED_BACKOFF) if locked else (1.0, MAX_BACKOFF)
    return min(cap, base * 2 ** max(0, failures - 1)) * (1 + random.random() / 4)  # noqa: S311


class SupervisedWorker(Worker):
    """django-tasks-db's worker, run pass by pass inside a loop that survives errors."""

    def __init__(self, *, heartbeat: float = 15.0, scheduler_enabled: bool = True,
                 clock: Callable[[], Any] = timezone.now, sleep: Callable[[float], None] = time.sleep,
                 **kwargs: Any) -> None:
        self.max_passes = kwargs.pop("max_passes", None)  # for tests: stop after so many passes
        super().__init__(**kwargs)
        self.heartbeat_every = heartbeat
        self.scheduler_enabled = scheduler_enabled
        self.clock = clock
        self.sleep = sleep
        self.ticker = scheduler.Ticker(worker=self.worker_id, clock=clock)
        self.started_at = clock()
        self.last_beat: Any = None
        self.last_state = ""
        self.errors = 0
        self.last_error = ""
        self.pass_startup_delay = self.startup_delay
        self.once_batch = self.batch
        self.total_max, self.total_run = self.max_tasks, 0

    # -- the supervised loop --------------------------------------------------------------------
    def run(self) -> None:
        log.info("Worker %s started (tasks, periodic jobs)", self.worker_id)
        if self.pass_startup_delay and self.interval:
            self.sleep(random.random())  # noqa: S311 - spread workers started together
        self.startup_delay = False
        quiet = _QuietPasses()
        logging.getLogger("django_tasks_db").addFilter(quiet)
        failures = passes = 0
        try:
            while self.running:
                passes += 1
                try:
                    worked = self.one_pass()
                    failures = 0
                except Exception as exc:  # a transient error must never stop the worker
                    failures += 1
                    self.record_error(exc)
                    locked = scheduler.is_locked(exc)
                    delay = backoff(failures, locked=locked)
                    log.warning("Worker %s: %s: %s; going on in %.1f s", self.worker_id,
                                type(exc).__name__, exc, delay, exc_info=not locked)
                    self.reconnect()
                    self.sleep(delay)
                    continue
                if self.once_batch and not worked:
                    return
                if self.total_max is not None and self.total_run >= self.total_max:
                    return
                if self.max_passes is not None and passes >= self.max_passes:
                    return
                if self.running and not worked:
                    self.sleep(self.interval)
        finally:
            logging.getLogger("django_tasks_db").removeFilter(quiet)

    def one_pass(self) -> bool:
        """Heartbeat, due periodic jobs, then up to TASKS_PER_PASS queued tasks. True if
        anything ran (so the loop goes straight on)."""
        close_old_connections()
        self.beat("idle")
        ran = []
        if self.scheduler_enabled:
            self.running_task = True  # Ctrl-C / SIGTERM let a running job finish, as a task does
            try:
                ran = self.ticker.tick()
            finally:
                self.running_task = False
        if not self.running:
            return bool(ran)
        # The wrapped worker in batch mode runs tasks until none are left, or max_tasks.
        cap = TASKS_PER_PASS if self.total_max is None else min(TASKS_PER_PASS, self.total_max - self.total_run)
        self.batch, self._run_tasks, self.max_tasks = True, 0, cap
        Worker.run(self)
        self.total_run += self._run_tasks
        return bool(ran) or self._run_tasks > 0

    def run_task(self, db_task_result: Any) -> None:
        self.beat(f"task {db_task_result.task_path}", force=True)
        super().run_task(db_task_result)

    # -- health -------------------------------------------------------------------------------
    def beat(self, state: str, *, force: bool = False) -> None:
        from amparo.core.models import WorkerHeartbeat

        now = self.clock()
        recent = self.last_beat is not None and (now - self.last_beat).total_seconds() < self.heartbeat_every
        if recent and not force and state == self.last_state:
            return

        def write() -> None:
            WorkerHeartbeat.objects.update_or_create(worker=self.worker_id, defaults={
                "host": socket.gethostname()[:255], "pid": os.getpid(), "started_at": self.started_at,
                "last_beat": now, "state": state[:255], "errors": self.errors, "last_error": self.last_error[:500],
            })

        scheduler.retry_on_lock(write, sleep=self.sleep)
        self.last_beat, self.last_state = now, state

    def record_error(self, exc: Exception) -> None:
        self.errors += 1
        self.last_error = f"{timezone.localtime(self.clock()):%Y-%m-%d %H:%M:%S} {type(exc).__name__}: {exc}"
        self.last_beat = None  # say so at the next heartbeat

    def reconnect(self) -> None:
        for conn in connections.all(initialized_only=True):
            try:
                if conn.in_atomic_block:
                    continue
                conn.close()
            except Exception:  # noqa: BLE001 - a broken connection may fail to close; it is dropped anyway
                log.debug("Closing a broken connection failed", exc_info=True)


class Command(DatabaseWorker):
    help = "Run queued background tasks and periodic jobs. Start several for more throughput; stop with Ctrl-C."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--heartbeat", type=float, default=15.0,
                            help="Seconds between heartbeats when idle (default: %(default)r)")
        parser.add_argument("--no-scheduler", action="store_false", dest="scheduler_enabled",
                            help="Run queued tasks only, not periodic jobs.")

    def handle(self, *, verbosity: int, queue_name: str, interval: float, batch: bool, backend_name: str,
               startup_delay: bool, reload: bool, max_tasks: int | None, worker_id: str,
               exclude_queues: str, heartbeat: float, scheduler_enabled: bool, **options: Any) -> None:
        self.configure_logging(verbosity)
        if verbosity == 0:
            log.setLevel(logging.ERROR)
        elif not log.hasHandlers():
            log.addHandler(logging.StreamHandler(self.stdout))
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        worker = SupervisedWorker(
            queue_names=queue_names, interval=interval, batch=batch, backend_name=backend_name,
            startup_delay=startup_delay, max_tasks=max_tasks, worker_id=worker_id, excluded_queue_names=excluded,
            heartbeat=heartbeat, scheduler_enabled=scheduler_enabled,
        )
        if reload and not batch:
            from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader

            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
