"""Services: creating, identifiers encrypted at rest, audit, restriction, conflict checks, merge and undo."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from amparo.accounts.roles import Role
from amparo.accounts.tests.factories import OfficeFactory
from amparo.core.models import AuditEntry
from amparo.core.partial_dates import parse
from amparo.people import services
from amparo.people.models import ContactPoint, Intake, Merge, OtherName, Person, PersonKey, Relationship
from amparo.people.selectors import intake_matches, search_people

from .factories import PersonFactory

pytestmark = pytest.mark.django_db


def _create(by, **fields):
    base = {"given_names": "Ana Gabriela", "first_surname": "Orellana", "second_surname": "Cañas",
            "birth": parse("1988-07-21")}
    return services.create_person(by=by, fields=base | fields)


def test_create_person_stores_keys_and_one_audit_entry(admin_user):
    person = _create(admin_user, a_number="A 12-345-678")
    assert person.a_number == "012345678"
    assert PersonKey.objects.filter(person=person, key__startswith="gs:").exists()
    entry = AuditEntry.objects.get(action="person.create", object_id=str(person.pk))
    assert entry.changes["a_number"][1] == "•••" and "012345678" not in str(entry.changes)


def test_a_number_and_ssn_are_unreadable_in_the_database(admin_user):
    person = _create(admin_user, a_number="A098765432", ssn="123-45-6789")
    with connection.cursor() as cursor:
        cursor.execute("SELECT a_number, ssn, a_number_hash FROM people_person WHERE id = %s", [person.pk])
        a_number, ssn, a_hash = cursor.fetchone()
    assert "098765432" not in a_number and "123456789" not in ssn and "6789" not in ssn
    assert a_number.startswith("enc1:") and ssn.startswith("enc1:")
    assert "098765432" not in a_hash
    assert Person.objects.get(pk=person.pk).ssn == "123456789"


def test_nothing_in_the_whole_database_holds_the_plain_identifiers(admin_user):
    """Every table (people, audit trail, keys, tasks) dumped: the A-number and SSN never appear."""
    person = _create(admin_user, a_number="A076543210", ssn="123-45-6789")
    services.update_person(person=person, by=admin_user, fields={"a_number": "A076543211"})
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        dump = "\n".join(connection.connection.iterdump())
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
            tables = [r[0] for r in cursor.fetchall()]
            parts = []
            for table in tables:
                cursor.execute(f'SELECT * FROM "{table}"')
                parts.append(repr(cursor.fetchall()))
        dump = "\n".join(parts)
    for secret in ("076543210", "076543211", "76543210", "123456789", "123-45-6789"):
        assert secret not in dump
    assert "people_person" in dump or "Orellana" in dump


@pytest.mark.parametrize("bad", ["A123", "A1234567890", "ABC12345678", "000000000"])
def test_bad_a_numbers_are_refused(admin_user, bad):
    with pytest.raises(ValidationError):
        _create(admin_user, a_number=bad)


@pytest.mark.parametrize(("bad", "good"), [("000-12-3456", "912-70-1234"), ("666-12-3456", "123-45-6789"),
                                           ("912-40-1234", "912-94-1234")])
def test_ssn_and_itin_rules(admin_user, bad, good):
    with pytest.raises(ValidationError):
        _create(admin_user, ssn=bad)
    assert len(_create(admin_user, ssn=good).ssn) == 9


def test_a_number_exact_lookup_through_the_hash(admin_user):
    person = _create(admin_user, a_number="012345678")
    found = search_people(admin_user, "A012-345-678")
    assert [f.person.pk for f in found] == [person.pk]


def test_concurrent_edits_are_detected(admin_user):
    person = _create(admin_user)
    services.update_person(person=person, by=admin_user, fields={"preferred_name": "Gaby"}, version=1)
    with pytest.raises(services.ConcurrentEdit):
        services.update_person(person=person, by=admin_user, fields={"preferred_name": "Ana"}, version=1)


def test_set_restriction_needs_an_office_and_is_audited(admin_user):
    person = _create(admin_user)
    with pytest.raises(ValidationError):
        services.set_restriction(person=person, restricted=True, offices=[], by=admin_user)
    office = OfficeFactory(name="Equipo de asilo")
    services.set_restriction(person=person, restricted=True, offices=[office], by=admin_user)
    person.refresh_from_db()
    assert person.restricted and list(person.allowed_offices.all()) == [office]
    assert AuditEntry.objects.filter(action="person.restriction", object_id=str(person.pk)).exists()


def test_intake_records_the_conflict_check_with_the_abuser(admin_user, make_user):
    client = _create(admin_user, given_names="Reina Isabel", first_surname="Ventura")
    abuser = _create(admin_user, given_names="Nelson Rigoberto", first_surname="Portillo", second_surname="Umaña",
                     birth=parse("1979-02-11"))
    services.add_relationship(person=client, other=abuser, kind=Relationship.Kind.ABUSER, by=admin_user)
    from amparo.people.matching import make_record

    walk_in = make_record(None, given_names="Nelson", first_surname="Portillo", second_surname="Umana",
                          birth=dt.date(1979, 2, 11))
    matches = intake_matches(admin_user, walk_in)
    assert matches.result == "possible" and matches.conflicts[0]["client"] == client
    check = services.record_conflict_check(by=admin_user, searched={"name": "Nelson Portillo"}, matches=matches)
    intake = services.take_intake(by=admin_user, person=abuser, fields={}, needs=["other"], check=check)
    check.refresh_from_db()
    assert check.person == abuser and check.checked_by == admin_user and intake.conflict_check == check
    attorney = make_user(Role.ATTORNEY)
    with pytest.raises(ValidationError):
        services.waive_conflict(check=check, by=attorney, reason="  ")
    services.waive_conflict(check=check, by=attorney, reason="Different Nelson: verified ID")
    check.refresh_from_db()
    assert check.result == "waived" and check.waived_by == attorney


def test_an_adverse_party_named_at_intake_who_is_our_client_is_a_conflict(admin_user):
    client = _create(admin_user, given_names="Sonia Maribel", first_surname="Argueta", second_surname="Zelaya")
    Intake.objects.create(person=client, by=admin_user)
    from amparo.people.matching import make_record

    walk_in = make_record(None, given_names="Edwin", first_surname="Benítez")
    adverse = make_record(None, given_names="Sonia", first_surname="Argueta Zelaya")
    matches = intake_matches(admin_user, walk_in, adverse=[adverse])
    assert matches.result == "possible" and matches.conflicts[0]["kind"] == "adverse_is_client"


def test_a_restricted_match_is_only_a_bare_warning_for_others(admin_user, make_user):
    office = OfficeFactory(name="Equipo VAWA")
    hidden = PersonFactory(given_names="Marta Alicia", first_surname="Quintanilla", second_surname="Peña",
                           birth_date=dt.date(1985, 5, 5), offices=[office])
    from amparo.people.matching import make_record

    walk_in = make_record(None, given_names="Marta", first_surname="Quintanilla", second_surname="Pena",
                          birth=dt.date(1985, 5, 5))
    outsider = make_user(Role.INTAKE)
    seen = intake_matches(outsider, walk_in)
    assert seen.hidden_conflict and not seen.likely and not seen.conflicts
    insider = make_user(Role.ATTORNEY, offices=[office])
    seen = intake_matches(insider, walk_in)
    assert [f.person for f in seen.likely] == [hidden] and not seen.hidden_conflict


def test_merge_moves_everything_and_undo_puts_it_back(admin_user):
    keep = _create(admin_user, given_names="María José", first_surname="Hernández", second_surname="López")
    drop = _create(admin_user, given_names="Maria", first_surname="Lopez de Hernandez", a_number="012345678")
    services.update_person(person=drop, by=admin_user, fields={},
                           contacts=[{"kind": "phone", "value": "213-555-0101", "texts_ok": True}],
                           other_names=[{"kind": "alias", "given_names": "Majo"}])
    child = _create(admin_user, given_names="Luis Alonso", first_surname="Hernández")
    services.add_relationship(person=drop, other=child, kind="child", by=admin_user)
    intake = Intake.objects.create(person=drop, by=admin_user)
    office = OfficeFactory(name="Equipo de asilo")
    services.set_restriction(person=drop, restricted=True, offices=[office], by=admin_user)

    merge = services.merge_people(keep=keep, drop=drop, by=admin_user)
    keep.refresh_from_db()
    drop.refresh_from_db()
    assert drop.merged_into == keep
    assert keep.contacts.filter(kind=ContactPoint.Kind.PHONE).count() == 1
    assert keep.relationships.get().other == child
    assert Intake.objects.get(pk=intake.pk).person == keep
    assert keep.a_number == "012345678"  # filled from the dropped record
    assert keep.other_names.filter(kind=OtherName.Kind.OTHER, first_surname="Lopez de Hernandez").exists()
    assert keep.restricted and office in keep.allowed_offices.all()  # protection carries over
    assert not PersonKey.objects.filter(person=drop).exists()
    assert AuditEntry.objects.filter(action="person.merge", object_id=str(keep.pk)).exists()

    services.undo_merge(merge=merge, by=admin_user)
    keep.refresh_from_db()
    drop.refresh_from_db()
    assert drop.merged_into is None and not keep.restricted and keep.a_number == ""
    assert drop.contacts.count() == 1 and drop.relationships.get().other == child
    assert Intake.objects.get(pk=intake.pk).person == drop
    assert not keep.other_names.exists()
    assert PersonKey.objects.filter(person=drop).exists()
    assert Merge.objects.get(pk=merge.pk).undone_by == admin_user
    with pytest.raises(ValidationError):
        services.undo_merge(merge=Merge.objects.get(pk=merge.pk), by=admin_user)


def test_duplicate_pass_task_finds_pairs(admin_user, django_capture_on_commit_callbacks):
    a = _create(admin_user, given_names="José Antonio", first_surname="Menjívar", second_surname="Alvarado",
                birth=parse("1975-10-02"))
    b = _create(admin_user, given_names="Chepe Antonio", first_surname="Menjivar", second_surname="",
                birth=parse("1975-02-10"))
    _create(admin_user, given_names="Óscar", first_surname="Reyes", birth=parse("2001-01-01"))
    from amparo.people.models import DuplicateCandidate

    with django_capture_on_commit_callbacks(execute=True):
        progress = services.start_duplicate_pass(by=admin_user)
    progress.refresh_from_db()
    assert progress.status == "succeeded"
    pair = DuplicateCandidate.objects.get()
    assert {pair.first_id, pair.second_id} == {a.pk, b.pk}
    assert "nickname" in pair.reasons and "birth_day_month_swapped" in pair.reasons
