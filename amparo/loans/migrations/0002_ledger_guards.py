"""The database itself keeps the ledger honest.

Both engines refuse an UPDATE of a journal entry, a journal line or a loan transaction. On
PostgreSQL a deferred constraint trigger also refuses, at commit, any journal entry whose lines do
not balance, and DELETE is refused too (SQLite test databases are emptied with DELETE, see core
migration 0002).
"""

from django.db import migrations

TABLES = ("loans_journalentry", "loans_journalline", "loans_loantransaction")

SQLITE_FORWARD = [f"""
CREATE TRIGGER {t}_no_update BEFORE UPDATE ON {t}
BEGIN SELECT RAISE(ABORT, 'posted money records are never changed'); END;
""" for t in TABLES]
SQLITE_BACKWARD = [f"DROP TRIGGER IF EXISTS {t}_no_update;" for t in TABLES]

PG_FORWARD = ["""
CREATE OR REPLACE FUNCTION loans_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'posted money records are never changed or deleted'; END;
$$ LANGUAGE plpgsql;
"""] + [f"""
CREATE TRIGGER {t}_no_change BEFORE UPDATE OR DELETE ON {t}
FOR EACH ROW EXECUTE FUNCTION loans_append_only();
""" for t in TABLES] + ["""
CREATE OR REPLACE FUNCTION loans_entry_balanced() RETURNS trigger AS $$
DECLARE difference numeric;
BEGIN
  SELECT COALESCE(SUM(debit), 0) - COALESCE(SUM(credit), 0) INTO difference
    FROM loans_journalline WHERE entry_id = NEW.entry_id;
  IF difference <> 0 THEN
    RAISE EXCEPTION 'journal entry % does not balance (%)', NEW.entry_id, difference;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
""", """
CREATE CONSTRAINT TRIGGER loans_journalline_balanced AFTER INSERT ON loans_journalline
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION loans_entry_balanced();
"""]
PG_BACKWARD = ["DROP TRIGGER IF EXISTS loans_journalline_balanced ON loans_journalline;",
               "DROP FUNCTION IF EXISTS loans_entry_balanced();"] + [
    f"DROP TRIGGER IF EXISTS {t}_no_change ON {t};" for t in TABLES] + ["DROP FUNCTION IF EXISTS loans_append_only();"]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in SQLITE_FORWARD if vendor == "sqlite" else PG_FORWARD if vendor == "postgresql" else []:
        schema_editor.execute(statement, None)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in SQLITE_BACKWARD if vendor == "sqlite" else PG_BACKWARD if vendor == "postgresql" else []:
        schema_editor.execute(statement, None)


class Migration(migrations.Migration):
    dependencies = [("loans", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
