"""manage.py archive_reindex: rebuilds the search index, all of it or one source, and resumes."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from amparo.archive import indexing, search
from amparo.archive.models import SearchDocument
from amparo.archive.tests.factories import EventFactory, SourceFactory

LEVELS = ("public", "staff")


def _reindex(*args: str) -> str:
    out = io.StringIO()
    call_command("archive_reindex", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def collection(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    sources = [SourceFactory(identifier=f"RX-{n}", title=f"Recorte {n} sobre los jesuitas") for n in range(5)]
    EventFactory(title="Masacre de los jesuitas")
    SearchDocument.objects.all().delete()
    SearchDocument.objects.create(kind="source", object_id=999_999, access="public", title="gone",
                                  terms="jesuit")
    return sources


def test_a_rebuild_indexes_every_record_prints_progress_and_drops_stale_documents(collection, tmp_path):
    assert search.search("jesuitas", levels=LEVELS).total == 1  # only the stale document
    out = _reindex("--batch", "2")
    assert "sources: 2/5 (40%" in out and "sources: 5/5 (100%" in out and "events: 1/1 (100%" in out
    assert "6 documents indexed, 1 stale documents removed" in out
    assert search.search("jesuitas", levels=LEVELS).total == 6
    assert not SearchDocument.objects.filter(object_id=999_999).exists()
    assert not (tmp_path / "archive_reindex.json").exists()


def test_an_interrupted_rebuild_resumes_where_it_stopped(collection, tmp_path, monkeypatch):
    real = indexing.index_source
    calls: list[int] = []
    stops = [True]

    def fails_on_the_fourth(source):
        calls.append(source.pk)
        if len(calls) == 4 and stops and stops.pop():
            raise RuntimeError("the machine stopped")
        return real(source)

    monkeypatch.setattr(indexing, "index_source", fails_on_the_fourth)
    with pytest.raises(RuntimeError):
        _reindex("--batch", "2")
    # The first batch (two sources) was kept; the second was rolled back with its transaction.
    assert SearchDocument.objects.filter(kind="source").exclude(object_id=999_999).count() == 2
    assert (tmp_path / "archive_reindex.json").exists()
    calls.clear()
    out = _reindex("--batch", "2")
    assert "Resuming an interrupted rebuild after source" in out
    assert calls == [s.pk for s in collection[2:]]  # the first two are not indexed again
    assert "sources: 5/5 (100%" in out and "4 documents indexed" in out
    assert search.search("jesuitas", levels=LEVELS).total == 6
    assert not (tmp_path / "archive_reindex.json").exists()
    calls.clear()
    _reindex("--batch", "2")  # a finished rebuild leaves nothing to resume: the next one does it all
    assert len(calls) == 5


def test_restart_ignores_the_checkpoint(collection, tmp_path):
    (tmp_path / "archive_reindex.json").write_text('{"kind": "event", "after": 0}')
    out = _reindex("--restart")
    assert "Resuming" not in out and "sources: 5/5" in out


def test_one_source_by_identifier_or_number(collection):
    assert "1 document indexed: RX-3" in _reindex("--source", "RX-3")
    found = [h.identifier for h in search.search("jesuitas", levels=LEVELS).hits]
    assert [i for i in found if i.startswith("RX-")] == ["RX-3"]
    assert "RX-1" in _reindex("--source", str(collection[1].pk))
    with pytest.raises(CommandError, match="No source 'NOPE'"):
        _reindex("--source", "NOPE")
