"""How much a calendar feed says is each office's choice; the default says only the time."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from amparo.accounts.models import Office
from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import OfficeFactory
from amparo.core.testing import sign_in
from amparo.legal import services
from amparo.legal.events import EventKind

from .factories import make_case

pytestmark = pytest.mark.django_db


def _feed(make_user, detail=None):
    office = OfficeFactory(name="Oficina de Van Nuys")
    if detail:
        Office.objects.filter(pk=office.pk).update(calendar_detail=detail)
    attorney = make_user(Role.ATTORNEY, offices=[office], language="en")
    case = make_case(kind="daca_renewal", office=office, responsible=attorney, by=attorney)
    services.record_event(case=case, kind=EventKind.DACA_EXPIRY, by=attorney,
                          date=timezone.localdate() + dt.timedelta(days=120))
    services.add_hearing(case=case, kind="master", starts_at=timezone.now() + dt.timedelta(days=3), by=attorney)
    _feed, token = services.create_calendar_feed(user=attorney)
    body = Client().get(f"/cases/calendar/{token}.ics").content.decode().replace("\r\n ", "")
    return body, case, attorney


def test_by_default_the_feed_says_only_deadline_or_hearing_and_when(make_user):
    body, case, _ = _feed(make_user)
    assert "SUMMARY:Deadline\r\n" in body and "SUMMARY:Hearing\r\n" in body
    assert f"#{case.pk}" not in body and f"/cases/{case.pk}/" not in body
    assert "DACA" not in body


def test_an_office_may_show_the_case_number_or_also_the_deadline(make_user):
    body, case, _ = _feed(make_user, Office.CalendarDetail.GENERIC)
    assert f"SUMMARY:Deadline — case #{case.pk}" in body and "DACA" not in body
    body, case, _ = _feed(make_user, Office.CalendarDetail.DEADLINE)
    assert f"SUMMARY:Deadline — case #{case.pk}" in body and "DACA renewal window" in body


def test_the_calendar_page_says_what_each_of_the_users_offices_lets_out(make_user):
    _body, _case, attorney = _feed(make_user, Office.CalendarDetail.GENERIC)
    page = sign_in(Client(), attorney).get("/cases/calendar/").content.decode()
    assert "Oficina de Van Nuys" in page and "Generic label" in page
