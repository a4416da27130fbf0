"""Donor search at scale.

PostgreSQL: the ``pg_trgm`` extension and a trigram GIN index on ``giving_donor.sort_name``, so the
substring match of donor search (``sort_name LIKE '%word%'``) reads the index instead of every
donor. SQLite has no trigram index: nothing is done there (the embedded database holds a few
thousand donors). Both: an index on the upper-cased e-mail for the exact e-mail match.
"""

import django.db.models.functions.text
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

TRIGRAM_INDEX = "giving_donor_sort_name_trgm"


def trigram_forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON giving_donor USING gin (sort_name gin_trgm_ops)")


def trigram_backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("giving", "0001_initial")]

    operations = [
        TrigramExtension(),  # CREATE EXTENSION IF NOT EXISTS pg_trgm; nothing on SQLite
        migrations.RunPython(trigram_forward, trigram_backward),
        migrations.AddIndex(
            model_name="donor",
            index=models.Index(django.db.models.functions.text.Upper("email"), name="giving_donor_email_upper"),
        ),
    ]
