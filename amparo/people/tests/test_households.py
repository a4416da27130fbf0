"""Households: create, add and change members with roles and dates, the person page's panel
(restricted members never shown), the intake's family step, merge and undo, audit, Spanish."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import OfficeFactory
from amparo.core.models import AuditEntry
from amparo.core.testing import sign_in
from amparo.people import households, services
from amparo.people.models import Household, HouseholdMember, Person

from .factories import PersonFactory

pytestmark = pytest.mark.django_db
R = HouseholdMember.Role


def _family(by):
    mother = PersonFactory(given_names="Rosa Elena", first_surname="Menjívar", second_surname="Ayala")
    father = PersonFactory(given_names="Wilmer", first_surname="Argueta", second_surname="Zelaya")
    child = PersonFactory(given_names="Luis Alonso", first_surname="Argueta", second_surname="Menjívar")
    home = households.create_household(name="Argueta Menjívar", person=mother, role=R.HEAD, by=by,
                                       since=dt.date(2019, 5, 1)).household
    households.add_household_member(household=home, person=father, role=R.SPOUSE, by=by)
    households.add_household_member(household=home, person=child, role=R.CHILD, by=by, since=dt.date(2019, 5, 1))
    return home, mother, father, child


def test_create_and_add_members_with_roles_dates_and_audit(admin_user):
    home, mother, father, child = _family(admin_user)
    roles = dict(home.members.values_list("person_id", "role"))
    assert roles == {mother.pk: "head", father.pk: "spouse", child.pk: "child"}
    assert home.members.get(person=mother).since == dt.date(2019, 5, 1)
    assert AuditEntry.objects.filter(action="person.household.create", object_id=str(mother.pk)).count() == 1
    added = AuditEntry.objects.get(action="person.household.add", object_id=str(child.pk))
    assert added.extra["role"] == "child" and added.extra["household"] == home.pk


def test_one_head_one_membership_and_sane_dates(admin_user):
    home, mother, father, child = _family(admin_user)
    other = PersonFactory()
    with pytest.raises(ValidationError, match="already has a head"):
        households.add_household_member(household=home, person=other, role=R.HEAD, by=admin_user)
    with pytest.raises(ValidationError, match="already lives in this household"):
        households.add_household_member(household=home, person=child, role=R.OTHER, by=admin_user)
    with pytest.raises(ValidationError, match="cannot be before"):
        households.add_household_member(household=home, person=other, role=R.OTHER, by=admin_user,
                                        since=dt.date(2020, 1, 1), until=dt.date(2019, 1, 1))
    with pytest.raises(ValidationError, match="name"):
        households.create_household(name="  ", person=other, by=admin_user)
    assert home.members.count() == 3 and Household.objects.count() == 1


def test_moving_out_keeps_the_history_and_frees_the_head_role(admin_user):
    home, mother, father, child = _family(admin_user)
    head = home.members.get(person=mother)
    households.change_household_member(member=head, by=admin_user, role=R.HEAD, since=head.since,
                                       until=dt.date(2024, 2, 29))
    head.refresh_from_db()
    assert head.until == dt.date(2024, 2, 29) and not head.current
    entry = AuditEntry.objects.get(action="person.household.change", object_id=str(mother.pk))
    assert entry.changes == {"until": [None, "2024-02-29"]}
    # With the mother gone, the father can become the head; she can come back later as another member.
    spouse = home.members.get(person=father)
    households.change_household_member(member=spouse, by=admin_user, role=R.HEAD, since=None, until=None)
    households.add_household_member(household=home, person=mother, role=R.OTHER, by=admin_user,
                                    since=dt.date(2025, 1, 1))
    assert home.members.filter(person=mother).count() == 2


def test_removing_the_last_member_removes_the_household_and_says_so(admin_user):
    person = PersonFactory()
    member = households.create_household(name="Solo", person=person, by=admin_user)
    households.remove_household_member(member=member, by=admin_user)
    assert not Household.objects.exists()
    entry = AuditEntry.objects.get(action="person.household.remove", object_id=str(person.pk))
    assert entry.extra["name"] == "Solo" and entry.extra["household_removed"] is True


def test_merge_keeps_household_memberships_and_undo_gives_them_back(admin_user):
    home, mother, father, child = _family(admin_user)
    duplicate = PersonFactory(given_names="Rosa", first_surname="Menjivar")
    elsewhere = households.create_household(name="Casa de la abuela", person=duplicate, role=R.OTHER,
                                            by=admin_user).household
    merge = services.merge_people(keep=mother, drop=duplicate, by=admin_user)
    assert set(mother.households.values_list("household_id", flat=True)) == {home.pk, elsewhere.pk}
    assert not duplicate.households.exists()
    services.undo_merge(merge=merge, by=admin_user)
    assert list(duplicate.households.values_list("household_id", flat=True)) == [elsewhere.pk]
    assert list(mother.households.values_list("household_id", flat=True)) == [home.pk]


def test_person_page_shows_the_household_without_restricted_members(make_user, admin_user):
    home, mother, father, child = _family(admin_user)
    team = OfficeFactory(name="Equipo VAWA")
    services.set_restriction(person=father, restricted=True, offices=[team], by=admin_user)
    client = sign_in(Client(), make_user(Role.INTAKE))
    page = client.get(f"/people/{mother.pk}/").content.decode()
    assert "Argueta Menjívar" in page and "Head of household" in page
    assert "Luis Alonso Argueta Menjívar" in page and "Child" in page
    assert "Wilmer" not in page  # restricted: not even a hint
    insider = make_user(Role.ATTORNEY, offices=[team])
    assert "Wilmer Argueta Zelaya" in sign_in(Client(), insider).get(f"/people/{mother.pk}/").content.decode()


def test_create_a_household_and_add_a_member_from_the_person_page_in_spanish(make_user):
    mother = PersonFactory(given_names="Xiomara", first_surname="Quintanilla", second_surname="Peña")
    son = PersonFactory(given_names="Edwin Josué", first_surname="Chávez", second_surname="Quintanilla",
                        birth_date=dt.date(2012, 6, 3))
    client = sign_in(Client(), make_user(Role.INTAKE, language="es"))
    response = client.post(f"/people/{mother.pk}/households/new/",
                           {"name": "Familia Quintanilla", "role": "head", "since": "2021-09-01"})
    assert response.status_code == 302
    home = Household.objects.get(name="Familia Quintanilla")
    page = client.get(f"/people/{mother.pk}/").content.decode()
    assert "Hogar" in page and "Jefa o jefe de hogar" in page and "Agregar un miembro" in page
    found = client.get(f"/people/{mother.pk}/households/{home.pk}/add/", {"q": "edwin chavez"}).content.decode()
    assert "Edwin Josué Chávez Quintanilla" in found and "Agregar a Edwin Josué Chávez Quintanilla" in found
    response = client.post(f"/people/{mother.pk}/households/{home.pk}/add/?q=edwin+chavez",
                           {"person": son.pk, "role": "child", "since": "2021-09-01"})
    assert response.status_code == 302
    member = son.households.get()
    assert member.household == home and member.role == "child" and member.since == dt.date(2021, 9, 1)
    # A second head is refused with a message in Spanish, and nothing is lost.
    other = PersonFactory(given_names="Santos", first_surname="Peña")
    again = client.post(f"/people/{mother.pk}/households/{home.pk}/add/", {"person": other.pk, "role": "head"})
    assert again.status_code == 200 and "ya tiene jefa o jefe" in again.content.decode()
    assert home.members.count() == 2


def test_change_and_remove_a_member_from_the_page(make_user, admin_user):
    home, mother, father, child = _family(admin_user)
    client = sign_in(Client(), make_user(Role.INTAKE))
    member = home.members.get(person=child)
    response = client.post(f"/people/households/members/{member.pk}/?from={mother.pk}",
                           {"role": "child", "since": "2019-05-01", "until": "2025-08-15"})
    assert response.status_code == 302 and response.url == f"/people/{mother.pk}/#households"
    member.refresh_from_db()
    assert member.until == dt.date(2025, 8, 15)
    bad = client.post(f"/people/households/members/{member.pk}/",
                      {"role": "child", "since": "2019-05-01", "until": "2018-01-01"})
    assert bad.status_code == 200 and "cannot be before" in bad.content.decode()
    client.post(f"/people/households/members/{member.pk}/", {"remove": "1"})
    assert not child.households.exists() and home.members.count() == 2


def test_someone_who_cannot_see_a_restricted_member_cannot_open_or_change_it(make_user, admin_user):
    home, mother, father, child = _family(admin_user)
    services.set_restriction(person=father, restricted=True, offices=[OfficeFactory()], by=admin_user)
    client = sign_in(Client(), make_user(Role.INTAKE))
    member = home.members.get(person=father)
    assert client.get(f"/people/households/members/{member.pk}/").status_code == 404
    assert client.post(f"/people/households/members/{member.pk}/", {"remove": "1"}).status_code == 404
    assert client.post(f"/people/{mother.pk}/households/{home.pk}/add/",
                       {"person": father.pk, "role": "other"}).status_code == 404
    assert home.members.filter(person=father).exists()
    viewer = sign_in(Client(), make_user(Role.VOLUNTEER))
    assert viewer.post(f"/people/{mother.pk}/households/new/", {"name": "X", "role": "head"}).status_code in (403, 404)


def test_intake_puts_relatives_who_live_with_them_in_their_household(make_user):
    client = sign_in(Client(), make_user(Role.INTAKE))
    data = {"given_names": "Sonia Maribel", "first_surname": "Orellana", "second_surname": "Cruz",
            "birth": "1985-01-20", "preferred_language": "es", "arrival_manner": "unknown",
            "arrival_apprehended": "unknown", "needs": ["tps"], "existing": "",
            "rel0_kind": "child", "rel0_given": "Brenda", "rel0_surnames": "Orellana", "rel0_household": "on",
            "rel1_kind": "spouse", "rel1_given": "Mario Ernesto", "rel1_surnames": "Cruz", "rel1_household": "on",
            "rel2_kind": "sibling", "rel2_given": "Dolores", "rel2_surnames": "Orellana"}
    response = client.post("/people/intake/", data)
    assert response.status_code == 302
    person = Person.objects.get(given_names="Sonia Maribel")
    home = person.households.get().household
    roles = {m.person.given_names: m.role for m in home.members.select_related("person")}
    assert roles == {"Sonia Maribel": "head", "Brenda": "child", "Mario Ernesto": "spouse"}
    assert home.name == "Orellana Cruz household"
    page = client.get(response.url).content.decode()
    assert "Orellana Cruz household" in page and "Spouse or partner" in page


def test_an_abuser_cannot_be_put_in_the_household_at_intake(make_user):
    client = sign_in(Client(), make_user(Role.INTAKE))
    data = {"given_names": "Reina", "first_surname": "Ventura", "preferred_language": "es",
            "arrival_manner": "unknown", "arrival_apprehended": "unknown", "existing": "new",
            "rel0_kind": "abuser", "rel0_given": "Nelson", "rel0_surnames": "Portillo", "rel0_household": "on"}
    response = client.post("/people/intake/", data)
    assert response.status_code == 200 and "Untick" in response.content.decode()
    assert not Person.objects.exists() and not Household.objects.exists()
