"""The worker survives database contention and its own errors, and says it is alive."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import OperationalError
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResultQuerySet

from amparo.core import scheduler
from amparo.core.management.commands.worker import SupervisedWorker
from amparo.core.models import JobRun, WorkerHeartbeat

# The worker checks its connections like a long-running process does (close_old_connections),
# which a test wrapped in a transaction cannot survive.
pytestmark = pytest.mark.django_db(transaction=True)
UTC = dt.UTC


class Clock:
    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at


def make_worker(clock: Clock, sleeps: list[float], **kwargs: Any) -> SupervisedWorker:
    def sleep(seconds: float) -> None:  # the loop's waits, recorded instead of slept; time moves on
        sleeps.append(seconds)
        clock.at += dt.timedelta(seconds=seconds)

    options: dict[str, Any] = {
        "queue_names": ["default"], "interval": 1.0, "batch": False, "backend_name": "default",
        "startup_delay": False, "max_tasks": None, "worker_id": "w-test", "excluded_queue_names": [],
        "clock": clock, "sleep": sleep, "heartbeat": 15.0,
    }
    options.update(kwargs)
    return SupervisedWorker(**options)


@pytest.fixture
def minutely() -> Any:
    calls: list[dt.datetime] = []
    job = scheduler.register_job(name="t.worker_minutely", func=lambda run: calls.append(run.period),
                                 every=dt.timedelta(minutes=1))
    yield job, calls
    scheduler.unregister_job(job.name)


def test_the_worker_loop_survives_database_is_locked_and_goes_on(minutely, monkeypatch):
    job, calls = minutely
    clock, sleeps = Clock(dt.datetime(2026, 12, 3, 10, 0, 30, tzinfo=UTC)), []
    worker = make_worker(clock, sleeps, max_passes=4)
    worker.ticker.only = [job]
    real_tick, failures = worker.ticker.tick, [OperationalError("database is locked")] * 2

    def tick() -> list[Any]:
        if failures:
            raise failures.pop()
        return real_tick()

    monkeypatch.setattr(worker.ticker, "tick", tick)
    worker.run()  # returns only because of max_passes: the errors did not stop it
    assert calls == [dt.datetime(2026, 12, 3, 10, 0, tzinfo=UTC)]  # the job ran once the lock was gone
    assert sleeps[:2] and 0.2 <= sleeps[0] <= 0.25 and 0.4 <= sleeps[1] <= 0.5  # backoff, doubling
    beat = WorkerHeartbeat.objects.get(worker="w-test")
    assert beat.errors == 2 and "database is locked" in beat.last_error


def test_the_worker_survives_any_error_of_its_own_and_backs_off_to_at_most_a_minute(minutely, monkeypatch):
    job, calls = minutely
    clock, sleeps = Clock(dt.datetime(2026, 12, 3, 10, 0, 30, tzinfo=UTC)), []
    worker = make_worker(clock, sleeps, max_passes=12)
    worker.ticker.only = [job]
    real_tick, failing = worker.ticker.tick, iter(range(10))

    def tick() -> list[Any]:
        if next(failing, None) is not None:
            raise RuntimeError("the scheduler broke")
        return real_tick()

    monkeypatch.setattr(worker.ticker, "tick", tick)
    worker.run()
    assert sleeps[:3] == pytest.approx([1, 2, 4], rel=0.25)
    assert max(sleeps) <= 60 * 1.25 and len(calls) == 1


def test_the_worker_writes_a_heartbeat_and_runs_due_jobs(minutely):
    job, calls = minutely
    clock, sleeps = Clock(dt.datetime(2026, 12, 3, 10, 0, 30, tzinfo=UTC)), []
    worker = make_worker(clock, sleeps, max_passes=90)  # ~90 idle seconds: one second each pass
    worker.ticker.only = [job]
    worker.run()
    assert calls == [dt.datetime(2026, 12, 3, 10, 0, tzinfo=UTC), dt.datetime(2026, 12, 3, 10, 1, tzinfo=UTC)]
    assert JobRun.objects.filter(job=job.name, worker="w-test").count() == 2
    beat = WorkerHeartbeat.objects.get(worker="w-test")
    assert beat.errors == 0 and beat.state == "idle"
    assert clock.at - beat.last_beat <= dt.timedelta(seconds=16)  # written every 15 s while idle


def test_a_worker_started_with_no_scheduler_runs_no_jobs(minutely):
    job, calls = minutely
    clock, sleeps = Clock(dt.datetime(2026, 12, 3, 10, 0, 30, tzinfo=UTC)), []
    worker = make_worker(clock, sleeps, max_passes=3, scheduler_enabled=False)
    worker.ticker.only = [job]
    worker.run()
    assert calls == [] and WorkerHeartbeat.objects.filter(worker="w-test").exists()


@task()
def record_visit(note: str) -> str:
    """A queued task for the worker to run (looked up by path, so at module level)."""
    return f"visited {note}"


def test_queued_tasks_still_run_through_the_wrapped_worker_after_a_locked_database(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    results = [record_visit.enqueue(f"#{n}") for n in range(3)]
    clock, sleeps = Clock(dt.datetime(2026, 12, 3, 10, 0, 30, tzinfo=UTC)), []
    worker = make_worker(clock, sleeps, max_passes=3, scheduler_enabled=False)
    real_get_locked, failures = DBTaskResultQuerySet.get_locked, [OperationalError("database is locked")]

    def get_locked(self: Any) -> Any:
        if failures:  # the first claim finds the database locked by another writer
            raise failures.pop()
        return real_get_locked(self)

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", get_locked)
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.time.sleep", lambda s: sleeps.append(s))
    worker.run()
    for result in results:
        result.refresh()
        assert result.status == TaskResultStatus.SUCCESSFUL and result.return_value.startswith("visited #")
    assert WorkerHeartbeat.objects.get(worker="w-test").state == "idle"  # done, waiting again
