"""Every role against restricted cases, through every channel a case can surface in:
list, detail, search, export, API (list, detail, search, deadlines), the due-soon page,
calendar feeds and error pages."""

import datetime as dt

import pytest
from django.test import Client, TestCase
from django.utils import timezone

from amparo.accounts.models import Office
from amparo.accounts.roles import Role, has_capability
from amparo.accounts.services import create_api_token
from amparo.accounts.tests.factories import OfficeFactory
from amparo.core.models import AuditEntry, TaskProgress
from amparo.core.testing import Channels, assert_channels, sign_in
from amparo.legal import services
from amparo.people.tests.factories import PersonFactory

from .factories import make_case

MARKER = "Xochiquetzal"
pytestmark = pytest.mark.django_db


def _export(fmt):
    def fetch(client):
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = client.post(f"/cases/export.{fmt}", {"status": ""})
        if response.status_code != 302:
            return b""
        progress = TaskProgress.objects.filter(kind="cases.export").latest("created_at")
        download = client.get(f"/tasks/{progress.pk}/download/")
        if download.status_code != 200:
            return b""
        content = b"".join(download.streaming_content)
        if fmt == "xlsx":
            import io

            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(content), read_only=True)
            return " ".join(str(c) for row in book.active.iter_rows(values_only=True) for c in row).encode()
        return content
    return fetch


def _restricted_case(kind="asylum_defensive", **kwargs):
    team = OfficeFactory(name="Equipo de asilo")
    office = OfficeFactory(name="Oficina de Los Ángeles")
    client = PersonFactory(given_names=MARKER, first_surname="Quintanilla", birth_date=dt.date(1985, 3, 1))
    case = make_case(kind=kind, client=client, office=office, team=team, **kwargs)
    services.add_manual_deadline(case=case, title="Brief", due=timezone.localdate() + dt.timedelta(days=5),
                                 by=case.opened_by)
    return case, team, office


def _channels(case, user):
    channels = Channels(
        list_url="/cases/?status=",
        detail_url=f"/cases/{case.pk}/",
        search=("/search/", "Xochiketsal Kintaniya"),
        export=_export("csv"),
        api_list_url="/api/v1/cases",
        api_detail_url=f"/api/v1/cases/{case.pk}",
        extra={"list_search": "/cases/?status=&q=Xochiketsal+Kintaniya", "due_all": "/cases/due/?scope=all&days=30",
               "due_office": f"/cases/due/?scope=office&office={case.office_id}&days=30",
               "api_search": "/api/v1/cases?q=xochiketsal"},
    )
    if not has_capability(user, "cases.export"):
        channels.export = None
    return channels


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("where", ["outside", "in-team", "in-office-only"])
def test_a_restricted_case_reaches_only_its_team(make_user, role, where):
    case, team, office = _restricted_case()
    offices = {"outside": [OfficeFactory(name="Oficina de Pomona")], "in-team": [team], "in-office-only": [office]}
    user = make_user(role, offices=offices[where])
    _, token = create_api_token(user=user, name="test")
    visible = where == "in-team" and has_capability(user, "cases.view") and has_capability(user, "restricted.open")
    assert_channels(Client(), user, MARKER, visible=visible, token=token, channels=_channels(case, user))
    client = sign_in(Client(), user)
    api_deadlines = client.get(f"/api/v1/cases/{case.pk}/deadlines", headers={"Authorization": f"Bearer {token}"})
    assert api_deadlines.status_code == (200 if visible else 404)
    if visible:
        assert AuditEntry.objects.filter(action="restricted.view", object_id=str(case.pk), actor=user).exists()
    xlsx = _export("xlsx")(client)
    assert (MARKER.encode() in xlsx) == (visible and has_capability(user, "cases.export"))


@pytest.mark.parametrize("kind", ["asylum_affirmative", "withholding_cat", "vawa", "u_visa", "t_visa", "sijs"])
def test_every_restricted_kind_is_hidden_from_outsiders(make_user, kind):
    case, _team, _office = _restricted_case(kind=kind)
    user = make_user(Role.ATTORNEY, offices=[OfficeFactory(name="Oficina de Pomona")])
    _, token = create_api_token(user=user, name="test")
    assert case.restricted
    assert_channels(Client(), user, MARKER, visible=False, token=token, channels=_channels(case, user))


