"""Seed the bilingual vocabularies (act types, source types) and El Salvador's departments (ISO 3166-2:SV)."""

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



class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
