"""Letters to a client, in the client's language, rendered to PDF with the bundled fonts.

A letter is a layout (letterhead, date, address, greeting, signature: ``documents/letters/layout.html``,
translated with gettext) around a body. The body is the latest ``LetterTemplateVersion`` an
administrator saved for that language, or else the text shipped with Amparo
(``documents/letters/<kind>.<language>.html``). Bodies are Django template text rendered with
plain values only (strings, dates, lists of strings) built here for the recipient: the client's
own name and address, their case's number and kind, what is missing or received, the staff
member who signs. No other party of the case, no notes, no objects an edited template could
walk from, ever reach a letter.

A letter leaves the building, so it never names the kind of a restricted case (asylum, VAWA, U,
T, SIJS, a child's case: 8 CFR 208.6, 8 U.S.C. 1367): ``case.kind`` is then a neutral
"immigration matter", whatever the template says. The letterhead's address and telephone are
those of the case's office (a team's parent office), so "call us" always comes with a number.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template import TemplateSyntaxError, engines
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, pgettext
from pypdf import PdfReader

from amparo.core.i18n import language as in_language
from amparo.core.pdf import html_to_pdf
from amparo.legal.kinds import Kind, Outcome

from .models import ChecklistItem, LetterKind, LetterTemplate, LetterTemplateVersion

LANGUAGES = ("en", "es")


@dataclass(frozen=True)
class Appointment:
    when: dt.datetime
    place: str


def default_body_name(kind: str, language: str) -> str:
    return f"documents/letters/{kind}.{language}.html"


def default_body_source(kind: str, language: str) -> str:
    """The text shipped with Amparo (what an administrator starts editing from)."""
    template = get_template(default_body_name(kind, language))
    return template.template.source  # type: ignore[attr-defined]


def check_body(source: str) -> None:
    """Raise TemplateSyntaxError if ``source`` is not valid template text."""
    engines["django"].from_string(source)


def _body(kind: str, version: LetterTemplateVersion | None, language: str, context: dict[str, Any]) -> str:
    if version is not None:
        return engines["django"].from_string(version.body(language)).render(context)
    return render_to_string(default_body_name(kind, language), context)


def _address_lines(person: Any) -> list[str]:
    address = person.addresses.filter(until__isnull=True).first() or person.addresses.first()
    if address is None:
        return []
    city = " ".join(p for p in (address.city + ("," if address.city and address.state else ""), address.state,
                                address.postcode) if p)
    lines = [address.street, city]
    if address.country and address.country not in ("United States", "Estados Unidos", "USA", "US"):
        lines.append(address.country)
    return [line for line in lines if line]


def center_contact(office: Any = None) -> dict[str, str]:
    """Name, address and telephone on the letterhead: the office's own (a team's parent office's),
    else the center's settings (``AMPARO_CENTER_ADDRESS``, ``AMPARO_CENTER_PHONE``)."""
    place = office
    while place is not None and not (place.address and place.phone) and place.parent_id:
        place = place.parent
    address = (getattr(office, "address", "") or getattr(place, "address", "") or settings.AMPARO_CENTER_ADDRESS)
    phone = (getattr(office, "phone", "") or getattr(place, "phone", "") or settings.AMPARO_CENTER_PHONE)
    return {"name": settings.AMPARO_CENTER_NAME, "address": address, "phone": phone}


def case_kind_for_letter(case: Any) -> str:
    """The kind of case as a letter may print it: a restricted case's kind is never named."""
    if case.restricted or case.compute_restricted():
        return pgettext("letter, instead of a restricted case's kind", "immigration matter")
    return str(case.get_kind_display())


def case_context(*, case: Any, by: Any, appointment: Appointment | None = None) -> dict[str, Any]:
    """Plain values for a letter about ``case`` to its client. Call inside the letter's language."""
    client = case.client
    signer = case.responsible or by
    items = list(ChecklistItem.objects.filter(case=case).order_by("order", "id"))
    lang = get_language() or "en"
    return {
        "client": {"name": client.full_name, "preferred_name": client.preferred_name or client.given_names,
                   "address_lines": _address_lines(client)},
        "center": center_contact(case.office),
        "case": {"number": case.number, "kind": case_kind_for_letter(case),
                 "opened_on": timezone.localtime(case.opened_at).date(),
                 "outcome": str(case.get_outcome_display()) if case.outcome else "",
                 "closed_on": timezone.localtime(case.closed_at).date() if case.closed_at else None},
        "missing": [i.label_in(lang) for i in items if i.status == ChecklistItem.Status.REQUESTED],
        "received": [{"label": i.label_in(lang), "date": timezone.localtime(i.received_at).date()}
                     for i in items if i.received_at and i.status != ChecklistItem.Status.NOT_NEEDED],
        "staff": {"name": getattr(signer, "full_name", "") or getattr(signer, "email", "")},
        "appointment": ({"date": timezone.localtime(appointment.when).date(),
                         "time": timezone.localtime(appointment.when).time(), "place": appointment.place}
                        if appointment else None),
    }


