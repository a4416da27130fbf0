"""Periodic jobs: declared in code with a schedule, run by ``manage.py worker``.

An app declares its jobs on its AppConfig (``core.plugins``), which hands them to ``register_job``::

    periodic_jobs = [PeriodicJob("legal.deadline_reminders", "amparo.legal.jobs.deadline_reminders",
                                 daily_at=time(7, 0), label=_("Deadline reminders"))]

    def deadline_reminders(run: JobContext) -> Outcome:      # amparo/legal/jobs.py
        return Outcome(gettext_noop("%(count)s sent"), {"count": send_deadline_reminders(today=run.local_date)})

Each tick of a worker (``tick()``) runs every job whose current period has no run yet. The run
row (``JobRun``, unique on job and period) is inserted in its own transaction before the job
runs, so with several workers exactly one wins the period and the others skip it. A worker that
was down runs a missed job once, for the current period, when it comes back: the periods in
between are not replayed one by one.

Jobs run inside the worker process, one after the other; a long job should queue a background
task instead of doing the work itself.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]
# Periods of ``every`` schedules are counted from this instant: an every-minute job's periods
# start on the minute, an hourly job's on the hour (UTC).
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


class Schedule(Protocol):
    def period_start(self, at: dt.datetime) -> dt.datetime:
        """The start of the period that contains ``at`` (aware)."""

    def next_start(self, at: dt.datetime) -> dt.datetime:
        """The start of the period after the one that contains ``at``."""

    def describe(self) -> str: ...


@dataclass(frozen=True)
class Every:
    """Every fixed interval (at least a minute), aligned on the epoch."""

    interval: dt.timedelta

    def __post_init__(self) -> None:
        if self.interval < dt.timedelta(minutes=1):
            raise ValueError("A periodic job runs at most once a minute.")

    def period_start(self, at: dt.datetime) -> dt.datetime:
        periods = (at - EPOCH) // self.interval
        return EPOCH + periods * self.interval

    def next_start(self, at: dt.datetime) -> dt.datetime:
        return self.period_start(at) + self.interval

    def describe(self) -> str:
        from django.utils.translation import ngettext

        minutes = int(self.interval.total_seconds() // 60)
        if minutes % (24 * 60) == 0:
            days = minutes // (24 * 60)
            return ngettext("every day", "every %(count)s days", days) % {"count": days}
        if minutes % 60 == 0:
            hours = minutes // 60
            return ngettext("every hour", "every %(count)s hours", hours) % {"count": hours}
        return ngettext("every minute", "every %(count)s minutes", minutes) % {"count": minutes}


@dataclass(frozen=True)
class DailyAt:
    """Once a day at a local time of the center (settings.TIME_ZONE, or ``tz``)."""

    at: dt.time
    tz: str | None = None

    def _zone(self) -> dt.tzinfo:
        if self.tz:
            from zoneinfo import ZoneInfo

            return ZoneInfo(self.tz)
        return timezone.get_default_timezone()

    def _on(self, day: dt.date) -> dt.datetime:
        naive = dt.datetime.combine(day, self.at)
        return naive.replace(tzinfo=self._zone()).astimezone(dt.UTC)

    def period_start(self, at: dt.datetime) -> dt.datetime:
        day = at.astimezone(self._zone()).date()
        start = self._on(day)
        return start if start <= at else self._on(day - dt.timedelta(days=1))

    def next_start(self, at: dt.datetime) -> dt.datetime:
        day = self.period_start(at).astimezone(self._zone()).date()
        return self._on(day + dt.timedelta(days=1))

    def describe(self) -> str:
        from django.utils.translation import gettext as _

        return _("every day at %(time)s") % {"time": self.at.strftime("%H:%M")}


@dataclass(frozen=True)
class JobContext:
    """What a job is told when it runs: the period it runs for, and the time now."""

    job: Job
    period: dt.datetime
    now: dt.datetime

    @property
    def local_date(self) -> dt.date:
        """The center's date at the start of the period (e.g. "today" of a daily job)."""
        return timezone.localdate(self.period)


@dataclass(frozen=True)
class Outcome:
    """What a job may return: a message marked with ``gettext_noop`` and its values, shown on the
    jobs page in each reader's language (``Outcome(gettext_noop("%(count)s sent"), {"count": 3})``).
    A plain string is recorded as it is."""

    message: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Job:
    name: str
    func: Callable[[JobContext], Any]
    schedule: Schedule
    label: Any = ""  # a (lazy) translated description for the jobs page
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return str(self.label) if self.label else self.name


_REGISTRY: dict[str, Job] = {}
_discovered = False


def register_job(
    *,
    name: str,
    func: Callable[[JobContext], Any],
    every: dt.timedelta | None = None,
    daily_at: dt.time | None = None,
    schedule: Schedule | None = None,
    label: Any = "",
) -> Job:
    """Declare a periodic job. Exactly one of ``every``, ``daily_at`` or ``schedule``.

    Registering the same name again with the same function replaces it (module reloads);
    a different function under a taken name is a mistake and raises ``ValueError``.
    """
    given = [s for s in (every, daily_at, schedule) if s is not None]
    if len(given) != 1:
        raise ValueError("Give a periodic job exactly one of every=, daily_at= or schedule=.")
    if every is not None:
        schedule = Every(every)
    elif daily_at is not None:
        schedule = DailyAt(daily_at)
    assert schedule is not None
    old = _REGISTRY.get(name)
    if old is not None and getattr(old.func, "__qualname__", None) != getattr(func, "__qualname__", None):
        raise ValueError(f"A periodic job named {name!r} is already registered.")
    job = Job(name=name, func=func, schedule=schedule, label=label)
    _REGISTRY[name] = job
    return job


