"""The starting list of skills and languages; staff extend it in the admin."""

from django.db import migrations

SKILLS = [
    ("es", "language", "Spanish", "Español"),
    ("en", "language", "English", "Inglés"),
    ("pt", "language", "Portuguese", "Portugués"),
    ("quc", "language", "K'iche'", "K'iche'"),
    ("mam", "language", "Mam", "Mam"),
    ("qeq", "language", "Q'eqchi'", "Q'eqchi'"),
    ("ht", "language", "Haitian Creole", "Criollo haitiano"),
    ("interpreter", "skill", "Interpreter", "Intérprete"),
    ("notary", "skill", "Notary public", "Notary public de EE. UU. (no es abogado/a)"),
    ("attorney", "skill", "Attorney", "Abogado/a"),
    ("driver", "skill", "Driver", "Conductor/a"),
    ("data-entry", "skill", "Data entry", "Captura de datos"),
    ("teacher", "skill", "Teaching", "Enseñanza"),
    ("childcare", "skill", "Childcare", "Cuidado de niños"),
]


def seed(apps, schema_editor):
    Skill = apps.get_model("volunteers", "Skill")
    for code, kind, en, es in SKILLS:
        Skill.objects.get_or_create(code=code, defaults={"kind": kind, "label_en": en, "label_es": es})


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0001_volunteers_shifts_hours_and_rate")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
