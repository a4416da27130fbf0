"""Every role against the documents of a restricted case and of a restricted person, through every
channel a document can surface in: the case's and person's pages (panel), the documents list, the
document's page, global search, the API (list, detail, download) and error pages."""

import datetime as dt

import pytest
from django.test import Client

from amparo.accounts.roles import Role, has_capability
from amparo.accounts.services import create_api_token
from amparo.accounts.tests.factories import OfficeFactory
from amparo.core.models import AuditEntry
from amparo.core.testing import Channels, assert_channels, sign_in
from amparo.legal import services as legal_services
from amparo.legal.tests.factories import make_case
from amparo.people.tests.factories import PersonFactory

from .factories import make_document

MARKER = "Xochiquetzal"
pytestmark = pytest.mark.django_db


def _restricted_case(**kwargs):
    team = OfficeFactory(name="Equipo de asilo")
    office = OfficeFactory(name="Oficina de Los Ángeles")
    client = PersonFactory(given_names="Reina Isabel", first_surname="Argueta", birth_date=dt.date(1985, 3, 1))
    case = make_case(kind="asylum_affirmative", client=client, office=office, team=team, **kwargs)
    document = make_document(owner=case, by=case.opened_by, title=f"Declaración {MARKER}", name=f"{MARKER}.pdf")
    return case, document, team, office


def _channels(document, owner_url, owner_list_url, api_owner_url):
    return Channels(
        list_url=owner_list_url,
        detail_url=f"/documents/{document.pk}/",
        search=("/search/", "xochiquetz"),  # the page echoes the query: not the whole marker
        api_list_url=api_owner_url,
        api_detail_url=f"/api/v1/documents/{document.pk}",
        extra={"owner_page": owner_url},
    )


def _case_channels(case, document):
    return _channels(document, f"/cases/{case.pk}/", f"/documents/case/{case.pk}/",
                     f"/api/v1/documents/cases/{case.pk}")


def _downloads(user, document, token, visible):
    client = sign_in(Client(), user)
    page = client.get(f"/documents/{document.pk}/v1/download/")
    api = client.get(f"/api/v1/documents/{document.pk}/versions/1/download",
                     headers={"Authorization": f"Bearer {token}"})
    assert (page.status_code, api.status_code) == ((200, 200) if visible else (404, 404))
    if visible:
        assert MARKER in page["Content-Disposition"] and "no-store" in page["Cache-Control"]
        assert "no-store" in api["Cache-Control"]
    else:
        assert MARKER not in page.content.decode() and MARKER not in api.content.decode()
    audited = AuditEntry.objects.filter(action="document.download", actor=user, object_id=str(document.pk))
    assert audited.count() == (2 if visible else 0)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("where", ["outside", "in-team", "in-office-only"])
def test_a_restricted_cases_document_reaches_only_the_cases_team(make_user, role, where):
    case, document, team, office = _restricted_case()
    offices = {"outside": [OfficeFactory(name="Oficina de Pomona")], "in-team": [team], "in-office-only": [office]}
    user = make_user(role, offices=offices[where])
    _, token = create_api_token(user=user, name="test")
    visible = where == "in-team" and has_capability(user, "cases.view") and has_capability(user, "restricted.open")
    assert_channels(Client(), user, MARKER, visible=visible, token=token, channels=_case_channels(case, document))
    _downloads(user, document, token, visible)
    if visible:
        assert AuditEntry.objects.filter(action="restricted.view", object_id=str(document.pk), actor=user).exists()


@pytest.mark.parametrize("role", [Role.INTAKE, Role.ATTORNEY, Role.ADMINISTRATOR])
def test_supervisors_of_the_office_see_its_restricted_documents(make_user, role):
    case, document, _team, office = _restricted_case()
    user = make_user(role, offices=[office], is_supervisor=True)
    _, token = create_api_token(user=user, name="test")
    assert_channels(Client(), user, MARKER, visible=True, token=token, channels=_case_channels(case, document))


def test_break_glass_opens_the_documents_with_the_case_and_closes_them_with_it(make_user):
    case, document, _team, _office = _restricted_case()
    user = make_user(Role.ATTORNEY, offices=[OfficeFactory(name="Oficina de Pomona")])
    _, token = create_api_token(user=user, name="test")
    assert_channels(Client(), user, MARKER, visible=False, token=token, channels=_case_channels(case, document))
    grant = legal_services.break_glass(user=user, case=case, reason="Detained this morning; hearing at 2 pm")
    assert_channels(Client(), user, MARKER, visible=True, token=token, channels=_case_channels(case, document))
    from django.utils import timezone

    type(grant).objects.filter(pk=grant.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert_channels(Client(), user, MARKER, visible=False, token=token, channels=_case_channels(case, document))


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("allowed", [True, False])
def test_a_restricted_persons_document_reaches_only_the_persons_offices(make_user, role, allowed):
    office = OfficeFactory(name="Oficina de Los Ángeles")
    person = PersonFactory(given_names="Reina Isabel", first_surname="Argueta", offices=[office])
    document = make_document(owner=person, by=make_user(Role.INTAKE), title=f"Pasaporte {MARKER}",
                             name=f"{MARKER}.pdf")
    user = make_user(role, offices=[office] if allowed else [OfficeFactory(name="Oficina de Pomona")])
    _, token = create_api_token(user=user, name="test")
    visible = (allowed and has_capability(user, "people.view")
               and (has_capability(user, "restricted.open") or user.is_supervisor))
    channels = _channels(document, f"/people/{person.pk}/", f"/documents/person/{person.pk}/",
                         f"/api/v1/documents/people/{person.pk}")
    assert_channels(Client(), user, MARKER, visible=visible, token=token, channels=channels)
    _downloads(user, document, token, visible)


@pytest.mark.parametrize("role", list(Role))
def test_an_ordinary_cases_document_reaches_everyone_with_cases_view(make_user, role):
    case = make_case(kind="naturalization")
    document = make_document(owner=case, by=case.opened_by, title=f"Impuestos {MARKER}")
    user = make_user(role)
    _, token = create_api_token(user=user, name="test")
    assert_channels(Client(), user, MARKER, visible=has_capability(user, "cases.view"), token=token,
                    channels=_case_channels(case, document))
