"""Closing codes as reference data: the LSC case-closing categories, editable in the admin."""

from django.db import migrations

CODES = [
    ("A", "Counsel and advice", "Consejo y asesoría"),
    ("B", "Limited action", "Acción limitada"),
    ("F", "Negotiated settlement without litigation", "Acuerdo negociado sin litigio"),
    ("G", "Negotiated settlement with litigation", "Acuerdo negociado con litigio"),
    ("H", "Administrative agency decision", "Decisión de una agencia administrativa"),
    ("IA", "Uncontested court decision", "Decisión judicial sin oposición"),
    ("IB", "Contested court decision", "Decisión judicial con oposición"),
    ("IC", "Appeal to or decision of an appellate court", "Apelación o decisión de un tribunal de apelaciones"),
    ("K", "Other", "Otro"),
    ("L", "Extensive service", "Servicio extenso"),
]


def add_codes(apps, schema_editor):
    ClosingCode = apps.get_model("legal", "ClosingCode")
    for code, en, es in CODES:
        ClosingCode.objects.get_or_create(code=code, defaults={"label_en": en, "label_es": es})


class Migration(migrations.Migration):
    dependencies = [("legal", "0001_initial")]

    operations = [migrations.RunPython(add_codes, migrations.RunPython.noop)]
