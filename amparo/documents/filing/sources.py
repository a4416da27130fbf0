"""The case data a form field can be filled with: a fixed, documented list (docs/documents-filing.md).

Each source has a translated label, a sample value (for the preview an administrator sees while
mapping) and a function reading it from a case. Dates are ISO text (``1984-07-09``); a birth
date known only to the month or year is given as ``1984-07`` or ``1984``, so the "MM/DD/YYYY"
transform refuses it instead of inventing a day. The A-number is decrypted only here, for the
fill, and never written to the audit trail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CONSTANT = "constant"


@dataclass(frozen=True)
class Source:
    key: str
    label: Any
    sample: Any
    read: Callable[[Any], Any]
    group: Any = _("Client")


def _birth(case: Any) -> str:
    person = case.client
    if person.birth_date is None:
        return ""
    precision = person.birth_precision or "day"
    if precision == "year":
        return f"{person.birth_date:%Y}"
    if precision == "month":
        return f"{person.birth_date:%Y-%m}"
    return person.birth_date.isoformat()


def _phone(case: Any) -> str:
    contact = case.client.contacts.filter(kind="phone").order_by("-is_primary", "id").first()
    return contact.value if contact else ""


def _email(case: Any) -> str:
    contact = case.client.contacts.filter(kind="email").order_by("-is_primary", "id").first()
    return contact.value if contact else ""


def _address(case: Any) -> Any:
    return case.client.addresses.filter(until__isnull=True).order_by("-since", "-id").first()


def _address_part(part: str) -> Callable[[Any], str]:
    def read(case: Any) -> str:
        address = _address(case)
        return getattr(address, part, "") if address else ""
    return read


def _address_lines(case: Any) -> str:
    address = _address(case)
    if address is None:
        return ""
    city_line = " ".join(p for p in (f"{address.city}," if address.city else "", address.state, address.postcode) if p)
    return "\n".join(p for p in (address.street, city_line.strip(" ,"), address.country) if p)


def _receipts(case: Any) -> list[str]:
    return list(case.receipts.order_by("-received_on", "-id").values_list("number", flat=True))


def _person_name(user: Any) -> str:
    return (getattr(user, "full_name", "") or str(user)) if user else ""


_CASE = _("Case")
_OTHER = _("Other")

SOURCES: dict[str, Source] = {s.key: s for s in (
    Source("client.given_names", _("Given names"), "José Ángel", lambda c: c.client.given_names),
    Source("client.first_surname", _("First surname"), "Núñez", lambda c: c.client.first_surname),
    Source("client.second_surname", _("Second surname"), "de la Peña", lambda c: c.client.second_surname),
    Source("client.family_name", _("Family name (both surnames)"), "Núñez de la Peña",
           lambda c: " ".join(p for p in (c.client.first_surname, c.client.second_surname) if p)),
    Source("client.full_name", _("Full name"), "José Ángel Núñez de la Peña", lambda c: c.client.full_name),
    Source("client.birth_date", _("Date of birth"), "1984-07-09", _birth),
    Source("client.a_number", _("A-number"), "A-012-345-678", lambda c: c.client.a_number or ""),
    Source("client.country_of_birth", _("Country of birth"), "El Salvador", lambda c: c.client.country_of_birth),
    Source("client.nationalities", _("Nationalities"), "Salvadoran", lambda c: c.client.nationalities),
    Source("client.sex", _("Sex (as recorded: female, male, other)"), "male", lambda c: c.client.sex),
    Source("client.preferred_language", _("Language for letters (es or en)"), "es",
           lambda c: c.client.preferred_language),
    Source("client.phone", _("Phone (primary)"), "(213) 555-0100", _phone),
    Source("client.email", _("Email (primary)"), "jose@example.org", _email),
    Source("client.address.street", _("Address: street"), "1200 W 7th St Apt 4", _address_part("street")),
    Source("client.address.city", _("Address: city"), "Los Angeles", _address_part("city")),
    Source("client.address.state", _("Address: state"), "CA", _address_part("state")),
    Source("client.address.postcode", _("Address: ZIP code"), "90017", _address_part("postcode")),
    Source("client.address.country", _("Address: country"), "United States", _address_part("country")),
    Source("client.address.lines", _("Address: all lines"), "1200 W 7th St Apt 4\nLos Angeles, CA 90017",
           _address_lines),
    Source("case.number", _("Case number in Amparo"), "#123", lambda c: c.number, _CASE),
    Source("case.kind", _("Kind of case"), "Asylum", lambda c: str(c.get_kind_display()), _CASE),
    Source("case.receipt_number", _("Receipt number (latest)"), "IOE0912345678",
           lambda c: (_receipts(c) or [""])[0], _CASE),
    Source("case.receipt_numbers", _("Receipt numbers (all, comma-separated)"), "IOE0912345678, MSC2190012345",
           lambda c: ", ".join(_receipts(c)), _CASE),
    Source("case.court", _("Immigration court"), "Los Angeles - Olive St", lambda c: c.court, _CASE),
    Source("case.priority_date", _("Priority date"), "2019-03-15",
           lambda c: c.priority_date.isoformat() if c.priority_date else "", _CASE),
    Source("case.responsible", _("Attorney or accredited representative"), "Lucía Ramírez",
           lambda c: _person_name(c.responsible), _CASE),
    Source("today", _("Today's date"), dt.date(2026, 1, 15).isoformat(),
           lambda c: timezone.localdate().isoformat(), _OTHER),
    Source(CONSTANT, _("A fixed value (typed below)"), "", lambda c: "", _OTHER),
)}


def source_choices() -> list[tuple[Any, list[tuple[str, str]]]]:
    """Grouped (label, [(key, label)]) choices for a select box."""
    groups: dict[str, tuple[Any, list[tuple[str, str]]]] = {}
    for source in SOURCES.values():
        groups.setdefault(str(source.group), (source.group, []))[1].append((source.key, source.label))
    return list(groups.values())


def read(key: str, case: Any, constant: str = "") -> Any:
    """The value of source ``key`` for ``case`` (the fixed value for ``constant``)."""
    if key == CONSTANT:
        return constant
    return SOURCES[key].read(case)


def sample(key: str, constant: str = "") -> Any:
    if key == CONSTANT:
        return constant
    return SOURCES[key].sample