def sample_context() -> dict[str, Any]:
    """Invented values for an administrator's preview."""
    es = (get_language() or "en").startswith("es")
    today = timezone.localdate()
    return {
        "client": {"name": "María José Hernández Quintanilla", "preferred_name": "Majo",
                   "address_lines": ["1234 Calle Ejemplo, Apt. 5", "Los Angeles, CA 90001"]},
        "case": {"number": "#1234", "kind": str(Kind.NATURALIZATION.label), "opened_on": today,
                 "outcome": str(Outcome.GRANTED.label),
                 "closed_on": today},
        "missing": (["Acta de nacimiento", "Declaraciones de impuestos federales de los últimos años"] if es
                    else ["Birth certificate", "Federal tax returns for recent years"]),
        "received": [{"label": "Pasaporte" if es else "Passport", "date": today}],
        "staff": {"name": "Ana Administradora"},
        "center": {**center_contact(), "phone": settings.AMPARO_CENTER_PHONE or "(213) 555-0100",
                   "address": settings.AMPARO_CENTER_ADDRESS or "1234 Main Street, Los Angeles, CA 90006"},
        "appointment": {"date": today + dt.timedelta(days=7), "time": dt.time(10, 30),
                        "place": settings.AMPARO_CENTER_ADDRESS or "1234 Main Street"},
    }


def render_html(*, kind: str, language: str, context: dict[str, Any],
                version: LetterTemplateVersion | None = None) -> str:
    """The whole letter as HTML, in ``language`` (the context must have been built in it too)."""
    with in_language(language) as chosen:
        body = mark_safe(_body(kind, version, chosen, context))  # noqa: S308  (rendered with autoescape)
        return render_to_string("documents/letters/layout.html", {
            **context, "body": body, "title": LetterKind(kind).label, "language": chosen,
            "today": timezone.localdate(),
            "center": context.get("center") or center_contact(),
        })


PAGE_NUMBERS_MARK = "/* page-numbers */"


def _page_numbers_css(language: str) -> str:
    """``@page`` footer "Page 2 of 3" in the letter's language (CSS counters between the words)."""
    with in_language(language):
        text = gettext("Page %(page)s of %(total)s")
    parts: list[str] = []
    for chunk in re.split(r"(%\((?:page|total)\)s)", text):
        if chunk == "%(page)s":
            parts.append("counter(page)")
        elif chunk == "%(total)s":
            parts.append("counter(pages)")
        elif chunk:
            parts.append('"' + chunk.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return ("@page { @bottom-center { content: " + " ".join(parts) + "; font-size: 8.5pt; color: #555; } }")


def render_pdf(html: str) -> bytes:
    """The PDF of a letter. A one-page letter carries no page number (in a filing packet, the
    packet numbers every page, so a cover letter never shows two numbers); a longer letter says
    "Page 1 of 2" at the foot, in its own language."""
    pdf = html_to_pdf(html)
    if PAGE_NUMBERS_MARK not in html or len(PdfReader(io.BytesIO(pdf)).pages) < 2:
        return pdf
    match = re.search(r'<html lang="([a-z-]+)"', html)
    css = _page_numbers_css(match.group(1) if match else "en")
    return html_to_pdf(html.replace(PAGE_NUMBERS_MARK, css, 1))


def current_version(kind: str) -> LetterTemplateVersion | None:
    template = LetterTemplate.objects.filter(kind=kind).first()
    return template.current_version if template else None


__all__ = ["Appointment", "TemplateSyntaxError", "case_context", "case_kind_for_letter", "center_contact",
           "check_body", "current_version",
           "default_body_source", "render_html", "render_pdf", "sample_context"]
