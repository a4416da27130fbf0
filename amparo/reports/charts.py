"""A small server-drawn SVG bar chart of a table's total column: no script, prints, and the table
beside it is always there for screen readers."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .base import Table

BAR_HEIGHT = 22
LABEL_WIDTH = 260
WIDTH = 640


def bar_chart(table: Table) -> SafeString:
    if not table.total_column or not table.rows:
        return mark_safe("")
    items = []
    for row in table.rows:
        shown = table.value(row.key, table.total_column)
        count = row.cells.get(table.total_column, 0) if isinstance(shown, int) else 0
        items.append((str(row.label), shown, count))
    top = max((count for _label, _shown, count in items), default=0) or 1
    height = BAR_HEIGHT * len(items) + 8
    room = WIDTH - LABEL_WIDTH - 60
    parts = [f'<svg class="chart" role="img" aria-hidden="true" focusable="false" viewBox="0 0 {WIDTH} {height}" '
             f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">']
    for i, (label, shown, count) in enumerate(items):
        y = 4 + i * BAR_HEIGHT
        width = round(room * count / top)
        short = label if len(label) <= 40 else label[:39] + "…"
        parts.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end" font-size="12">'
                     f'{escape(short)}</text>')
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{width}" height="{BAR_HEIGHT - 6}" '
                     f'fill="#1f5f8b" data-value="{escape(str(shown))}"></rect>')
        parts.append(f'<text x="{LABEL_WIDTH + width + 6}" y="{y + 15}" font-size="12">{escape(str(shown))}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text in it is escaped above)
