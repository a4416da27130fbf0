"""The periodic jobs page: administrators only, in English and Spanish."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone, translation

from amparo.accounts.roles import Role
from amparo.core.models import JobRun, WorkerHeartbeat
from amparo.core.testing import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def history():
    now = timezone.now()
    JobRun.objects.create(job="core.expire_result_files", period=now - dt.timedelta(minutes=5),
                          started_at=now - dt.timedelta(minutes=5),
                          finished_at=now - dt.timedelta(minutes=5) + dt.timedelta(seconds=2.5),
                          status=JobRun.Status.SUCCEEDED, result="%(count)s file(s) deleted",
                          result_params={"count": 4})
    JobRun.objects.create(job="legal.deadline_reminders", period=now - dt.timedelta(hours=1),
                          started_at=now - dt.timedelta(hours=1), finished_at=now - dt.timedelta(hours=1),
                          status=JobRun.Status.FAILED, result="SMTPServerDisconnected: gone")
    WorkerHeartbeat.objects.create(worker="a" * 32, host="app-1", pid=4242, started_at=now, last_beat=now,
                                   state="idle", errors=3, last_error="OperationalError: database is locked")
    WorkerHeartbeat.objects.create(worker="b" * 32, host="app-2", pid=77, started_at=now,
                                   last_beat=now - dt.timedelta(hours=2), state="idle")


def test_administrators_see_each_job_with_its_last_run_result_and_duration_and_worker_health(make_user, history):
    page = sign_in(Client(), make_user(Role.ADMINISTRATOR, language="en")).get("/jobs/").content.decode()
    assert "Periodic jobs" in page and "Delete the result files of exports past their retention period" in page
    assert "4 file(s) deleted" in page and "2.5 s" in page
    assert "SMTPServerDisconnected: gone" in page and "Failed" in page
    assert "E-mail deadline reminders to the teams of cases" in page and "every day at 07:00" in page
    assert "1 worker responding" in page and "app-1:4242" in page and "database is locked" in page
    assert "silent for more than 2 minutes" in page  # app-2
    assert "Never run yet" in page  # core.prune_job_history


def test_the_page_is_in_spanish_for_a_spanish_speaking_administrator(make_user, history):
    page = sign_in(Client(), make_user(Role.ADMINISTRATOR, language="es")).get("/jobs/").content.decode()
    assert "Tareas periódicas" in page and "Estado de los procesos de trabajo" in page
    assert "Borrar los archivos de resultados de las exportaciones vencidas" in page
    assert "todos los días a las 07:00" in page and "2,5 s" in page and "4 archivo(s) borrado(s)" in page
    with translation.override("es"):
        assert str(JobRun.Status.FAILED.label) in page and "Failed" not in page
    assert "1 proceso de trabajo responde" in page and "Nunca se ha ejecutado" in page


def test_no_worker_at_all_is_said_plainly(admin_client):
    page = admin_client.get("/jobs/").content.decode()
    assert "No worker has ever reported" in page


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMINISTRATOR])
def test_other_roles_do_not_find_the_page(make_user, role):
    assert sign_in(Client(), make_user(role)).get("/jobs/").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in():
    response = Client().get("/jobs/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
