"""One search interface, both backends (whichever database the suite runs on)."""

import datetime as dt

from amparo.archive import search, services
from amparo.archive.models import Place, SourceType
from amparo.archive.tests.factories import SourceFactory

ALL = ("public", "staff", "restricted")


def _source(**kw):
    data = {"identifier": kw.pop("identifier"), "source_type": SourceType.objects.get(code=kw.pop("type", "clipping")),
            "title": kw.pop("title", "Sin título"), "date": kw.pop("date", "1989-11-16"),
            "language": kw.pop("language", "es"), "access": kw.pop("access", "public"), **kw}
    return services.source_save(by=None, data=data)


def test_spanish_sources_accents_and_stemming(db):
    _source(identifier="ES-1", title="Asesinan a seis sacerdotes jesuitas", text="La masacre en la UCA conmovió.")
    _source(identifier="EN-1", language="en", title="SIX JESUITS MURDERED", text="THE MASSACRE AT THE UCA.")
    _source(identifier="ES-2", title="Campesinos desplazados en Chalatenango", text="Huyeron del ejército.")
    ids = lambda q: {h.identifier for h in search.search(q, levels=ALL).hits}  # noqa: E731
    assert ids("jesuitas") == {"ES-1", "EN-1"}
    assert ids("JESUIT") == {"ES-1", "EN-1"}
    assert ids("masacre") == {"ES-1", "EN-1"}
    assert ids("conmovio") == {"ES-1"}  # accents ignored
    assert ids("desplazado chalatenango") == {"ES-2"}
    assert ids("army") == {"ES-2"}  # ejército / army in the synonym table
    assert ids("nada parecido") == set()


def test_phrases_and_snippets(db):
    _source(identifier="EN-2", language="en", title="Report", text="HUMAN RIGHTS GROUPS DENOUNCED ABUSES. " * 3)
    _source(identifier="EN-3", language="en", title="Report", text="RIGHTS OF WAY FOR HUMAN TRAFFIC.")
    hits = search.search('"human rights"', levels=ALL).hits
    assert [h.identifier for h in hits] == ["EN-2"]
    assert "<mark>HUMAN</mark> <mark>RIGHTS</mark>" in hits[0].snippet


def test_facets_and_filters(db):
    morazan = Place.objects.get(code="SV-MO")
    perquin = Place.objects.create(name="Perquín", kind="municipality", parent=morazan)
    _source(identifier="A", title="Bombardeo en Perquín", date="1981-12", place=perquin)
    _source(identifier="B", title="Bombardeo en Usulután", date="1983", language="en",
            place=Place.objects.get(code="SV-US"), type="report")
    everything = search.search("bombardeo", levels=ALL)
    assert everything.total == 2
    only = lambda **f: [h.identifier for h in search.search("bombardeo", levels=ALL, filters=search.Filters(**f)).hits]  # noqa: E731
    assert only(place=morazan.pk) == ["A"]  # the department finds its villages
    assert only(language="en") == ["B"]
    assert only(source_type="report") == ["B"]
    assert only(date_from=dt.date(1982, 1, 1)) == ["B"]
    assert only(date_to=dt.date(1981, 12, 5)) == ["A"]  # December 1981 may include the 5th
    counts = search.facets("bombardeo", levels=ALL)
    assert counts["year"] == {"1981": 1, "1983": 1}
    assert counts["place"][str(morazan.pk)] == 1
    assert counts["source_type"] == {"clipping": 1, "report": 1}


def test_access_levels_decide_what_is_searched(db):
    _source(identifier="R", title="Testimonio reservado", access="restricted")
    _source(identifier="S", title="Testimonio interno", access="staff")
    _source(identifier="P", title="Testimonio publicado")
    ids = lambda levels: {h.identifier for h in search.search("testimonio", levels=levels).hits}  # noqa: E731
    assert ids(("public",)) == {"P"}
    assert ids(("public", "staff")) == {"P", "S"}
    assert ids(ALL) == {"P", "S", "R"}


def test_public_documents_never_carry_victims_names(db):
    from amparo.archive.models import ActType
    from amparo.archive.tests.factories import EventFactory

    source = SourceFactory(identifier="V", text="Los soldados capturaron a María Elena Gómez en Soyapango.")
    victim = services.actor_save(by=None, data={"name": "María Elena Gómez", "kind": "person", "access": "staff"})
    services.act_save(by=None, data={"event": EventFactory(), "act_type": ActType.objects.get(code="disappearance"),
                                     "victim": victim, "source": source, "access": "public"})
    services.source_save(by=None, source=source, data={"access": "public"})
    assert search.search("Gómez", levels=ALL).total == 0
    hit = search.search("Soyapango", levels=ALL).hits[0]
    assert "Gómez" not in hit.snippet and "[…]" in hit.snippet


def test_empty_query_lists_by_date(db):
    _source(identifier="late", date="1990")
    _source(identifier="early", date="1980-01")
    assert [h.identifier for h in search.search("", levels=ALL).hits] == ["early", "late"]


