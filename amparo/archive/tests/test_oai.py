"""OAI-PMH 2.0 at /oai: every response valid against the protocol's schema; a real harvest."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from amparo.archive import indexing
from amparo.archive.models import Source, SourceType
from amparo.archive.oai import PAGE_SIZE, identifier_for
from amparo.archive.tests.factories import EventFactory, SourceFactory

SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).resolve().parents[1] / "schemas/harvest.xsd")))
NS = {"o": "http://www.openarchives.org/OAI/2.0/", "dc": "http://purl.org/dc/elements/1.1/",
      "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/"}


def oai(client, **params):
    response = client.get("/oai", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    tree = etree.fromstring(response.content)
    SCHEMA.assertValid(tree)
    return tree


def error_code(tree):
    found = tree.find("o:error", NS)
    return found.get("code") if found is not None else None


@pytest.fixture
def records(db):
    public = [SourceFactory(identifier=f"PUB-{n:04d}", title=f"Público {n} — Atlácatl") for n in range(3)]
    staff = SourceFactory(identifier="STAFF-1", access="staff")
    restricted = SourceFactory(identifier="SECRET-1", access="restricted", title="Testimonio reservado")
    event = EventFactory(title="Masacre publicada", date="1981-12", end_date="1982-01")
    EventFactory(title="Evento reservado", access="restricted")
    for source in Source.objects.all():
        indexing.index_source(source)
    return {"public": public, "staff": staff, "restricted": restricted, "event": event}


def test_identify_and_formats(client, records):
    tree = oai(client, verb="Identify")
    assert tree.findtext("o:Identify/o:protocolVersion", namespaces=NS) == "2.0"
    assert tree.findtext("o:Identify/o:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    tree = oai(client, verb="ListMetadataFormats")
    assert tree.findtext("o:ListMetadataFormats/o:metadataFormat/o:metadataPrefix", namespaces=NS) == "oai_dc"
    tree = oai(client, verb="ListSets")
    specs = tree.xpath("//o:setSpec/text()", namespaces=NS)
    assert {"source", "event", "source:clipping"} <= set(specs)


def test_list_records_has_only_published_records(client, records):
    tree = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    ids = tree.xpath("//o:header/o:identifier/text()", namespaces=NS)
    expected = {identifier_for(s) for s in records["public"]} | {identifier_for(records["event"])}
    assert set(ids) == expected
    body = etree.tostring(tree, encoding="unicode")
    assert "SECRET-1" not in body and "STAFF-1" not in body and "reservado" not in body
    titles = tree.xpath("//dc:title/text()", namespaces=NS)
    assert "Público 0 — Atlácatl" in titles
    assert "1981-12/1982-01" in tree.xpath("//dc:date/text()", namespaces=NS)


def test_get_record_and_errors(client, records):
    tree = oai(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier_for(records["public"][0]))
    assert tree.findtext(".//dc:identifier", namespaces=NS) == "PUB-0000"
    hidden = oai(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier_for(records["restricted"]))
    assert error_code(hidden) == "idDoesNotExist"
    assert error_code(oai(client, verb="GetRecord", metadataPrefix="oai_dc",
                          identifier=identifier_for(records["staff"]))) == "idDoesNotExist"
    assert error_code(oai(client, verb="Dance")) == "badVerb"
    assert error_code(oai(client)) == "badVerb"
    assert error_code(oai(client, verb="ListRecords")) == "badArgument"
    assert error_code(oai(client, verb="Identify", extra="1")) == "badArgument"
    assert error_code(oai(client, verb="ListRecords", metadataPrefix="marc21")) == "cannotDisseminateFormat"
    assert error_code(oai(client, verb="ListRecords", resumptionToken="forged")) == "badResumptionToken"
    assert error_code(oai(client, verb="ListRecords", metadataPrefix="oai_dc", set="nothing")) == "noRecordsMatch"
    assert error_code(oai(client, verb="ListRecords", metadataPrefix="oai_dc", **{"from": "2999-01-01"})) == (
        "noRecordsMatch")
    assert error_code(oai(client, verb="ListRecords", metadataPrefix="oai_dc", **{"from": "yesterday"})) == (
        "badArgument")
    assert error_code(oai(client, verb="ListRecords", metadataPrefix="oai_dc", **{
        "from": "2020-01-01", "until": "2020-01-01T00:00:00Z"})) == "badArgument"


def test_sets_and_dates_select_records(client, records):
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="event")
    assert tree.xpath("//o:identifier/text()", namespaces=NS) == [identifier_for(records["event"])]
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="source:clipping",
               **{"from": "2000-01-01", "until": "2999-12-31"})
    assert len(tree.xpath("//o:identifier", namespaces=NS)) == 3


def test_resumption_tokens_page_through_everything(client, db):
    clipping = SourceType.objects.get(code="clipping")
    Source.objects.bulk_create([Source(identifier=f"B-{n:04d}", source_type=clipping, title=f"N {n}",
                                       access="public") for n in range(PAGE_SIZE * 2 + 17)])
    Source.objects.bulk_create([Source(identifier=f"H-{n:04d}", source_type=clipping, title="h",
                                       access="restricted") for n in range(30)])
    seen: list[str] = []
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    pages = 1
    while True:
        seen += tree.xpath("//o:header/o:identifier/text()", namespaces=NS)
        token = tree.find(".//o:resumptionToken", NS)
        assert token is not None and token.get("completeListSize") == str(PAGE_SIZE * 2 + 17)
        if not token.text:
            break
        tree = oai(client, verb="ListIdentifiers", resumptionToken=token.text)
        pages += 1
    assert pages == 3
    assert len(seen) == len(set(seen)) == PAGE_SIZE * 2 + 17
    assert not any(":source/H-" in s for s in seen)


def test_a_real_client_harvests_every_published_record_and_no_restricted_one(live_server, transactional_db):
    from oaipmh_scythe import Scythe

    from amparo.archive import seed

    seed.ensure()  # browser tests may have emptied the database
    clipping = SourceType.objects.get(code="clipping")
    Source.objects.bulk_create([Source(identifier=f"P-{n:04d}", source_type=clipping, title=f"Informe {n}",
                                       text="Batallón Atlácatl", date="1989-11", access="public")
                                for n in range(PAGE_SIZE + 40)])
    Source.objects.bulk_create([Source(identifier=f"R-{n:04d}", source_type=clipping, title="Testimonio",
                                       access="restricted") for n in range(5)]
                               + [Source(identifier="S-0001", source_type=clipping, title="Interno", access="staff")])
    EventFactory(title="Evento público")
    with Scythe(f"{live_server.url}/oai") as scythe:
        assert scythe.identify().repositoryName == "Amparo human-rights archive"
        harvested = list(scythe.list_records(metadata_prefix="oai_dc"))
    identifiers = [r.header.identifier for r in harvested]
    assert len(identifiers) == len(set(identifiers)) == PAGE_SIZE + 40 + 1
    assert not any(":source/R-" in i or ":source/S-" in i for i in identifiers)
    first = harvested[0].metadata
    assert first["title"] == ["Informe 0"]


def test_withdrawn_and_deleted_records_are_harvested_as_deleted(live_server, transactional_db):
    """deletedRecord is persistent: a harvester is told which published records were withdrawn or deleted."""
    from oaipmh_scythe import Scythe

    from amparo.archive import seed, services

    seed.ensure()
    kept = SourceFactory(identifier="KEPT-1", title="Sigue publicado")
    withdrawn = SourceFactory(identifier="GONE-1", title="Retirado")
    deleted = SourceFactory(identifier="GONE-2", title="Borrado")
    never = SourceFactory(identifier="STAFF-9", title="Nunca publicado", access="staff")
    event = EventFactory(title="Evento retirado")
    url = f"{live_server.url}/oai"
    with Scythe(url) as scythe:
        assert scythe.identify().deletedRecord == "persistent"
        first = {r.header.identifier: r.header.deleted for r in scythe.list_records(metadata_prefix="oai_dc")}
    assert set(first.values()) == {False}
    services.record_set_access(by=None, obj=withdrawn, access="restricted")
    services.record_set_access(by=None, obj=event, access="staff")
    deleted.delete()
    services.record_set_access(by=None, obj=never, access="restricted")
    with Scythe(url) as scythe:
        again = list(scythe.list_records(metadata_prefix="oai_dc"))
        one = scythe.get_record(identifier=identifier_for(withdrawn), metadata_prefix="oai_dc")
        in_set = [h.identifier for h in scythe.list_identifiers(metadata_prefix="oai_dc", set_="source:clipping")]
    status = {r.header.identifier: r.header.deleted for r in again}
    assert status == {identifier_for(kept): False, identifier_for(withdrawn): True,
                      f"oai:{identifier_for(kept).split(':')[1]}:source/GONE-2": True, identifier_for(event): True}
    assert one.header.deleted and not hasattr(one, "metadata")
    assert identifier_for(withdrawn) in in_set and identifier_for(event) not in in_set
    assert not any("STAFF-9" in i for i in status)  # a record never published is never named
    # Published again: a record once more, no longer deleted.
    services.record_set_access(by=None, obj=withdrawn, access="public")
    with Scythe(url) as scythe:
        status = {r.header.identifier: r.header.deleted for r in scythe.list_records(metadata_prefix="oai_dc")}
    assert status[identifier_for(withdrawn)] is False
