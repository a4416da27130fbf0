"""Merging two people who are both parties to the same case: one party row stays (the stronger
role, both notes), nothing is lost, the case's timeline says so, and undo puts it all back."""

import datetime as dt

import pytest

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import OfficeFactory
from amparo.core.models import AuditEntry
from amparo.legal import services
from amparo.legal.models import Case, CaseParty, PartyMerge
from amparo.people.services import merge_people, undo_merge
from amparo.people.tests.factories import PersonFactory

from .factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def attorney(make_user):
    return make_user(Role.ATTORNEY, offices=[OfficeFactory(name="Oficina de Los Ángeles")])


def _parties(case):
    return sorted(CaseParty.objects.filter(case=case).values_list("person_id", "role", "note"))


def _person(name):
    return PersonFactory(given_names=name, first_surname="Menjívar", birth_date=dt.date(1983, 6, 1))


def test_same_role_in_the_same_case(attorney):
    keep, drop = _person("Yesenia"), _person("Yesenia")
    case = make_case(client=keep, by=attorney)
    services.add_party(case=case, person=keep, role="sponsor", by=attorney, note="tía")
    services.add_party(case=case, person=drop, role="sponsor", by=attorney, note="vive en Van Nuys")
    other = make_case(client=drop, by=attorney)  # a case of the dropped record alone: simply moves
    before = _parties(case)

    merge = merge_people(keep=keep, drop=drop, by=attorney)

    assert _parties(case) == [(keep.pk, "principal", ""), (keep.pk, "sponsor", "tía; vive en Van Nuys")]
    assert _parties(other) == [(keep.pk, "principal", "")]
    record = PartyMerge.objects.get(case=case)
    assert record.dropped_rows[0]["role"] == "sponsor" and record.dropped_rows[0]["note"] == "vive en Van Nuys"
    entry = AuditEntry.objects.get(action="case.party.merge", object_id=str(case.pk))
    assert entry.actor == attorney and entry.extra["dropped"] == drop.pk

    undo_merge(merge=merge, by=attorney)
    assert _parties(case) == before
    assert _parties(other) == [(drop.pk, "principal", "")]
    assert AuditEntry.objects.filter(action="case.party.merge.undo", object_id=str(case.pk)).exists()
    record.refresh_from_db()
    assert record.undone_at is not None


def test_the_stronger_role_stays(attorney):
    """The dropped record was the principal client; the kept one had been added as a derivative."""
    keep, drop = _person("Wilmer"), _person("Wílmer")
    case = make_case(kind="asylum_defensive", client=drop, by=attorney)
    services.add_party(case=case, person=keep, role="child", by=attorney)
    original = list(CaseParty.objects.filter(case=case).values("id", "person_id", "role", "added_at"))

    merge = merge_people(keep=keep, drop=drop, by=attorney)

    assert _parties(case) == [(keep.pk, "principal", "")]
    assert Case.objects.get(pk=case.pk).client_id == keep.pk
    keep.refresh_from_db()
    assert keep.restricted  # the principal's protection came over with the merge
    entry = AuditEntry.objects.get(action="case.party.merge", object_id=str(case.pk))
    assert entry.changes == {"role": ["child", "principal"]}

    undo_merge(merge=merge, by=attorney)
    assert list(CaseParty.objects.filter(case=case).values("id", "person_id", "role", "added_at")) == original
    assert Case.objects.get(pk=case.pk).client_id == drop.pk


def test_an_adverse_record_does_not_outrank(attorney):
    keep, drop = _person("Mario"), _person("Mario")
    case = make_case(by=attorney)
    services.add_party(case=case, person=keep, role="petitioner", by=attorney)
    services.add_party(case=case, person=drop, role="adverse", by=attorney)
    merge_people(keep=keep, drop=drop, by=attorney)
    assert [r for r in _parties(case) if r[0] == keep.pk] == [(keep.pk, "petitioner", "")]


def test_merged_twice_and_undone_in_order(attorney):
    a, b, c = _person("Ana"), _person("Ana"), _person("Ana")
    case = make_case(by=attorney)
    for person in (a, b, c):
        services.add_party(case=case, person=person, role="beneficiary", by=attorney)
    before = _parties(case)
    first = merge_people(keep=a, drop=b, by=attorney)
    second = merge_people(keep=a, drop=c, by=attorney)
    assert [r for r in _parties(case) if r[1] == "beneficiary"] == [(a.pk, "beneficiary", "")]
    undo_merge(merge=second, by=attorney)
    undo_merge(merge=first, by=attorney)
    assert _parties(case) == before


def test_the_case_page_shows_the_merge_on_its_timeline(attorney, client):
    from amparo.core.testing import sign_in

    keep, drop = _person("Rosa"), _person("Rosa")
    case = make_case(client=keep, by=attorney, responsible=attorney)
    services.add_party(case=case, person=drop, role="spouse", by=attorney)
    services.add_party(case=case, person=keep, role="spouse", by=attorney)
    merge_people(keep=keep, drop=drop, by=attorney)
    page = sign_in(client, attorney).get(f"/cases/{case.pk}/")
    assert page.status_code == 200 and b"Two records of one party merged" in page.content
