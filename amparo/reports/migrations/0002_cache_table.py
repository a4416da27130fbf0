"""The shared cache's table (settings.CACHES: Django's database cache), so that ``migrate`` alone
makes a new database ready; ``createcachetable`` does nothing when the table exists."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_program_funding")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
