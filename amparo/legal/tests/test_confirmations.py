"""Cancelling a hearing, closing a case and revoking a token or a calendar address first ask (a
page, no JavaScript needed); a cancelled hearing can be restored and a closed case reopened,
each audited."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from amparo.accounts.models import APIToken
from amparo.accounts.roles import Role
from amparo.accounts.services import create_api_token
from amparo.core.models import AuditEntry
from amparo.core.testing import sign_in
from amparo.legal import services
from amparo.legal.models import CalendarFeed, Case, Hearing

from .factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    from amparo.accounts.tests.factories import OfficeFactory

    return OfficeFactory(name="Oficina de Los Ángeles")


@pytest.fixture
def attorney(make_user, office):
    return make_user(Role.ATTORNEY, offices=[office])


@pytest.fixture
def browser(attorney):
    return sign_in(Client(), attorney)


def test_cancelling_a_hearing_asks_first_and_can_be_undone(browser, attorney, office):
    case = make_case(office=office, responsible=attorney, by=attorney)
    hearing = services.add_hearing(case=case, kind="master", starts_at=timezone.now() + dt.timedelta(days=9),
                                   by=attorney, court="Los Angeles Immigration Court")
    page = browser.get(f"/cases/{case.pk}/").content.decode()
    assert f'href="/cases/{case.pk}/hearings/{hearing.pk}/cancel/"' in page

    confirm = browser.get(f"/cases/{case.pk}/hearings/{hearing.pk}/cancel/").content.decode()
    assert "Yes, cancel the hearing" in confirm and "Los Angeles Immigration Court" in confirm
    assert "No, go back" in confirm and "<script" not in confirm.split("<main")[1]
    assert not Hearing.objects.get(pk=hearing.pk).cancelled  # asking changed nothing

    browser.post(f"/cases/{case.pk}/hearings/{hearing.pk}/cancel/", {"reason": "Court reset the date"})
    assert Hearing.objects.get(pk=hearing.pk).cancelled
    page = browser.get(f"/cases/{case.pk}/").content.decode()
    assert f"/cases/{case.pk}/hearings/{hearing.pk}/restore/" in page

    response = browser.post(f"/cases/{case.pk}/hearings/{hearing.pk}/restore/", follow=True)
    assert not Hearing.objects.get(pk=hearing.pk).cancelled
    assert "back on the case" in response.content.decode()
    actions = list(AuditEntry.objects.filter(object_type="legal.case", object_id=str(case.pk))
                   .values_list("action", flat=True))
    assert "case.hearing.cancel" in actions and "case.hearing.restore" in actions


def test_closing_a_case_asks_first_then_the_case_can_be_reopened(browser, attorney, office):
    case = make_case(office=office, responsible=attorney, by=attorney)
    confirm = browser.post(f"/cases/{case.pk}/close/confirm/", {"outcome": "granted", "note": "Approved at interview"})
    text = confirm.content.decode()
    assert confirm.status_code == 200 and f"Close case {case.number}?" in text
    assert "Approved at interview" in text and "reopened" in text
    assert Case.objects.get(pk=case.pk).closed_at is None

    # The confirmation posts the same values to the action itself.
    assert f'action="/cases/{case.pk}/close/"' in text and 'name="outcome" value="granted"' in text
    browser.post(f"/cases/{case.pk}/close/", {"outcome": "granted", "note": "Approved at interview"})
    case.refresh_from_db()
    assert case.closed_at is not None and case.closing_note == "Approved at interview"

    browser.post(f"/cases/{case.pk}/reopen/", {"reason": "Closed by mistake"})
    case.refresh_from_db()
    assert case.closed_at is None
    assert AuditEntry.objects.filter(action="case.reopen", object_id=str(case.pk)).exists()


def test_a_case_that_cannot_close_yet_says_why_instead_of_asking(browser, attorney, office):
    case = make_case(office=office, responsible=attorney, by=attorney)
    services.add_manual_deadline(case=case, title="Brief", due=timezone.localdate() + dt.timedelta(3), by=attorney)
    response = browser.post(f"/cases/{case.pk}/close/confirm/", {"outcome": "granted"})
    assert response.status_code == 400 and "open deadline" in response.content.decode()


def test_revoking_a_token_or_the_calendar_address_asks_first(browser, attorney):
    token, _raw = create_api_token(user=attorney, name="Hoja de cálculo", days=30)
    confirm = browser.get(f"/accounts/me/tokens/{token.pk}/revoke/").content.decode()
    assert "Hoja de cálculo" in confirm and "cannot be brought back" in confirm
    assert APIToken.objects.get(pk=token.pk).active
    browser.post(f"/accounts/me/tokens/{token.pk}/revoke/")
    assert not APIToken.objects.get(pk=token.pk).active

    services.create_calendar_feed(user=attorney)
    assert "Yes, replace the address" in browser.get("/cases/calendar/new/").content.decode()
    assert CalendarFeed.objects.filter(user=attorney).count() == 1  # asking replaced nothing
    assert "Yes, revoke the address" in browser.get("/cases/calendar/revoke/").content.decode()
    assert CalendarFeed.objects.filter(user=attorney, revoked_at__isnull=True).exists()
    browser.post("/cases/calendar/revoke/")
    assert not CalendarFeed.objects.filter(user=attorney, revoked_at__isnull=True).exists()


def test_someone_outside_a_restricted_case_cannot_even_see_the_question(make_user, office):
    from amparo.accounts.tests.factories import OfficeFactory

    team = OfficeFactory(name="Equipo de asilo", kind="team")
    case = make_case(kind="asylum_affirmative", office=office, team=team)
    hearing = services.add_hearing(case=case, kind="master", starts_at=timezone.now() + dt.timedelta(days=9),
                                   by=case.opened_by)
    outsider = sign_in(Client(), make_user(Role.ATTORNEY, offices=[OfficeFactory(name="Oficina de Pomona")]))
    assert outsider.get(f"/cases/{case.pk}/hearings/{hearing.pk}/cancel/").status_code == 404
    assert outsider.post(f"/cases/{case.pk}/hearings/{hearing.pk}/restore/").status_code == 404
