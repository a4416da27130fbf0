"""Tracked tasks: the progress a long task shows, kept in one place.

Every long task (an export, an import, the duplicate pass, a filing packet) is started with a
``TaskProgress`` row owned by whoever asked, and reports through it. This module does the part
each task used to copy: "if it already succeeded, return its result; mark it running; advance
in chunks; finish with the result file; on an error, log it and mark it failed"::

    @task()
    @tracked("People export")
    def export_people_csv(run: Run, query: str = "") -> str:
        run.start(total=people.count())
        for person in people:
            ...
            run.advance()
        return run.finish(path=path, name="people.csv")

The task is still called with the progress id first (``export_people_csv.enqueue(str(progress.pk))``);
the body receives a ``Run`` instead. A body may also be a generator that yields steps (an int each,
usually 1): the decorator advances the progress by what it yields, and the generator's return
value is the task's result. Whatever the body has not finished, the decorator finishes.

``track(progress_id, label)`` is the same as a context manager, for a task whose progress row is
optional (a filing packet without one still builds).
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from . import services
from .models import TaskProgress

log = logging.getLogger(__name__)
CHUNK = 500


class Run:
    """One run of a tracked task: what it may say about its progress."""

    def __init__(self, progress: TaskProgress | None, *, chunk: int = CHUNK) -> None:
        self.progress = progress
        self.chunk = max(1, chunk)
        self.done = 0
        self._pending = 0
        self.finished = False

    @property
    def owner(self) -> Any:
        return self.progress.owner if self.progress else None

    def start(self, total: int | None = None) -> None:
        """Running, with ``total`` steps to go (None when unknown)."""
        self.done = self._pending = 0
        if self.progress is not None:
            services.progress_running(str(self.progress.pk), total=total)

    def advance(self, step: int = 1) -> None:
        """``step`` more done; written to the database once a chunk has gathered."""
        self.done += step
        self._pending += step
        if self._pending >= self.chunk:
            self.flush()

    def flush(self) -> None:
        if self._pending and self.progress is not None:
            services.progress_advance(str(self.progress.pk), self._pending)
        self._pending = 0

    def set(self, *, done: int, total: int | None) -> None:
        """Absolute progress, for work that counts its own steps (the pages of a packet)."""
        self.done, self._pending = done, 0
        if self.progress is not None:
            TaskProgress.objects.filter(pk=self.progress.pk).update(done=done, total=total, updated_at=timezone.now())

    def result_path(self, suffix: str) -> Path:
        """Where this run's result file goes (outside the web root, downloaded through the gate)."""
        assert self.progress is not None, "a run without a progress row has no result file"
        return services.results_path(self.progress, suffix)

    def finish(self, *, path: Path | None = None, name: str = "", message: str = "") -> str:
        """Succeeded, with the result file at ``path`` (readable by the owner through the site only)
        offered as ``name``. Returns the file's path relative to the media root ('' without one)."""
        self.flush()
        relative = ""
        if path is not None:
            path.chmod(0o600)
            relative = str(path.relative_to(settings.MEDIA_ROOT))
        if self.progress is not None:
            services.progress_finish(str(self.progress.pk), result_file=relative, result_name=name,
                                     message=message[:500])
        self.finished = True
        return relative

    def fail(self, message: str) -> None:
        self.flush()
        if self.progress is not None:
            services.progress_fail(str(self.progress.pk), message=message)
        self.finished = True


def _already(progress: TaskProgress) -> Any:
    return progress.result_file


@contextlib.contextmanager
def track(progress_id: str | TaskProgress | None, label: str, *, chunk: int = CHUNK) -> Iterator[Run]:
    """A ``Run`` for ``progress_id`` (a silent one when None); an error is logged, marked failed, re-raised."""
    if isinstance(progress_id, TaskProgress):
        progress: TaskProgress | None = progress_id
    else:
        progress = TaskProgress.objects.select_related("owner").get(pk=progress_id) if progress_id else None
    run = Run(progress, chunk=chunk)
    try:
        yield run
    except Exception as exc:
        log.exception("%s %s failed", label, progress.pk if progress else None)
        if not run.finished:
            run.fail(type(exc).__name__)
        raise
    if not run.finished:
        run.finish()


def tracked(label: str, *, chunk: int = CHUNK,
            already: Callable[[TaskProgress], Any] = _already) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Make ``body(run, *args)`` a task called as ``task(progress_id, *args)``; see the module's doc.

    A run whose progress already succeeded returns ``already(progress)`` (its result file by
    default) and does nothing else, so a task queued twice changes nothing.
    """

    def decorate(body: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(body)
        def wrapper(progress_id: str, *args: Any, **kwargs: Any) -> Any:
            progress = TaskProgress.objects.select_related("owner").get(pk=progress_id)
            if progress.status == TaskProgress.Status.SUCCEEDED:
                return already(progress)
            with track(progress, label, chunk=chunk) as run:
                result = body(run, *args, **kwargs)
                if inspect.isgenerator(result):
                    result = _drive(run, result)
            return result

        # The task's signature is the progress id and the body's own arguments (not the run).
        params = list(inspect.signature(body).parameters.values())[1:]
        first = inspect.Parameter("progress_id", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=str)
        wrapper.__signature__ = inspect.Signature([first, *params])  # type: ignore[attr-defined]
        del wrapper.__wrapped__  # type: ignore[attr-defined]
        return wrapper

    return decorate


def _drive(run: Run, steps: Any) -> Any:
    while True:
        try:
            step = next(steps)
        except StopIteration as stop:
            return stop.value
        run.advance(step if isinstance(step, int) else 1)
