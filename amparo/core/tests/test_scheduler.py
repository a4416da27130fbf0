"""The scheduler's periods, catch-up after downtime, and once-per-period with several workers."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection

from amparo.core import scheduler
from amparo.core.models import JobRun
from amparo.core.testing import require_postgresql

UTC = dt.UTC


class Clock:
    """An injected clock: the tests never read the real one."""

    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at


@pytest.fixture
def register() -> Iterator[Any]:
    names: list[str] = []

    def add(name: str, func: Any, **schedule: Any) -> scheduler.Job:
        names.append(name)
        return scheduler.register_job(name=name, func=func, **schedule)

    yield add
    for name in names:
        scheduler.unregister_job(name)


# --- Periods ------------------------------------------------------------------------------------

def test_every_minute_periods_start_on_the_minute():
    every = scheduler.Every(dt.timedelta(minutes=1))
    at = dt.datetime(2026, 12, 3, 10, 41, 59, 999999, tzinfo=UTC)
    assert every.period_start(at) == dt.datetime(2026, 12, 3, 10, 41, tzinfo=UTC)
    assert every.next_start(at) == dt.datetime(2026, 12, 3, 10, 42, tzinfo=UTC)
    assert every.period_start(dt.datetime(2026, 12, 3, 10, 42, tzinfo=UTC)) == every.next_start(at)


def test_every_quarter_hour_periods_are_aligned_on_the_hour():
    every = scheduler.Every(dt.timedelta(minutes=15))
    assert every.period_start(dt.datetime(2026, 12, 3, 10, 44, 1, tzinfo=UTC)) == dt.datetime(
        2026, 12, 3, 10, 30, tzinfo=UTC)


def test_a_job_runs_at_most_once_a_minute():
    with pytest.raises(ValueError):
        scheduler.Every(dt.timedelta(seconds=30))


def test_daily_periods_start_at_the_local_time_and_follow_daylight_saving(settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    daily = scheduler.DailyAt(dt.time(7, 0))
    # 2026-03-08: clocks go forward in Los Angeles; 07:00 is 15:00 UTC the day before, 14:00 that day.
    before_seven = dt.datetime(2026, 3, 8, 13, 59, tzinfo=UTC)  # 06:59 PDT
    assert daily.period_start(before_seven) == dt.datetime(2026, 3, 7, 15, 0, tzinfo=UTC)
    at_seven = dt.datetime(2026, 3, 8, 14, 0, tzinfo=UTC)
    assert daily.period_start(at_seven) == at_seven
    assert daily.next_start(at_seven) == dt.datetime(2026, 3, 9, 14, 0, tzinfo=UTC)


def test_a_job_needs_exactly_one_schedule_and_a_name_of_its_own(register):
    with pytest.raises(ValueError):
        scheduler.register_job(name="t.none", func=lambda run: None)
    register("t.taken", lambda run: None, every=dt.timedelta(minutes=5))
    with pytest.raises(ValueError):
        scheduler.register_job(name="t.taken", func=print, every=dt.timedelta(minutes=5))


def test_apps_declare_their_jobs_in_jobs_modules():
    names = {job.name for job in scheduler.jobs()}
    assert {"core.expire_result_files", "core.prune_job_history", "legal.deadline_reminders"} <= names


# --- Running ------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_job_runs_once_in_its_period_and_again_in_the_next(register):
    calls: list[dt.datetime] = []
    job = register("t.minutely", lambda run: calls.append(run.period) or "done", every=dt.timedelta(minutes=1))
    clock = Clock(dt.datetime(2026, 12, 3, 10, 0, 5, tzinfo=UTC))
    assert len(scheduler.tick(clock=clock, only=[job])) == 1
    clock.at += dt.timedelta(seconds=50)
    assert scheduler.tick(clock=clock, only=[job]) == []  # same minute: nothing
    clock.at += dt.timedelta(seconds=10)
    scheduler.tick(clock=clock, only=[job])
    assert calls == [dt.datetime(2026, 12, 3, 10, 0, tzinfo=UTC), dt.datetime(2026, 12, 3, 10, 1, tzinfo=UTC)]
    run = JobRun.objects.get(job="t.minutely", period=calls[0])
    assert run.status == JobRun.Status.SUCCEEDED and run.result == "done"


@pytest.mark.django_db
def test_after_downtime_a_missed_job_runs_once_not_once_per_missed_period(register):
    calls: list[dt.datetime] = []
    job = register("t.catch_up", lambda run: calls.append(run.period), every=dt.timedelta(minutes=1))
    clock = Clock(dt.datetime(2026, 12, 3, 10, 0, tzinfo=UTC))
    scheduler.tick(clock=clock, only=[job])
    clock.at = dt.datetime(2026, 12, 3, 13, 0, 30, tzinfo=UTC)  # three hours without a worker
    scheduler.tick(clock=clock, only=[job])
    scheduler.tick(clock=clock, only=[job])
    assert calls == [dt.datetime(2026, 12, 3, 10, 0, tzinfo=UTC), dt.datetime(2026, 12, 3, 13, 0, tzinfo=UTC)]
    assert JobRun.objects.filter(job="t.catch_up").count() == 2


@pytest.mark.django_db
def test_a_daily_job_missed_at_its_hour_runs_when_the_worker_comes_back_for_that_day(register, settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    days: list[dt.date] = []
    job = register("t.daily", lambda run: days.append(run.local_date), daily_at=dt.time(7, 0))
    clock = Clock(dt.datetime(2026, 12, 2, 15, 5, tzinfo=UTC))  # 07:05 on the 2nd, Los Angeles
    scheduler.tick(clock=clock, only=[job])
    clock.at = dt.datetime(2026, 12, 3, 17, 30, tzinfo=UTC)  # down from 06:00 to 09:30 on the 3rd
    scheduler.tick(clock=clock, only=[job])
    assert days == [dt.date(2026, 12, 2), dt.date(2026, 12, 3)]
    [row] = [r for r in scheduler.status(now=clock.at) if r.job.name == "t.daily"]
    assert not row.due and row.next_run == dt.datetime(2026, 12, 4, 15, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_not_retried_until_its_next_period(register):
    attempts: list[int] = []

    def broken(run: scheduler.JobContext) -> None:
        attempts.append(1)
        raise RuntimeError("mail server unreachable")

    job = register("t.broken", broken, every=dt.timedelta(hours=1))
    clock = Clock(dt.datetime(2026, 12, 3, 10, 0, tzinfo=UTC))
    [run] = scheduler.tick(clock=clock, only=[job])
    scheduler.tick(clock=clock, only=[job])
    run.refresh_from_db()
    assert len(attempts) == 1
    assert run.status == JobRun.Status.FAILED and run.result == "RuntimeError: mail server unreachable"
    clock.at += dt.timedelta(hours=1)
    scheduler.tick(clock=clock, only=[job])
    assert len(attempts) == 2


@pytest.mark.django_db
def test_status_says_when_each_job_ran_how_long_it_took_and_when_it_runs_next(register):
    clock = Clock(dt.datetime(2026, 12, 3, 10, 7, tzinfo=UTC))

    def slow(run: scheduler.JobContext) -> str:
        clock.at += dt.timedelta(seconds=3)  # the job takes three (injected) seconds
        return "3 files"

    job = register("t.status", slow, every=dt.timedelta(minutes=15))
    [before] = [r for r in scheduler.status(now=clock.at) if r.job.name == "t.status"]
    assert before.due and before.last is None
    scheduler.tick(clock=clock, only=[job])
    [after] = [r for r in scheduler.status(now=clock.at) if r.job.name == "t.status"]
    assert after.last.duration == 3.0 and after.last.result == "3 files"
    assert after.next_run == dt.datetime(2026, 12, 3, 10, 15, tzinfo=UTC) and not after.due


# --- Several workers at once ------------------------------------------------------------------

def _two_workers_for_five_minutes(register: Any) -> None:
    """Two workers (threads, each with its own database connection) tick together, at the same
    injected minute, five minutes in a row; the every-minute job must run exactly once each minute."""
    runs: list[tuple[str, dt.datetime]] = []
    lock = threading.Lock()

    def job_func(run: scheduler.JobContext) -> str:
        with lock:
            runs.append((threading.current_thread().name, run.period))
        threading.Event().wait(0.05)  # stay busy while the other worker tries the same minute
        return "ran"

    job = register("t.concurrent", job_func, every=dt.timedelta(minutes=1))
    start = dt.datetime(2026, 12, 3, 10, 0, 1, tzinfo=UTC)
    minutes = [start + dt.timedelta(minutes=m) for m in range(5)]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker(name: str) -> None:
        ticker = scheduler.Ticker(worker=name, clock=lambda: current[0], only=[job])
        try:
            for at in minutes:
                barrier.wait(timeout=30)
                current[0] = at
                barrier.wait(timeout=30)
                ticker.tick()
        except BaseException as exc:  # noqa: BLE001 - reported by the test thread
            errors.append(exc)
            barrier.abort()
        finally:
            connection.close()

    current = [start]
    threads = [threading.Thread(target=worker, args=(f"worker-{n}",), name=f"worker-{n}") for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    periods = [period for _name, period in runs]
    assert periods == [at.replace(second=0) for at in minutes]  # each minute once, in order
    rows = JobRun.objects.filter(job="t.concurrent").order_by("period")
    assert [(r.period, r.status) for r in rows] == [(p, JobRun.Status.SUCCEEDED) for p in periods]


@pytest.mark.django_db(transaction=True)
def test_a_job_every_minute_runs_exactly_once_per_minute_with_two_workers_on_sqlite(register):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite leg runs this; the PostgreSQL test below covers this database")
    _two_workers_for_five_minutes(register)


@pytest.mark.django_db(transaction=True)
def test_a_job_every_minute_runs_exactly_once_per_minute_with_two_workers_on_postgresql(register):
    require_postgresql("once-per-minute with two concurrent workers on PostgreSQL")
    _two_workers_for_five_minutes(register)


@pytest.mark.django_db
def test_a_job_that_meets_a_locked_database_is_run_again_not_recorded_as_failed(register):
    from django.db import OperationalError

    attempts: list[int] = []

    def busy_once(run: scheduler.JobContext) -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise OperationalError("database is locked")
        return "done"

    job = register("t.busy_once", busy_once, every=dt.timedelta(hours=1))
    [run] = scheduler.tick(clock=Clock(dt.datetime(2026, 12, 3, 10, 0, tzinfo=UTC)), only=[job])
    assert len(attempts) == 2 and run.status == JobRun.Status.SUCCEEDED and run.result == "done"