def unregister_job(name: str) -> None:
    _REGISTRY.pop(name, None)


def discover() -> None:
    """Every app's declared jobs are registered (``core.plugins.load``, run once at start-up)."""
    global _discovered
    if not _discovered:
        from .plugins import load

        load()
        _discovered = True


def jobs() -> list[Job]:
    discover()
    return sorted(_REGISTRY.values(), key=lambda job: job.name)


def get_job(name: str) -> Job:
    discover()
    return _REGISTRY[name]


# --- Running -----------------------------------------------------------------------------------

def is_locked(exc: BaseException) -> bool:
    """SQLite's "database is locked" (or "busy"): wait and try again."""
    text = str(exc).lower()
    return isinstance(exc, OperationalError) and ("database is locked" in text or "database is busy" in text)


def retry_on_lock(
    func: Callable[[], Any], *, attempts: int = 5, delay: float = 0.2, sleep: Callable[[float], None] = time.sleep
) -> Any:
    """Call ``func``; on "database is locked" wait (0.2 s, 0.4 s, 0.8 s...) and try again."""
    for attempt in range(attempts):
        try:
            return func()
        except OperationalError as exc:
            if not is_locked(exc) or attempt == attempts - 1:
                raise
            log.warning("Database is locked; trying again (%s of %s)", attempt + 2, attempts)
            sleep(delay * 2**attempt)
    raise AssertionError("unreachable")


def _claim(job: Job, period: dt.datetime, now: dt.datetime, worker: str) -> Any | None:
    """Insert this period's run row in its own transaction; None if another worker has it."""
    from .models import JobRun

    def insert() -> Any:
        with transaction.atomic():
            return JobRun.objects.create(job=job.name, period=period, worker=worker[:64], started_at=now)

    try:
        return retry_on_lock(insert)
    except IntegrityError:
        return None


def run_job(job: Job, *, period: dt.datetime, clock: Clock = timezone.now, worker: str = "") -> Any | None:
    """Run ``job`` for ``period`` unless some worker already has; return its JobRun or None."""
    from .models import JobRun

    run = _claim(job, period, clock(), worker)
    if run is None:
        return None
    try:
        context = JobContext(job=job, period=period, now=run.started_at)
        result = retry_on_lock(lambda: job.func(context))  # jobs are idempotent: run again on a lock
        status, text, params = JobRun.Status.SUCCEEDED, "" if result is None else str(result), {}
        if isinstance(result, Outcome):
            text, params = result.message, result.params
    except Exception as exc:
        log.exception("Periodic job %s failed for %s", job.name, period.isoformat())
        status, text, params = JobRun.Status.FAILED, f"{type(exc).__name__}: {exc}", {}
    finished = clock()

    def record() -> None:
        JobRun.objects.filter(pk=run.pk).update(status=status, result=text[:500], result_params=params,
                                                finished_at=finished)

    retry_on_lock(record)
    run.status, run.result, run.result_params, run.finished_at = status, text[:500], params, finished
    return run


@dataclass
class Ticker:
    """Runs due jobs for one worker; remembers which periods it has seen taken, so an idle
    tick costs no query until a period turns."""

    worker: str = ""
    clock: Clock = timezone.now
    only: list[Job] | None = None  # these jobs rather than every registered one
    seen: dict[str, dt.datetime] = field(default_factory=dict)

    def tick(self) -> list[Any]:
        from .models import JobRun

        ran = []
        for job in jobs() if self.only is None else self.only:
            period = job.schedule.period_start(self.clock())
            if self.seen.get(job.name) == period:
                continue
            if not JobRun.objects.filter(job=job.name, period=period).exists():
                run = run_job(job, period=period, clock=self.clock, worker=self.worker)
                if run is not None:
                    ran.append(run)
            self.seen[job.name] = period
        return ran


def tick(*, clock: Clock = timezone.now, worker: str = "", only: list[Job] | None = None) -> list[Any]:
    """Run every job whose current period has no run yet (by any worker). Returns the runs made."""
    return Ticker(worker=worker, clock=clock, only=only).tick()


@dataclass(frozen=True)
class JobStatus:
    job: Job
    last: Any | None
    next_run: dt.datetime
    due: bool


def status(*, now: dt.datetime | None = None) -> list[JobStatus]:
    """Each job with its latest run and when it runs next (for the jobs page)."""
    from .models import JobRun

    now = now or timezone.now()
    rows = []
    for job in jobs():
        last = JobRun.objects.filter(job=job.name).order_by("-period").first()
        current = job.schedule.period_start(now)
        due = last is None or last.period < current
        rows.append(JobStatus(job=job, last=last, due=due,
                              next_run=current if due else job.schedule.next_start(now)))
    return rows
