import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from amparo.accounts.roles import Role
from amparo.archive import services
from amparo.archive.models import Act, Actor, ActType, Career, Event, SearchDocument, SourceType
from amparo.archive.tests.factories import EventFactory, SourceFactory
from amparo.core.models import AuditEntry


def test_saving_a_source_is_audited_and_indexed(db, make_user):
    archivist = make_user(Role.ARCHIVIST)
    source = services.source_save(by=archivist, data={
        "identifier": "ES-1", "source_type": SourceType.objects.get(code="clipping"), "title": "Asesinan a jesuitas",
        "date": "1989-11-16", "language": "es", "text": "Seis sacerdotes jesuitas fueron asesinados en la UCA.",
        "access": "staff"})
    entry = AuditEntry.objects.get(action="archive.source.create")
    assert entry.actor == archivist and entry.object_id == str(source.pk)
    doc = SearchDocument.objects.get(kind="source", object_id=source.pk)
    assert "jesuit" in doc.terms.split() and doc.access == "staff"
    services.source_save(by=archivist, source=source, data={"title": "Asesinan a seis jesuitas"})
    change = AuditEntry.objects.get(action="archive.source.change")
    assert change.changes["title"] == ["Asesinan a jesuitas", "Asesinan a seis jesuitas"]


def test_a_partial_date_that_does_not_parse_is_a_clear_error(db):
    with pytest.raises(ValidationError) as error:
        services.event_save(by=None, data={"title": "x", "date": "marzo 1981"})
    assert "date" in error.value.message_dict
    assert not Event.objects.exists()


def test_publishing_needs_archive_publish(db, make_user):
    from amparo.accounts.roles import CAPABILITIES

    assert Role.VOLUNTEER not in CAPABILITIES["archive.publish"]
    event = EventFactory(access="staff")
    with pytest.raises(PermissionDenied):
        services.record_set_access(by=make_user(Role.VOLUNTEER), obj=event, access="public")
    services.record_set_access(by=make_user(Role.ARCHIVIST), obj=event, access="public")
    event.refresh_from_db()
    assert event.access == "public"
    assert SearchDocument.objects.get(kind="event", object_id=event.pk).access == "public"
    assert AuditEntry.objects.filter(action="archive.access").count() == 1


def test_archivists_extend_the_vocabularies_in_both_languages(db, make_user):
    term = services.vocabulary_add(by=make_user(Role.ARCHIVIST), model=ActType, code="forced-recruitment",
                                   name_en="Forced recruitment", name_es="Reclutamiento forzoso")
    from django.utils import translation

    with translation.override("es"):
        assert str(term) == "Reclutamiento forzoso"
    with pytest.raises(ValidationError):
        services.vocabulary_add(by=None, model=ActType, code="forced-recruitment", name_en="x", name_es="y")


CSV_ACTORS = """kind,name,aliases,part_of,access
unit,Batallón Atlácatl,BIRI Atlacatl; Atlacatl Battalion,,public
unit,Compañía Uno,,Batallón Atlácatl,public
person,Domingo Monterrosa,,,public
,,,,public
unit,Batallón fantasma,,Brigada inexistente,public
"""
CSV_CAREERS = """person,unit,rank,position,in_command,from,to,source
Domingo Monterrosa,Batallón Atlácatl,Teniente coronel,Comandante,sí,1980-06,1981-04,
Domingo Monterrosa,Batallón Atlácatl,Coronel,,no,marzo 1981,,
Nadie,Batallón Atlácatl,,,,1980,,
"""


def test_csv_import_keeps_good_rows_and_reports_each_bad_one(db, make_user):
    archivist = make_user(Role.ARCHIVIST)
    report = services.import_csv(by=archivist, kind="actors", data=CSV_ACTORS.encode())
    assert report.saved == 3
    assert [e.line for e in report.errors] == [5, 6]
    assert "Brigada inexistente" in report.errors[1].reason
    atlacatl = Actor.objects.get(name="Batallón Atlácatl")
    assert atlacatl.alias_list == ["BIRI Atlacatl", "Atlacatl Battalion"]
    assert Actor.objects.get(name="Compañía Uno").parent == atlacatl
    report = services.import_csv(by=archivist, kind="careers", data=CSV_CAREERS.encode("utf-8-sig"))
    assert report.saved == 1
    assert [e.line for e in report.errors] == [3, 4]
    career = Career.objects.get()
    assert career.is_command and career.start == "1980-06" and career.end == "1981-04"
    assert AuditEntry.objects.filter(action="archive.import_csv").count() == 2


def test_csv_import_of_events_and_acts(db):
    source = SourceFactory(identifier="S-1")
    services.import_csv(by=None, kind="actors", data=CSV_ACTORS.encode())
    events = ("title,date,places,sources,access\n"
              "Masacre de El Mozote,1981-12,SV-MO,S-1,public\nSin lugar,1981,Atlántida,,staff\n")
    report = services.import_csv(by=None, kind="events", data=events.encode())
    assert report.saved == 1 and report.errors[0].line == 3
    event = Event.objects.get()
    assert event.sources.get() == source and event.places.get().code == "SV-MO"
    acts = ("event,act_type,date,place,victim_description,perpetrators,source,access\n"
            "Masacre de El Mozote,massacre,1981-12-11,SV-MO,cientos de campesinos,Batallón Atlácatl|direct,S-1,public\n"
            "Masacre de El Mozote,genocidio,1981-12-11,,,,,public\n")
    report = services.import_csv(by=None, kind="acts", data=acts.encode())
    assert report.saved == 1 and "genocidio" in report.errors[0].reason
    act = Act.objects.get()
    assert act.involvements.get().perpetrator.name == "Batallón Atlácatl"
    doc = SearchDocument.objects.get(kind="event", object_id=event.pk)
    assert f" u{act.involvements.get().perpetrator.pk} " in doc.tags and " amassacre " in doc.tags


def test_csv_import_of_a_file_that_is_not_csv(db):
    report = services.import_csv(by=None, kind="actors", data=b"\xff\xfe\x00binary")
    assert report.saved == 0 and report.errors[0].line == 1


def test_csv_import_of_a_broken_quote_reports_it_and_keeps_the_rows_after_it(db):
    data = 'kind,name\nunit,"Batallón Bracamonte\nperson,Juan Pérez\nunit,"Batallón ""Belloso"""\n'.encode()
    with translation.override("en"):
        report = services.import_csv(by=None, kind="actors", data=data)
    assert report.saved == 2
    assert [e.line for e in report.errors] == [2] and "quotation mark" in report.errors[0].reason
    assert sorted(Actor.objects.values_list("name", flat=True)) == ['Batallón "Belloso"', "Juan Pérez"]


def test_csv_import_refuses_a_row_with_an_extra_value(db):
    with translation.override("en"):
        report = services.import_csv(by=None, kind="actors", data=b"kind,name\nunit,Batallon Atlacatl,extra\n")
    assert report.saved == 0 and report.errors[0].line == 2 and "(3, not 2)" in report.errors[0].reason


def test_an_exported_value_that_looked_like_a_formula_is_imported_back_as_it_was(db):
    report = services.import_csv(by=None, kind="actors", data=b"kind,name\nperson,'=Juan\n")
    assert report.saved == 1 and Actor.objects.get().name == "=Juan"
