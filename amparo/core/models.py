"""Shared building blocks: the audit trail, the progress of long tasks, periodic job runs."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit entry."""


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs):  # type: ignore[override]
        raise AppendOnlyError("The audit trail is append-only.")

    def delete(self):  # type: ignore[override]
        raise AppendOnlyError("The audit trail is append-only.")

    def bulk_update(self, *args, **kwargs):  # type: ignore[override]
        raise AppendOnlyError("The audit trail is append-only.")

    def update_or_create(self, *args, **kwargs):  # type: ignore[override]
        raise AppendOnlyError("The audit trail is append-only.")


class AuditEntry(models.Model):
    """One thing that happened: who, when, to what, what changed, and from where.

    Append-only: the application has no path to change or delete an entry, and the
    database refuses it too (triggers installed by migration 0002).
    """

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("who (as recorded)"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_label = models.CharField(_("object"), max_length=255, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    extra = models.JSONField(_("details"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    request_id = models.CharField(_("request"), max_length=32, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnlyError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[override]
        raise AppendOnlyError("The audit trail is append-only.")


class TaskProgress(models.Model):
    """What a long background task has done so far, shown to the person who started it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Finished")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=64)
    label = models.CharField(_("description"), max_length=255)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(pgettext_lazy("task progress: items done", "done"), default=0)
    total = models.PositiveIntegerField(_("total"), null=True, blank=True)
    message = models.CharField(_("message"), max_length=500, blank=True)
    result_file = models.CharField(_("result file"), max_length=255, blank=True)
    result_name = models.CharField(_("result file name"), max_length=255, blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Result files are deleted after AMPARO_EXPORT_RETENTION_HOURS (core.jobs); this says when.
    result_expired_at = models.DateTimeField(_("result file deleted"), null=True, blank=True)

    class Meta:
        verbose_name = _("background task")
        verbose_name_plural = _("background tasks")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}

    @property
    def result_expires_at(self) -> datetime.datetime | None:
        """When the result file will be deleted (AMPARO_EXPORT_RETENTION_HOURS after the end)."""
        if not self.result_file or self.finished_at is None:
            return None
        return self.finished_at + datetime.timedelta(hours=settings.AMPARO_EXPORT_RETENTION_HOURS)

    @property
    def percent(self) -> int | None:
        if not self.total:
            return 100 if self.status == self.Status.SUCCEEDED else None
        return min(100, round(100 * self.done / self.total))


class JobRun(models.Model):
    """One run of a periodic job (core.scheduler) for one period.

    The unique (job, period) pair is what makes a job run at most once per period however many
    workers tick at the same time: the worker whose insert succeeds runs it, the others skip.
    """

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    job = models.CharField(_("job"), max_length=100)
    period = models.DateTimeField(_("period"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.RUNNING)
    worker = models.CharField(_("worker"), max_length=64, blank=True)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # What the job said: a message (translated when shown, if the catalogue knows it) and its values.
    result = models.CharField(_("result"), max_length=500, blank=True)
    result_params = models.JSONField(_("result values"), default=dict, blank=True)

    class Meta:
        verbose_name = _("periodic job run")
        verbose_name_plural = _("periodic job runs")
        ordering = ["-period", "job"]
        constraints = [models.UniqueConstraint(fields=["job", "period"], name="core_jobrun_once_per_period")]
        indexes = [models.Index(fields=["job", "-period"], name="core_jobrun_latest_idx")]

    def __str__(self) -> str:
        return f"{self.job} {self.period:%Y-%m-%d %H:%M}"

    @property
    def result_text(self) -> str:
        """The result in the reader's language (a job's messages are marked with gettext_noop)."""
        from django.utils.translation import gettext

        if not self.result_params:
            return gettext(self.result) if self.result else ""
        try:
            return gettext(self.result) % self.result_params
        except (KeyError, TypeError, ValueError):
            return self.result

    @property
    def duration(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class WorkerHeartbeat(models.Model):
    """The last sign of life of each worker process, shown on the periodic jobs page."""

    worker = models.CharField(_("worker"), max_length=64, unique=True)
    host = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"))
    last_beat = models.DateTimeField(_("last heartbeat"))
    state = models.CharField(_("doing"), max_length=255, blank=True)
    errors = models.PositiveIntegerField(_("errors survived"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        ordering = ["-last_beat"]

    def __str__(self) -> str:
        return f"{self.worker} {self.last_beat:%Y-%m-%d %H:%M:%S}"


class IdempotencyKey(models.Model):
    """A money-moving API request made with an ``Idempotency-Key`` header (``core.idempotency``).

    The row is written, in its own transaction, before the request's work starts: a second
    request with the same key finds it and gets the first result (or 409 while the first is
    still at work). Kept for ``AMPARO_IDEMPOTENCY_DAYS``, then pruned with the job history.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    scope = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="core_idempotency_key_once_per_user")]
        indexes = [models.Index(fields=["created_at"], name="core_idempotency_created")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"
