import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import OfficeFactory, UserFactory
from amparo.legal import services
from amparo.legal.notifications import send_deadline_reminders
from amparo.people.tests.factories import PersonFactory

from .factories import make_case

pytestmark = pytest.mark.django_db


def test_reminders_go_to_the_team_once_per_interval_in_their_language(settings):
    settings.AMPARO_DEADLINE_REMINDER_DAYS = [7, 1]
    office = OfficeFactory(name="Oficina de Los Ángeles")
    attorney = UserFactory(role=Role.ATTORNEY, email="abogada@amparo.test", language="es", offices=[office])
    paralegal = UserFactory(role=Role.PARALEGAL, email="paralegal@amparo.test", language="en", offices=[office])
    supervisor = UserFactory(role=Role.ATTORNEY, email="jefa@amparo.test", offices=[office], is_supervisor=True)
    UserFactory(role=Role.ATTORNEY, email="otra@amparo.test", offices=[office])  # not on the case
    client = PersonFactory(given_names="Xochiquetzal", birth_date=dt.date(1980, 1, 1))
    case = make_case(office=office, client=client, responsible=attorney, paralegal=paralegal)
    today = timezone.localdate()
    services.add_manual_deadline(case=case, title="File the brief", due=today + dt.timedelta(days=7), by=attorney)
    services.add_manual_deadline(case=case, title="Not today", due=today + dt.timedelta(days=5), by=attorney)
    assert send_deadline_reminders(today=today) == 3
    assert send_deadline_reminders(today=today) == 0  # never twice
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["abogada@amparo.test", supervisor.email, "paralegal@amparo.test"]
    spanish = next(m for m in mail.outbox if m.to == ["abogada@amparo.test"])
    assert spanish.subject == f"Vence en 7 días: Plazo — caso #{case.pk}"
    for message in mail.outbox:
        assert "Xochiquetzal" not in message.body + message.subject and "File the brief" not in message.body


def test_sijs_age_out_is_announced_a_year_ahead():
    today = timezone.localdate()
    child = PersonFactory(birth_date=(today + dt.timedelta(days=366)).replace(year=today.year - 20))
    attorney = UserFactory(role=Role.ATTORNEY, email="ninez@amparo.test")
    case = make_case(kind="sijs", client=child, responsible=attorney)
    deadline = case.deadlines.get(kind="sijs_age_out")
    assert deadline.due == today + dt.timedelta(days=365)
    call_command("send_deadline_reminders")
    assert [m.to for m in mail.outbox] == [["ninez@amparo.test"]]
