"""Build the search machinery, each database with its own strengths.

SQLite: an FTS5 table over ``archive_searchdocument.terms`` (external content) with triggers.
PostgreSQL: the ``unaccent`` and ``pg_trgm`` extensions, a ``tsv`` column kept by a trigger
(the document's language configuration over unaccented text, plus ``simple`` over ``terms``),
GIN indexes on it and on actor and place names (trigram).
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE archive_fts USING fts5(terms, content='archive_searchdocument', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER archive_sdoc_ai AFTER INSERT ON archive_searchdocument BEGIN "
    "INSERT INTO archive_fts(rowid, terms) VALUES (new.id, new.terms); END",
    "CREATE TRIGGER archive_sdoc_ad AFTER DELETE ON archive_searchdocument BEGIN "
    "INSERT INTO archive_fts(archive_fts, rowid, terms) VALUES ('delete', old.id, old.terms); END",
    "CREATE TRIGGER archive_sdoc_au AFTER UPDATE OF terms ON archive_searchdocument BEGIN "
    "INSERT INTO archive_fts(archive_fts, rowid, terms) VALUES ('delete', old.id, old.terms); "
    "INSERT INTO archive_fts(rowid, terms) VALUES (new.id, new.terms); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS archive_sdoc_au", "DROP TRIGGER IF EXISTS archive_sdoc_ad",
    "DROP TRIGGER IF EXISTS archive_sdoc_ai", "DROP TABLE IF EXISTS archive_fts",
]
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE archive_searchdocument ADD COLUMN tsv tsvector",
    """CREATE OR REPLACE FUNCTION archive_searchdocument_tsv() RETURNS trigger AS $$
    DECLARE config regconfig := CASE WHEN NEW.language = 'es' THEN 'spanish'::regconfig
                                     ELSE 'english'::regconfig END;
    BEGIN
      NEW.tsv := setweight(to_tsvector(config, unaccent(coalesce(NEW.title, ''))), 'A')
              || setweight(to_tsvector(config, unaccent(left(coalesce(NEW.body, ''), 200000))), 'B')
              || setweight(to_tsvector('simple', coalesce(NEW.terms, '')), 'C');
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    "CREATE TRIGGER archive_searchdocument_tsv BEFORE INSERT OR UPDATE OF title, body, terms, language "
    "ON archive_searchdocument FOR EACH ROW EXECUTE FUNCTION archive_searchdocument_tsv()",
    "CREATE INDEX archive_sdoc_tsv_idx ON archive_searchdocument USING gin (tsv)",
    "CREATE INDEX archive_actor_name_trgm ON archive_actor USING gin (search_name gin_trgm_ops)",
    "CREATE INDEX archive_place_name_trgm ON archive_place USING gin (search_name gin_trgm_ops)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS archive_place_name_trgm", "DROP INDEX IF EXISTS archive_actor_name_trgm",
    "DROP INDEX IF EXISTS archive_sdoc_tsv_idx",
    "DROP TRIGGER IF EXISTS archive_searchdocument_tsv ON archive_searchdocument",
    "DROP FUNCTION IF EXISTS archive_searchdocument_tsv()",
    "ALTER TABLE archive_searchdocument DROP COLUMN IF EXISTS tsv",
]


def search_forward(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def search_backward(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)



class Migration(migrations.Migration):
    dependencies = [("archive", "0002_vocabularies_places")]

    operations = [migrations.RunPython(search_forward, search_backward)]
