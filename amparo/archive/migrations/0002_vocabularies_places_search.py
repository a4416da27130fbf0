"""Seed the bilingual vocabularies and El Salvador's departments; build the search machinery.

SQLite: an FTS5 table over ``archive_searchdocument.terms`` (external content) with triggers.
PostgreSQL: the ``unaccent`` and ``pg_trgm`` extensions, a ``tsv`` column kept by a trigger
(the document's language configuration over unaccented text, plus ``simple`` over ``terms``),
GIN indexes on it and on actor and place names (trigram).
"""

from django.db import migrations

ACT_TYPES = [
    ("killing", "Killing", "Asesinato"),
    ("extrajudicial-execution", "Extrajudicial execution", "Ejecución extrajudicial"),
    ("massacre", "Massacre", "Masacre"),
    ("disappearance", "Enforced disappearance", "Desaparición forzada"),
    ("torture", "Torture", "Tortura"),
    ("arbitrary-detention", "Arbitrary detention", "Detención arbitraria"),
    ("forced-displacement", "Forced displacement", "Desplazamiento forzado"),
    ("threat", "Threat", "Amenaza"),
    ("kidnapping", "Kidnapping", "Secuestro"),
    ("sexual-violence", "Sexual violence", "Violencia sexual"),
    ("injury", "Injury", "Lesiones"),
    ("destruction-of-property", "Destruction of property", "Destrucción de bienes"),
]
SOURCE_TYPES = [
    ("clipping", "News clipping", "Recorte de prensa"),
    ("report", "Report", "Informe"),
    ("testimony", "Testimony", "Testimonio"),
    ("photograph", "Photograph", "Fotografía"),
    ("chronology", "Chronology entry", "Entrada de cronología"),
    ("document", "Document", "Documento"),
]
SV_DEPARTMENTS = (
    ("SV-AH", "Ahuachapán"), ("SV-CA", "Cabañas"), ("SV-CH", "Chalatenango"), ("SV-CU", "Cuscatlán"),
    ("SV-LI", "La Libertad"), ("SV-MO", "Morazán"), ("SV-PA", "La Paz"), ("SV-SA", "Santa Ana"),
    ("SV-SM", "San Miguel"), ("SV-SO", "Sonsonate"), ("SV-SS", "San Salvador"), ("SV-SV", "San Vicente"),
    ("SV-UN", "La Unión"), ("SV-US", "Usulután"),
)


def seed(apps, schema_editor):
    from amparo.archive.text import fold

    ActType = apps.get_model("archive", "ActType")
    SourceType = apps.get_model("archive", "SourceType")
    Place = apps.get_model("archive", "Place")
    for code, en, es in ACT_TYPES:
        ActType.objects.get_or_create(code=code, defaults={"name_en": en, "name_es": es})
    for code, en, es in SOURCE_TYPES:
        SourceType.objects.get_or_create(code=code, defaults={"name_en": en, "name_es": es})
    country, _ = Place.objects.get_or_create(
        code="SV", kind="country", defaults={"name": "El Salvador", "search_name": fold("El Salvador")})
    for code, name in SV_DEPARTMENTS:
        Place.objects.get_or_create(code=code, defaults={
            "name": name, "kind": "department", "parent": country, "search_name": fold(name)})


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
    dependencies = [("archive", "0001_initial")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(search_forward, search_backward),
    ]
