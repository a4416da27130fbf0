"""Archivists create and edit records through forms; every save is a service call, audited."""

from django.test import Client

from amparo.accounts.roles import Role
from amparo.archive.models import Act, Actor, Career, Event, Source, SourceType
from amparo.core.models import AuditEntry
from amparo.core.testing import sign_in


def test_an_archivist_builds_a_unit_a_commander_an_event_and_an_act(db, make_user):
    client = sign_in(Client(), make_user(Role.ARCHIVIST))
    clipping = SourceType.objects.get(code="clipping")
    response = client.post("/archive/source/new/", {
        "identifier": "LPG-1989-11-17", "source_type": clipping.pk, "title": "Asesinan a jesuitas en la UCA",
        "date": "1989-11-17", "language": "es", "text": "Seis sacerdotes jesuitas...", "access": "public"})
    source = Source.objects.get(identifier="LPG-1989-11-17")
    assert response["Location"] == f"/archive/sources/{source.pk}/"
    client.post("/archive/actor/new/", {"kind": "unit", "name": "Batallón Atlácatl", "access": "public",
                                        "source": "LPG-1989-11-17"})
    unit = Actor.objects.get(name="Batallón Atlácatl")
    assert unit.source == source
    client.post("/archive/actor/new/", {"kind": "person", "name": "Óscar Alberto León Linares", "access": "public"})
    officer = Actor.objects.get(kind="person")
    response = client.post(f"/archive/actors/{officer.pk}/careers/new/", {
        "person": officer.pk, "unit": unit.pk, "rank": "Coronel", "position": "Comandante", "is_command": "on",
        "start": "1989-06", "end": "", "access": "public"})
    assert response.status_code == 302, response.content.decode()[:2000]
    career = Career.objects.get()
    assert career.start == "1989-06" and career.end == "" and career.is_command
    client.post("/archive/event/new/", {"title": "Masacre de la UCA", "category": "abuse", "date": "1989-11-16",
                                        "sources": "LPG-1989-11-17", "access": "public"})
    event = Event.objects.get()
    assert list(event.sources.all()) == [source]
    response = client.post(f"/archive/events/{event.pk}/acts/new/", {
        "act_type": "massacre", "date": "1989-11-16", "victim_description": "seis sacerdotes y dos mujeres",
        "perpetrators": [unit.pk], "degree": "direct", "source": "LPG-1989-11-17", "access": "public"})
    assert response.status_code == 302, response.content.decode()[:3000]
    act = Act.objects.get()
    assert act.involvements.get().perpetrator == unit
    page = client.get(f"/archive/actors/{officer.pk}/accountability/").content.decode()
    assert "seis sacerdotes y dos mujeres" in page and "possibly during the tenure" in page
    assert AuditEntry.objects.filter(action__startswith="archive.").count() >= 6


def test_bad_input_is_explained_and_nothing_is_lost(db, make_user):
    client = sign_in(Client(), make_user(Role.ARCHIVIST))
    response = client.post("/archive/event/new/", {"title": "Sin fecha clara", "category": "abuse",
                                                   "date": "noviembre 1989", "sources": "NO-EXISTE", "access": "staff"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "No source with the identifier NO-EXISTE." in body
    assert "Sin fecha clara" in body
    response = client.post("/archive/event/new/", {"title": "Sin fecha clara", "category": "abuse",
                                                   "date": "noviembre 1989", "access": "staff"})
    assert "Not a date we can read" in response.content.decode()
    assert not Event.objects.exists()


def test_concurrent_edits_are_detected(db, make_user):
    client = sign_in(Client(), make_user(Role.ARCHIVIST))
    client.post("/archive/event/new/", {"title": "Original", "category": "abuse", "access": "staff"})
    event = Event.objects.get()
    stale = event.updated_at.isoformat()
    client.post(f"/archive/event/{event.pk}/edit/", {"title": "First edit", "category": "abuse", "access": "staff",
                                                     "version": stale})
    response = client.post(f"/archive/event/{event.pk}/edit/", {"title": "Second edit", "category": "abuse",
                                                                "access": "staff", "version": stale})
    assert "Someone else changed this record" in response.content.decode()
    event.refresh_from_db()
    assert event.title == "First edit"


def test_only_managers_edit_and_only_publishers_publish(db, make_user):
    volunteer = sign_in(Client(), make_user(Role.VOLUNTEER))
    assert volunteer.get("/archive/source/new/").status_code == 404
    archivist = sign_in(Client(), make_user(Role.ARCHIVIST))
    assert 'value="public"' in archivist.get("/archive/event/new/").content.decode()
