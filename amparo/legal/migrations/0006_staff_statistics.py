"""PostgreSQL: keep every member of staff in the planner's statistics of who works a case.

With the default statistics target, only about a hundred attorneys (and paralegals) make the
list of most common values; anyone else — an intake worker with no cases at all — is estimated
at the average of thousands of cases, and PostgreSQL walks a whole kind index (millions of
rows read) looking for cases that are not there. With 1,000 every member of staff is counted.
"""

from django.db import migrations

COLUMNS = ("responsible_id", "paralegal_id")


def _set(target: int):
    def run(apps, schema_editor):  # noqa: ANN001, ANN202
        if schema_editor.connection.vendor != "postgresql":
            return
        alters = ", ".join(f"ALTER COLUMN {c} SET STATISTICS {target}" for c in COLUMNS)
        schema_editor.execute(f"ALTER TABLE legal_case {alters}")
        schema_editor.execute(f"ANALYZE legal_case ({', '.join(COLUMNS)})")

    return run


class Migration(migrations.Migration):
    dependencies = [("legal", "0005_party_merge")]

    operations = [migrations.RunPython(_set(1000), _set(-1))]
