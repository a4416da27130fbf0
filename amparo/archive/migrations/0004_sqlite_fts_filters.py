"""SQLite: rebuild the FTS5 table contentless with two columns, ``terms`` and ``filters``.

``filters`` holds tokens for access level, language, source type, kind and the facet tags
(``xaccpublic xlangen xtypeclipping xkindsource p12 u7 amassacre``), so a search with its
access levels and facet filters is answered by the full-text index alone, ranked by BM25 on
``terms`` (``rank`` = bm25 with weight 0 on ``filters``), with no join unless a date range is
asked for. PostgreSQL is unchanged.
"""

from django.db import migrations


def filters(row: str) -> str:
    return (f"'xacc' || {row}.access || ' xlang' || coalesce({row}.language, '') || ' xtype' || "
            f"replace(coalesce({row}.source_type, ''), '-', '') || ' xkind' || {row}.kind || ' ' || "
            f"coalesce({row}.tags, '')")


FORWARD = [
    "DROP TRIGGER IF EXISTS archive_sdoc_au", "DROP TRIGGER IF EXISTS archive_sdoc_ad",
    "DROP TRIGGER IF EXISTS archive_sdoc_ai", "DROP TABLE IF EXISTS archive_fts",
    "CREATE VIRTUAL TABLE archive_fts USING fts5(terms, filters, content='', "
    "tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO archive_fts(archive_fts, rank) VALUES ('rank', 'bm25(1.0, 0.0)')",
    "CREATE TRIGGER archive_sdoc_ai AFTER INSERT ON archive_searchdocument BEGIN "
    f"INSERT INTO archive_fts(rowid, terms, filters) VALUES (new.id, new.terms, {filters('new')}); END",
    "CREATE TRIGGER archive_sdoc_ad AFTER DELETE ON archive_searchdocument BEGIN "
    "INSERT INTO archive_fts(archive_fts, rowid, terms, filters) "
    f"VALUES ('delete', old.id, old.terms, {filters('old')}); END",
    "CREATE TRIGGER archive_sdoc_au AFTER UPDATE ON archive_searchdocument BEGIN "
    "INSERT INTO archive_fts(archive_fts, rowid, terms, filters) "
    f"VALUES ('delete', old.id, old.terms, {filters('old')}); "
    f"INSERT INTO archive_fts(rowid, terms, filters) VALUES (new.id, new.terms, {filters('new')}); END",
    f"INSERT INTO archive_fts(rowid, terms, filters) SELECT d.id, d.terms, {filters('d')} "
    "FROM archive_searchdocument d",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS archive_sdoc_au", "DROP TRIGGER IF EXISTS archive_sdoc_ad",
    "DROP TRIGGER IF EXISTS archive_sdoc_ai", "DROP TABLE IF EXISTS archive_fts",
    "CREATE VIRTUAL TABLE archive_fts USING fts5(terms, content='archive_searchdocument', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER archive_sdoc_ai AFTER INSERT ON archive_searchdocument BEGIN "
    "INSERT INTO archive_fts(rowid, terms) VALUES (new.id, new.terms); END",
    "CREATE TRIGGER archive_sdoc_ad AFTER DELETE ON archive_searchdocument BEGIN "
    "INSERT INTO archive_fts(archive_fts, rowid, terms) VALUES ('delete', old.id, old.terms); END",
    "CREATE TRIGGER archive_sdoc_au AFTER UPDATE OF terms ON archive_searchdocument BEGIN "
    "INSERT INTO archive_fts(archive_fts, rowid, terms) VALUES ('delete', old.id, old.terms); "
    "INSERT INTO archive_fts(rowid, terms) VALUES (new.id, new.terms); END",
    "INSERT INTO archive_fts(archive_fts) VALUES ('rebuild')",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("archive", "0003_search")]

    operations = [migrations.RunPython(forward, backward)]
