"""Exported files are deleted after the retention period; a later download says they expired."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from amparo.accounts.roles import Role
from amparo.core import scheduler
from amparo.core.jobs import expire_result_files
from amparo.core.models import AuditEntry, TaskProgress
from amparo.core.testing import sign_in

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 12, 3, 18, 0, tzinfo=dt.UTC)


def finished_export(owner, *, hours_ago: float, name: str) -> TaskProgress:
    folder = Path(settings.MEDIA_ROOT) / "results"
    folder.mkdir(parents=True, exist_ok=True)
    progress = TaskProgress.objects.create(owner=owner, kind="people.export", label=name,
                                           status=TaskProgress.Status.SUCCEEDED, result_name=name)
    (folder / f"{progress.pk}.csv").write_text("A-number,name\n")
    TaskProgress.objects.filter(pk=progress.pk).update(
        result_file=f"results/{progress.pk}.csv", finished_at=NOW - dt.timedelta(hours=hours_ago))
    progress.refresh_from_db()
    return progress


def test_files_past_the_retention_period_are_deleted_and_recorded(make_user, settings):
    settings.AMPARO_EXPORT_RETENTION_HOURS = 24
    owner = make_user(Role.ATTORNEY)
    old = finished_export(owner, hours_ago=25, name="old.csv")
    recent = finished_export(owner, hours_ago=23, name="recent.csv")
    assert expire_result_files(now=NOW) == 1
    assert expire_result_files(now=NOW) == 0  # once
    old.refresh_from_db()
    recent.refresh_from_db()
    root = Path(settings.MEDIA_ROOT)
    assert not (root / old.result_file).exists() and old.result_expired_at == NOW
    assert (root / recent.result_file).exists() and recent.result_expired_at is None
    entry = AuditEntry.objects.get(action="task.result_expired")
    assert entry.object_id == str(old.pk) and entry.extra["retention_hours"] == 24


def test_the_retention_period_comes_from_the_settings(make_user, settings):
    settings.AMPARO_EXPORT_RETENTION_HOURS = 2
    progress = finished_export(make_user(Role.ATTORNEY), hours_ago=3, name="x.csv")
    assert expire_result_files(now=NOW) == 1
    progress.refresh_from_db()
    assert progress.result_expired_at == NOW


def test_the_job_runs_on_the_scheduler(make_user):
    progress = finished_export(make_user(Role.ATTORNEY), hours_ago=48, name="x.csv")
    job = scheduler.get_job("core.expire_result_files")
    [run] = scheduler.tick(clock=lambda: NOW, only=[job])
    assert run.result_text == "1 file(s) deleted"
    progress.refresh_from_db()
    assert progress.result_expired_at == NOW


@pytest.mark.parametrize(("language", "says"), [
    ("en", "The result file has expired"),
    ("es", "El archivo de resultado venció"),
])
def test_a_download_after_expiry_says_the_file_expired_in_the_users_language(make_user, language, says):
    owner = make_user(Role.ATTORNEY, language=language)
    progress = finished_export(owner, hours_ago=48, name="x.csv")
    client = sign_in(Client(), owner)
    assert client.get(f"/tasks/{progress.pk}/").content.decode().count("/download/") == 1
    expire_result_files(now=timezone.now())
    response = client.get(f"/tasks/{progress.pk}/download/")
    assert response.status_code == 410 and says in response.content.decode()
    page = client.get(f"/tasks/{progress.pk}/").content.decode()
    assert says in page and "/download/" not in page


def test_the_task_page_says_when_the_file_will_be_deleted(make_user, settings):
    settings.AMPARO_EXPORT_RETENTION_HOURS = 24
    owner = make_user(Role.ATTORNEY, language="en")
    progress = finished_export(owner, hours_ago=1, name="x.csv")
    page = sign_in(Client(), owner).get(f"/tasks/{progress.pk}/").content.decode()
    assert "It will be deleted on" in page
