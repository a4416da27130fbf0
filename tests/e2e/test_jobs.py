"""An administrator finds the periodic jobs page in the menu and reads the worker's health."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import PASSWORD, TOTPDeviceFactory, UserFactory
from amparo.core.models import JobRun, WorkerHeartbeat
from amparo.core.testing import fresh_code

from .conftest import screenshot


def test_an_administrator_reads_the_jobs_and_the_workers_health_in_both_languages(live_server, page):
    admin = UserFactory(role=Role.ADMINISTRATOR, email="ana@amparo.test", full_name="Ana Administradora")
    device = TOTPDeviceFactory(user=admin)
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker="w" * 32, host="app-1", pid=812, started_at=now, last_beat=now, state="idle")
    JobRun.objects.create(job="legal.deadline_reminders", period=now - dt.timedelta(hours=2), status="succeeded",
                          started_at=now - dt.timedelta(hours=2), finished_at=now - dt.timedelta(hours=2, seconds=-4),
                          result="%(count)s reminder(s) sent", result_params={"count": 12})

    page.goto(f"{live_server.url}/")
    page.get_by_label("Email address").fill("ana@amparo.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(fresh_code(device))
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("navigation", name="Modules").get_by_role("link", name="Periodic jobs").click()
    expect(page).to_have_url(re.compile(r"/jobs/$"))
    expect(page.get_by_role("status").first).to_contain_text("1 worker responding")
    row = page.get_by_role("row").filter(has_text="legal.deadline_reminders")
    expect(row).to_contain_text("12 reminder(s) sent")
    expect(row).to_contain_text("4.0 s")
    screenshot(page, "jobs-en")

    page.get_by_role("button", name="Español").click()
    expect(page.get_by_role("heading", name="Tareas periódicas", exact=True)).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="legal.deadline_reminders")).to_contain_text(
        "12 recordatorio(s) enviado(s)")
    screenshot(page, "jobs-es")
