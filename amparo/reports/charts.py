"""A small server-drawn bar chart of a table's total column: no script, it prints, and it reads on a
phone (labels and values are text; each bar is a tiny SVG scaled to the largest value). The table
beside it is always there for screen readers, so the chart itself is hidden from them."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .base import Table


def bar_chart(table: Table) -> SafeString:
    if not table.total_column or not table.rows:
        return mark_safe("")
    items = []
    for row in table.rows:
        shown = table.value(row.key, table.total_column)
        count = row.cells.get(table.total_column, 0) if isinstance(shown, int) else 0
        items.append((str(row.label), shown, count))
    top = max((count for _label, _shown, count in items), default=0) or 1
    parts = ['<ul class="bars" aria-hidden="true">']
    for label, shown, count in items:
        width = round(1000 * count / top) / 10
        parts.append(
            f'<li><span class="bar-label">{escape(label)}</span>'
            f'<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false" '
            f'xmlns="http://www.w3.org/2000/svg"><rect width="{width}" height="10" data-value="{escape(str(shown))}">'
            f'</rect></svg><span class="bar-value">{escape(str(shown))}</span></li>')
    parts.append("</ul>")
    return mark_safe("".join(parts))  # noqa: S308 (every text in it is escaped above)
