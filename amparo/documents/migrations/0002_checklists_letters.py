"""The evidence checklist of each kind of case and one template per kind of letter (documents.seed)."""

from django.db import migrations

from amparo.documents.seed import load


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
