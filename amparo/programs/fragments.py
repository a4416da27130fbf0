"""HTML fragments built in Python for the pages' longest tables.

The bed board lists every bed in use (hundreds of rows); rendering each row through the template
engine cost most of the page (about 1,800 template nodes for 120 beds). The rows are the same
markup the template wrote, built with ``format_html`` (every value escaped) and translated once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def bed_rows(rows: Iterable[Any]) -> SafeString:
    """The ``<tr>`` of each bed on the board: where, free or whose tonight, features."""
    taken, free = pgettext("bed", "Taken"), pgettext("bed", "Free")
    features = (("accessible", _("accessible")), ("crib", _("crib")), ("family_room", _("family room")))

    def cells(row: Any) -> tuple[Any, ...]:
        if row.person_id:
            tonight = format_html('<span class="status">{}</span> <a href="/programs/clients/{}/">{}</a>', taken,
                                  row.person_id, row.person_name)
        else:
            tonight = format_html('<span class="status-eligible">{}</span>', free)
        return (row.site, row.room, row.label, tonight,
                " ".join(str(label) for field, label in features if getattr(row, field)))

    return format_html_join("\n", "<tr><td>{} · {} · {}</td><td>{}</td><td>{}</td></tr>", (cells(r) for r in rows))
