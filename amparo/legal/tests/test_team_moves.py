"""Moving a restricted case to another team moves its people with it: the new team may open
them, the old team no longer may (unless another of their cases keeps them there)."""

import datetime as dt

import pytest

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import OfficeFactory
from amparo.core.models import AuditEntry
from amparo.core.permissions import can
from amparo.legal import services
from amparo.people.services import set_restriction
from amparo.people.tests.factories import PersonFactory

from .factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user):
    office = OfficeFactory(name="Oficina de Los Ángeles")
    team_a = OfficeFactory(name="Equipo de asilo A", kind="team", parent=office)
    team_b = OfficeFactory(name="Equipo de asilo B", kind="team", parent=office)
    attorney = make_user(Role.ATTORNEY, offices=[office, team_a, team_b])
    member_a = make_user(Role.PARALEGAL, offices=[team_a])
    member_b = make_user(Role.PARALEGAL, offices=[team_b])
    return office, team_a, team_b, attorney, member_a, member_b


def _allowed(person):
    person.refresh_from_db()
    return set(person.allowed_offices.values_list("name", flat=True))


def test_the_people_follow_the_case_to_the_new_team(world):
    office, team_a, team_b, attorney, member_a, member_b = world
    client = PersonFactory(given_names="Xiomara", birth_date=dt.date(1985, 1, 1))
    case = make_case(kind="asylum_defensive", client=client, office=office, team=team_a, by=attorney)
    spouse = PersonFactory(given_names="Edwin", birth_date=dt.date(1984, 1, 1))
    services.add_party(case=case, person=spouse, role="spouse", by=attorney)
    adverse = PersonFactory(given_names="Mario")
    services.add_party(case=case, person=adverse, role="adverse", by=attorney)
    assert _allowed(client) == _allowed(spouse) == {"Equipo de asilo A"}
    assert can(member_a, "view", client) and not can(member_b, "view", client)

    case = services.update_case(case=case, by=attorney, fields={"team": team_b})

    assert _allowed(client) == _allowed(spouse) == {"Equipo de asilo B"}
    assert not adverse.restricted and _allowed(adverse) == set()
    for person in (client, spouse):
        assert can(member_b, "view", person) and not can(member_a, "view", person)
    assert not can(member_a, "view", case) and can(member_b, "view", case)
    entry = AuditEntry.objects.filter(action="person.restriction", object_id=str(client.pk)).latest("id")
    assert entry.changes["offices"] == [[team_a.pk], [team_b.pk]]


def test_another_case_of_the_old_team_keeps_its_access(world):
    office, team_a, team_b, attorney, member_a, member_b = world
    client = PersonFactory(given_names="Santos", birth_date=dt.date(1979, 5, 5))
    moving = make_case(kind="asylum_affirmative", client=client, office=office, team=team_a, by=attorney)
    make_case(kind="u_visa", client=client, office=office, team=team_a, by=attorney)
    services.update_case(case=moving, by=attorney, fields={"team": team_b})
    assert _allowed(client) == {"Equipo de asilo A", "Equipo de asilo B"}
    assert can(member_a, "view", client) and can(member_b, "view", client)


def test_an_adverse_role_elsewhere_does_not_keep_access(world):
    office, team_a, team_b, attorney, member_a, _member_b = world
    client = PersonFactory(given_names="Reina", birth_date=dt.date(1979, 5, 5))
    moving = make_case(kind="vawa", client=client, office=office, team=team_a, by=attorney)
    other = make_case(kind="u_visa", office=office, team=team_a, by=attorney)
    services.add_party(case=other, person=client, role="adverse", by=attorney)
    services.update_case(case=moving, by=attorney, fields={"team": team_b})
    assert _allowed(client) == {"Equipo de asilo B"} and not can(member_a, "view", client)


def test_offices_allowed_for_other_reasons_stay(world, make_user):
    office, team_a, team_b, attorney, _member_a, _member_b = world
    shelter = OfficeFactory(name="Albergue")
    client = PersonFactory(given_names="Dolores", birth_date=dt.date(1990, 2, 2))
    case = make_case(kind="t_visa", client=client, office=office, team=team_a, by=attorney)
    client.refresh_from_db()
    set_restriction(person=client, restricted=True, offices=[team_a, shelter], by=attorney)
    services.update_case(case=case, by=attorney, fields={"team": team_b})
    assert _allowed(client) == {"Albergue", "Equipo de asilo B"}


def test_a_case_without_a_team_moving_office(world, make_user):
    office, _team_a, _team_b, attorney, _member_a, _member_b = world
    pomona = OfficeFactory(name="Oficina de Pomona")
    client = PersonFactory(given_names="Wilmer", birth_date=dt.date(1988, 8, 8))
    case = make_case(kind="sijs", client=client, office=office, by=attorney)
    assert _allowed(client) == {"Oficina de Los Ángeles"}
    in_la, in_pomona = make_user(Role.PARALEGAL, offices=[office]), make_user(Role.PARALEGAL, offices=[pomona])
    services.update_case(case=case, by=attorney, fields={"office": pomona})
    assert _allowed(client) == {"Oficina de Pomona"}
    assert can(in_pomona, "view", client) and not can(in_la, "view", client)


def test_an_ordinary_case_moving_changes_nobody(world):
    office, team_a, team_b, attorney, _member_a, _member_b = world
    client = PersonFactory(given_names="Lucía", birth_date=dt.date(1970, 1, 1))
    case = make_case(kind="naturalization", client=client, office=office, team=team_a, by=attorney)
    services.update_case(case=case, by=attorney, fields={"team": team_b})
    client.refresh_from_db()
    assert not client.restricted and _allowed(client) == set()
