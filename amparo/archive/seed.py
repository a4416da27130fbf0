"""Reference data the archive starts with: bilingual vocabularies and El Salvador's departments.

Migration 0002 loads it; ``ensure()`` loads it again where a test database was emptied
(browser tests flush the database between tests).
"""

from __future__ import annotations

from typing import Any

from .text import fold

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


def load(act_type: Any, source_type: Any, place: Any) -> None:
    from .places import SV_DEPARTMENTS

    for code, en, es in ACT_TYPES:
        act_type.objects.get_or_create(code=code, defaults={"name_en": en, "name_es": es})
    for code, en, es in SOURCE_TYPES:
        source_type.objects.get_or_create(code=code, defaults={"name_en": en, "name_es": es})
    country, _ = place.objects.get_or_create(
        code="SV", kind="country", defaults={"name": "El Salvador", "search_name": fold("El Salvador")})
    for code, name in SV_DEPARTMENTS:
        place.objects.get_or_create(code=code, defaults={
            "name": name, "kind": "department", "parent": country, "search_name": fold(name)})


def ensure() -> None:
    from .models import ActType, Place, SourceType

    load(ActType, SourceType, Place)
