"""Every role against a restricted person, through every channel a person can surface in."""

import pytest
from django.test import Client, TestCase

from amparo.accounts.roles import Role, has_capability
from amparo.accounts.services import create_api_token
from amparo.accounts.tests.factories import OfficeFactory
from amparo.core.models import AuditEntry, TaskProgress
from amparo.core.testing import Channels, assert_channels

from .factories import PersonFactory

MARKER = "Xochiquetzal"


def _export(client):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post("/people/export/")
    if response.status_code != 302:
        return b""
    progress = TaskProgress.objects.filter(kind="people.export").latest("created_at")
    download = client.get(f"/tasks/{progress.pk}/download/")
    return b"".join(download.streaming_content) if download.status_code == 200 else b""


def _channels(person):
    return Channels(
        list_url="/people/",
        detail_url=f"/people/{person.pk}/",
        search=("/search/", "Xochiketsal Kintaniya"),
        export=_export,
        api_list_url="/api/v1/people",
        api_detail_url=f"/api/v1/people/{person.pk}",
        extra={"people_search": "/people/?q=Xochiketsal+Kintaniya",
               "api_search": "/api/v1/people/search?q=xochiketsal"},
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("member", [False, True], ids=["outside-team", "in-team"])
def test_a_restricted_person_reaches_only_their_team(make_user, role, member):
    asylum = OfficeFactory(name="Equipo de asilo")
    other = OfficeFactory(name="Oficina de Pomona")
    person = PersonFactory(given_names=MARKER, first_surname="Quintanilla", second_surname="Argueta",
                           offices=[asylum])
    user = make_user(role, offices=[asylum if member else other])
    _, token = create_api_token(user=user, name="test")
    visible = member and has_capability(user, "people.view") and has_capability(user, "restricted.open")
    channels = _channels(person)
    if not has_capability(user, "people.export"):
        channels.export = None  # cannot export anything at all: checked below
    assert_channels(Client(), user, MARKER, visible=visible, token=token, channels=channels)
    if visible:
        assert AuditEntry.objects.filter(action="restricted.view", object_id=str(person.pk), actor=user).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.INTAKE, Role.VOLUNTEER])
def test_a_supervisor_of_the_team_sees_the_restricted_person(make_user, role):
    team = OfficeFactory(name="Equipo de niñez")
    person = PersonFactory(given_names=MARKER, first_surname="Quintanilla", offices=[team])
    user = make_user(role, offices=[team], is_supervisor=True)
    _, token = create_api_token(user=user, name="test")
    channels = _channels(person)
    channels.export = None
    assert_channels(Client(), user, MARKER, visible=True, token=token, channels=channels)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_an_ordinary_person_reaches_everyone_with_people_view(make_user, role):
    person = PersonFactory(given_names=MARKER, first_surname="Quintanilla")
    user = make_user(role)
    _, token = create_api_token(user=user, name="test")
    channels = _channels(person)
    if not has_capability(user, "people.export"):
        channels.export = None
    assert_channels(Client(), user, MARKER, visible=has_capability(user, "people.view"), token=token,
                    channels=channels)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in Role if r not in (Role.ADMINISTRATOR,) and r not in
                                  {Role.ATTORNEY, Role.PARALEGAL, Role.CASE_MANAGER}])
def test_roles_without_export_cannot_export(make_user, role):
    from amparo.core.testing import sign_in

    client = sign_in(Client(), make_user(role))
    assert client.post("/people/export/").status_code == 404