@pytest.mark.parametrize("role", [Role.INTAKE, Role.ATTORNEY, Role.ADMINISTRATOR])
def test_supervisors_of_the_office_see_its_restricted_cases(make_user, role):
    case, _team, office = _restricted_case()
    user = make_user(role, offices=[office], is_supervisor=True)
    _, token = create_api_token(user=user, name="test")
    assert_channels(Client(), user, MARKER, visible=True, token=token, channels=_channels(case, user))


@pytest.mark.parametrize("field", ["responsible", "paralegal"])
def test_the_attorney_and_paralegal_see_it_wherever_they_sit(make_user, field):
    outsider = make_user(Role.ATTORNEY if field == "responsible" else Role.PARALEGAL,
                         offices=[OfficeFactory(name="Oficina de Pomona")])
    case, _team, _office = _restricted_case(**{field: outsider})
    _, token = create_api_token(user=outsider, name="test")
    assert_channels(Client(), outsider, MARKER, visible=True, token=token, channels=_channels(case, outsider))


def test_break_glass_opens_for_four_hours_then_closes(make_user):
    case, _team, _office = _restricted_case()
    user = make_user(Role.ATTORNEY, offices=[OfficeFactory(name="Oficina de Pomona")])
    _, token = create_api_token(user=user, name="test")
    assert_channels(Client(), user, MARKER, visible=False, token=token, channels=_channels(case, user))
    grant = services.break_glass(user=user, case=case, reason="Detained this morning; hearing at 2 pm")
    assert_channels(Client(), user, MARKER, visible=True, token=token, channels=_channels(case, user))
    type(grant).objects.filter(pk=grant.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert_channels(Client(), user, MARKER, visible=False, token=token, channels=_channels(case, user))


@pytest.mark.parametrize("role", list(Role))
def test_an_ordinary_case_reaches_everyone_with_cases_view(make_user, role):
    client = PersonFactory(given_names=MARKER, first_surname="Quintanilla", birth_date=dt.date(1980, 1, 1))
    case = make_case(kind="naturalization", client=client)
    services.add_manual_deadline(case=case, title="N-400", due=timezone.localdate() + dt.timedelta(days=5),
                                 by=case.opened_by)
    user = make_user(role)
    _, token = create_api_token(user=user, name="test")
    channels = _channels(case, user)
    channels.extra.pop("due_office")
    if not has_capability(user, "cases.view"):
        channels.search = None  # the client is an ordinary person: People's own hit shows the name
        body = sign_in(Client(), user).get("/search/", {"q": "Xochiketsal Kintaniya"}).content.decode()
        assert f"/cases/{case.pk}/" not in body
    assert_channels(Client(), user, MARKER, visible=has_capability(user, "cases.view"), token=token,
                    channels=channels)


def test_calendar_feeds_carry_only_visible_cases_and_no_names(make_user):
    case, team, office = _restricted_case()
    # Even where the offices allow the most detail, a restricted case's events carry only its number.
    Office.objects.filter(pk__in=[team.pk, office.pk]).update(calendar_detail=Office.CalendarDetail.DEADLINE)
    member = make_user(Role.PARALEGAL, offices=[team])
    outsider = make_user(Role.PARALEGAL, offices=[OfficeFactory(name="Oficina de Pomona")])
    case = services.update_case(case=case, by=case.opened_by, fields={"paralegal": member})
    services.add_task(case=case, title=f"Call {MARKER}", assignee=outsider, by=case.opened_by,
                      due=timezone.localdate() + dt.timedelta(days=2))
    services.add_hearing(case=case, kind="master", starts_at=timezone.now() + dt.timedelta(days=3),
                         by=case.opened_by, court="Los Angeles Immigration Court")
    _feed, member_token = services.create_calendar_feed(user=member)
    _feed, outsider_token = services.create_calendar_feed(user=outsider)
    mine = Client().get(f"/cases/calendar/{member_token}.ics").content.decode()
    theirs = Client().get(f"/cases/calendar/{outsider_token}.ics").content.decode()
    assert f"case #{case.pk}" in mine and "Hearing" in mine
    assert f"#{case.pk}" not in theirs  # the task was assigned, but the case is not theirs to see
    for body in (mine, theirs):
        assert MARKER not in body and "Quintanilla" not in body and "sylum" not in body and "Los Angeles" not in body
        assert "Brief" not in body  # the deadline's own name stays off a restricted case's events
    assert Client().get("/cases/calendar/not-a-token.ics").status_code == 404