def test_facets_never_reveal_restricted_acts(db):
    from amparo.archive.models import ActType, SearchDocument
    from amparo.archive.tests.factories import EventFactory

    event = EventFactory(title="Operativo en Guazapa", access="staff")
    services.act_save(by=None, data={"event": event, "act_type": ActType.objects.get(code="torture"),
                                     "access": "restricted"})
    services.act_save(by=None, data={"event": event, "act_type": ActType.objects.get(code="threat"),
                                     "access": "staff"})
    tags = SearchDocument.objects.get(kind="event", object_id=event.pk).tags
    assert " athreat " in tags and "atorture" not in tags


def test_year_ranges_and_events_spanning_years(db):
    from amparo.archive.tests.factories import EventFactory

    services.event_save(by=None, event=EventFactory(title="Ofensiva larga", date="1988-11", end_date="1990-02"),
                        data={"description": "ofensiva"})
    _source(identifier="Y89", title="Ofensiva de noviembre", date="1989-11-11")
    _source(identifier="Y91", title="Ofensiva final", date="1991")
    ids = lambda **f: {h.identifier for h in search.search("ofensiva", levels=ALL, filters=search.Filters(**f)).hits}  # noqa: E731
    whole_1989 = ids(date_from=dt.date(1989, 1, 1), date_to=dt.date(1989, 12, 31))
    assert whole_1989 == {"Y89", next(h.identifier for h in search.search("larga", levels=ALL).hits)}
    assert ids(date_from=dt.date(1991, 1, 1), date_to=dt.date(1992, 12, 31)) == {"Y91"}
    assert ids(date_from=dt.date(1989, 11, 12), date_to=dt.date(1989, 12, 31)) == whole_1989 - {"Y89"}


def test_newest_documents_first_then_all(db, monkeypatch):
    """PostgreSQL looks among the newest documents first (a frequent word), then among all."""
    for n in range(3):
        _source(identifier=f"W-{n}", title="Ofensiva guerrillera", date=f"198{n}")
    monkeypatch.setattr(search, "PG_RECENT_DOCUMENTS", 0)  # every archive counts as large
    found = search.search("ofensiva", levels=ALL)
    assert found.total == 3 and not found.total_is_lower_bound  # too few among the newest: all
    assert {h.identifier for h in found.hits} == {"W-0", "W-1", "W-2"}
    in_1981 = search.search("ofensiva", levels=ALL, filters=search.Filters(date_from=dt.date(1981, 1, 1),
                                                                          date_to=dt.date(1981, 12, 31)))
    assert [h.identifier for h in in_1981.hits] == ["W-1"]
    monkeypatch.setattr(search, "RANK_CANDIDATES", 1)
    capped = search.search("ofensiva", levels=ALL)
    if capped.total_is_lower_bound:  # PostgreSQL: more than one candidate among the newest
        assert capped.total == 1 and capped.hits


def test_facets_count_every_hit_and_the_page_gives_the_exact_total(db, monkeypatch, client):
    """Past the ranking's candidates (PostgreSQL ranks the first RANK_CANDIDATES), the facets
    still count every hit, and the page reports their exact number rather than "more than"."""
    monkeypatch.setattr(search, "RANK_CANDIDATES", 3)
    for n in range(7):
        _source(identifier=f"F-{n}", title=f"Operativo militar {n}", language="es" if n % 2 else "en",
                date=f"198{n}-05-01")
    _source(identifier="F-X", title="Otra cosa", language="es")
    counts = search.facets("operativo", levels=("public",))
    assert sum(counts["kind"].values()) == 7
    assert counts["language"] == {"es": 3, "en": 4}
    assert counts["year"]["1986"] == 1 and len(counts["year"]) == 7
    page = client.get("/public/archive/?q=operativo").content.decode()
    assert "7 records found" in page and "More than" not in page


def test_a_broad_search_shows_results_first_and_the_facet_panel_follows(db, monkeypatch, client):
    """Past the ranked candidates the page asks for the facets in a second request; the panel
    counts every hit (restricted ones never, on the public archive) and brings the exact total."""
    monkeypatch.setattr(search, "RANK_CANDIDATES", 3)
    for n in range(5):
        _source(identifier=f"B-{n}", title=f"Bombardeo en la zona {n}", language="es" if n % 2 else "en",
                date=f"198{n}-03-01")
    _source(identifier="B-R", title="Bombardeo secreto", access="restricted")
    page = client.get("/public/archive/?q=bombardeo").content.decode()
    assert 'hx-get="facets/?q=bombardeo"' in page and "Counting every record found" in page
    assert "B-0" in page
    panel = client.get("/public/archive/facets/?q=bombardeo", headers={"HX-Request": "true"}).content.decode()
    assert "5 records found" in panel and 'hx-swap-oob="true"' in panel and "Refine" in panel
    assert "<html" not in panel and "1984" in panel
    assert search.exact_total("bombardeo", levels=("public",)) == 5
    assert search.exact_total("bombardeo", levels=ALL) == 6


def test_facets_count_the_same_with_or_without_words(db):
    for n in range(4):
        _source(identifier=f"C-{n}", title=f"Cosecha {n}", language="es" if n % 2 else "en", date=f"199{n}")
    every = search.facets("", levels=ALL)
    worded = search.facets("cosecha", levels=ALL)
    assert every["language"] == worded["language"] == {"es": 2, "en": 2}
    assert sum(every["year"].values()) == 4
