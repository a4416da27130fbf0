"""The MUC-3 news reports: parsing, the full import, and search over them."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from amparo.archive import muc3, search, services
from amparo.archive.models import Place, SearchDocument, Source
from amparo.core.models import AuditEntry

XHTML = """<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta name="DC.identifier" content="{ident}"/><meta name="DC.date" content="{date}"/>
<meta name="DC.coverage" content="SAN SALVADOR"/><title>x</title></head><body>
<p>{ident} (TEST)</p><p>{dateline} -- [TEXT] {text}</p></body></html>"""


def write(folder, name, **kw):
    (folder / name).write_text(XHTML.format(**kw), encoding="utf-8")


def test_parse_dateline_outlet_and_country(tmp_path):
    write(tmp_path, "a.xhtml", ident="T-1", date="1989-11-16", dateline="MEXICO CITY (MEXICO), 16 NOV 89 (EFE)",
          text="SIX JESUIT PRIESTS WERE MURDERED TODAY IN SAN SALVADOR. MORE TEXT.")
    report = muc3.parse(tmp_path / "a.xhtml")
    assert (report.identifier, report.date, report.outlet, report.place, report.country) == (
        "T-1", "1989-11-16", "EFE", "MEXICO CITY", "MEXICO")
    assert report.title == "SIX JESUIT PRIESTS WERE MURDERED TODAY IN SAN SALVADOR."


def test_date_from_the_dateline_when_dc_date_is_missing(tmp_path):
    write(tmp_path, "a.xhtml", ident="T-2", date="", dateline="BOGOTA, 18 APRIL 89 (AFP)", text="TALKS.")
    assert muc3.parse(tmp_path / "a.xhtml").date == "1989-04-18"
    write(tmp_path, "b.xhtml", ident="T-3", date="", dateline="CLANDESTINE, NO DATE (RADIO VENCEREMOS)", text="X.")
    report = muc3.parse(tmp_path / "b.xhtml")
    assert report.date == "" and report.outlet == "RADIO VENCEREMOS"


def test_bad_files_are_reported_and_good_ones_kept(db, tmp_path):
    write(tmp_path, "good.xhtml", ident="T-4", date="1990-01-03", dateline="SAN SALVADOR, 3 JAN 90 (COPREFA)",
          text="THE ATLACATL BATTALION REPORTED.")
    (tmp_path / "broken.xhtml").write_text("<html><p>unclosed", encoding="utf-8")
    write(tmp_path, "noid.xhtml", ident="", date="1990-01-03", dateline="SAN SALVADOR, 3 JAN 90", text="X.")
    report = services.import_muc3(directory=tmp_path)
    assert report.created == 1
    assert sorted(name for name, _reason in report.errors) == ["broken.xhtml", "noid.xhtml"]
    source = Source.objects.get(identifier="T-4")
    assert source.place.name == "San Salvador"
    assert source.place.parent.code == "SV-SS"
    assert source.date_lo.isoformat() == "1990-01-03"


def test_import_command_is_idempotent_and_audited(db, muc3_sample):
    out = StringIO()
    call_command("import_muc3", str(muc3_sample), stdout=out, stderr=StringIO())
    created = Source.objects.count()
    assert created == len(list(muc3_sample.glob("*.xhtml")))
    assert f"{created} created" in out.getvalue()
    out = StringIO()
    call_command("import_muc3", str(muc3_sample), stdout=out, stderr=StringIO())
    assert f"0 created, 0 updated, {created} unchanged" in out.getvalue()
    assert Source.objects.count() == created == SearchDocument.objects.count()
    assert AuditEntry.objects.filter(action="archive.import_muc3").count() == 2


@pytest.mark.django_db
def test_full_import_and_the_three_searches_of_the_issue(muc3_dir):
    """All 1,300 reports import; "jesuit", "jesuitas" and "Atlacatl" find the relevant reports."""
    report = services.import_muc3(directory=muc3_dir)
    assert report.errors == []
    assert report.created == 1300 == Source.objects.count()
    # 60 reports say "NO DATE" and have no DC.date: kept without a date, none invented.
    assert Source.objects.filter(date="").count() == 60
    assert Place.objects.filter(kind="country").count() > 10

    public = ("public",)
    jesuit = search.search("jesuit", levels=public, limit=50)
    assert jesuit.total > 50
    for hit in jesuit.hits[:20]:
        assert "JESUIT" in Source.objects.get(pk=hit.object_id).text
        assert "<mark>JESUIT" in hit.snippet
    spanish = search.search("jesuitas", levels=public, limit=50)
    assert [h.identifier for h in spanish.hits] == [h.identifier for h in jesuit.hits]
    atlacatl = search.search("Atlacatl", levels=public, limit=100)
    assert atlacatl.total >= 10
    assert all("ATLACATL" in Source.objects.get(pk=h.object_id).text for h in atlacatl.hits)
    accents = search.search("Atlácatl", levels=public, limit=5)
    assert [h.identifier for h in accents.hits] == [h.identifier for h in atlacatl.hits[:5]]
    both = search.search("jesuitas Atlacatl", levels=public, limit=100)
    assert 0 < both.total <= atlacatl.total

    out = StringIO()
    call_command("archive_search", "jesuitas", "--limit", "5", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert [h["identifier"] for h in data["hits"]] == [h.identifier for h in jesuit.hits[:5]]
    scores = [h["score"] for h in data["hits"]]
    assert scores == sorted(scores, reverse=True)
    assert {"identifier", "title", "date", "score"} <= set(data["hits"][0])

    counts = search.facets("jesuit", levels=public)
    assert counts["language"]["en"] == jesuit.total
    assert sum(counts["year"].values()) <= jesuit.total
    salvador = Place.objects.get(code="SV")
    in_sv = search.search("jesuit", levels=public, filters=search.Filters(place=salvador.pk))
    assert 0 < in_sv.total < jesuit.total
