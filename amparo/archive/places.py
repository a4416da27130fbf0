"""Places: El Salvador's departments (ISO 3166-2:SV, seeded), other countries, towns as entered."""

from __future__ import annotations

from .models import Place
from .text import fold

# ISO 3166-2:SV: the fourteen departments of El Salvador.
SV_DEPARTMENTS = (
    ("SV-AH", "Ahuachapán"), ("SV-CA", "Cabañas"), ("SV-CH", "Chalatenango"), ("SV-CU", "Cuscatlán"),
    ("SV-LI", "La Libertad"), ("SV-MO", "Morazán"), ("SV-PA", "La Paz"), ("SV-SA", "Santa Ana"),
    ("SV-SM", "San Miguel"), ("SV-SO", "Sonsonate"), ("SV-SS", "San Salvador"), ("SV-SV", "San Vicente"),
    ("SV-UN", "La Unión"), ("SV-US", "Usulután"),
)
# ISO 3166-1 alpha-2 for countries the reports name (USSR keeps its reserved code SU).
COUNTRIES = {
    "el salvador": ("SV", "El Salvador"), "guatemala": ("GT", "Guatemala"), "honduras": ("HN", "Honduras"),
    "nicaragua": ("NI", "Nicaragua"), "costa rica": ("CR", "Costa Rica"), "panama": ("PA", "Panamá"),
    "mexico": ("MX", "México"), "colombia": ("CO", "Colombia"), "peru": ("PE", "Perú"),
    "ecuador": ("EC", "Ecuador"), "bolivia": ("BO", "Bolivia"), "chile": ("CL", "Chile"),
    "argentina": ("AR", "Argentina"), "venezuela": ("VE", "Venezuela"), "cuba": ("CU", "Cuba"),
    "ussr": ("SU", "USSR"), "france": ("FR", "France"), "spain": ("ES", "España"),
    "united states": ("US", "United States"), "us": ("US", "United States"), "usa": ("US", "United States"),
    "uruguay": ("UY", "Uruguay"), "paraguay": ("PY", "Paraguay"), "brazil": ("BR", "Brasil"),
    "belgium": ("BE", "Belgium"), "west germany": ("DE", "Germany"), "fed rep germany": ("DE", "Germany"),
    "united kingdom": ("GB", "United Kingdom"), "uk": ("GB", "United Kingdom"), "italy": ("IT", "Italy"),
    "dominican republic": ("DO", "República Dominicana"), "venezuela ": ("VE", "Venezuela"),
}
# Cities that reports give without a country.
CITIES = {
    "san salvador": ("SV", "SV-SS"), "san miguel": ("SV", "SV-SM"), "santa ana": ("SV", "SV-SA"),
    "usulutan": ("SV", "SV-US"), "chalatenango": ("SV", "SV-CH"), "san vicente": ("SV", "SV-SV"),
    "guatemala city": ("GT", ""), "tegucigalpa": ("HN", ""), "san pedro sula": ("HN", ""), "managua": ("NI", ""),
    "san jose": ("CR", ""), "panama city": ("PA", ""), "mexico city": ("MX", ""), "bogota": ("CO", ""),
    "medellin": ("CO", ""), "cali": ("CO", ""), "lima": ("PE", ""), "quito": ("EC", ""), "la paz": ("BO", ""),
    "santiago": ("CL", ""), "buenos aires": ("AR", ""), "caracas": ("VE", ""), "havana": ("CU", ""),
    "moscow": ("SU", ""), "madrid": ("ES", ""), "paris": ("FR", ""), "washington": ("US", ""),
    "guayaquil": ("EC", ""), "cartagena": ("CO", ""), "montevideo": ("UY", ""),
}
NOWHERE = {"clandestine", "no city", ""}


def country(code_or_name: str) -> Place | None:
    key = fold(code_or_name).strip()
    code, name = COUNTRIES.get(key, ("", code_or_name.strip().title()))
    if not name:
        return None
    if code:
        found = Place.objects.filter(kind=Place.Kind.COUNTRY, code=code).first()
        if found:
            return found
    place, _ = Place.objects.get_or_create(search_name=fold(name), kind=Place.Kind.COUNTRY, parent=None,
                                           defaults={"name": name, "code": code})
    return place


def _country_by_code(code: str) -> Place | None:
    found = Place.objects.filter(kind=Place.Kind.COUNTRY, code=code).first()
    if found:
        return found
    for name, (c, _label) in COUNTRIES.items():
        if c == code:
            return country(name)
    return None


def resolve_dateline(city: str, country_name: str = "") -> Place | None:
    """The place a report was filed from: "SAN SALVADOR" -> San Salvador (San Salvador, SV)."""
    key = fold(city).strip()
    if key in NOWHERE:
        return country(country_name) if country_name and fold(country_name) not in NOWHERE else None
    parent: Place | None
    kind = Place.Kind.OTHER
    if country_name:
        parent = country(country_name)
    else:
        code, department = CITIES.get(key, ("", ""))
        parent = None
        if department:
            parent = Place.objects.filter(code=department).first()
            kind = Place.Kind.MUNICIPALITY
        elif code:
            parent = _country_by_code(code)
    if parent is not None and parent.code == "SV":
        kind = Place.Kind.MUNICIPALITY
    name = city.strip().title()
    place, _ = Place.objects.get_or_create(search_name=fold(name), kind=kind, parent=parent, defaults={"name": name})
    return place


def find(name: str) -> Place | None:
    """A place by name or code as a person types it: "SV-SS", "Morazán", "morazan"."""
    name = name.strip()
    if not name:
        return None
    by_code = Place.objects.filter(code__iexact=name).first()
    if by_code:
        return by_code
    return Place.objects.filter(search_name=fold(name)).order_by("kind", "pk").first()
