"""The chronology is paged, never cut short: every record shows on some page, in date order."""

from amparo.archive import chronology
from amparo.archive.tests.factories import EventFactory, SourceFactory


def test_every_record_is_on_some_page_in_date_order(db, monkeypatch, client):
    monkeypatch.setattr(chronology, "PAGE_SIZE", 3)
    for n in range(4):
        EventFactory(title=f"Evento {n}", date=f"1981-0{n + 1}-10")
        SourceFactory(identifier=f"CH-{n}", title=f"Recorte {n}", date=f"1981-0{n + 1}-12")
    seen, number = [], 1
    while True:
        days, has_next = chronology.page(None, {}, public=True, number=number)
        seen += [r.title for d in days for r in (*d.events, *d.sources)]
        if not has_next:
            break
        number += 1
    assert number == 3
    assert seen == [t for n in range(4) for t in (f"Evento {n}", f"Recorte {n}")]
    second = client.get("/public/archive/chronology/?page=2").content.decode()
    assert "Recorte 1" in second and "Evento 0" not in second and "page=3" in second and "page=1" in second
