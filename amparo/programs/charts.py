"""Small charts drawn on the server as SVG (no script, nothing inline for the CSP to refuse).

Only numbers and dates go into the markup, plus the title, which is escaped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def _open(width: int, height: int, title: str) -> str:
    return (f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" height="{height}" '
            f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>')


def score_history(points: Sequence[tuple[dt.date, int]], *, maximum: int, bands: Sequence[int], title: str,
                  width: int = 320, height: int = 120) -> SafeString:
    """A line of scores over time, with the band limits as dashed lines."""
    pad = 20
    inner_w, inner_h = width - 2 * pad, height - 2 * pad
    n = len(points)

    def x(i: int) -> float:
        return pad + (inner_w * i / (n - 1) if n > 1 else inner_w / 2)

    def y(v: int) -> float:
        return pad + inner_h - inner_h * int(v) / maximum

    parts = [_open(width, height, title)]
    for limit in bands:
        parts.append(f'<line x1="{pad}" x2="{width - pad}" y1="{y(limit):.1f}" y2="{y(limit):.1f}" stroke="#bbb" '
                     'stroke-dasharray="3 3"/>')
    parts.append(f'<line x1="{pad}" x2="{width - pad}" y1="{pad + inner_h}" y2="{pad + inner_h}" stroke="#888"/>')
    if n:
        path = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, (_d, v) in enumerate(points))
        parts.append(f'<polyline points="{path}" fill="none" stroke="#1f5f8b" stroke-width="2"/>')
        for i, (day, v) in enumerate(points):
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="#1f5f8b"><title>'
                         f'{day.isoformat()}: {int(v)}</title></circle><text x="{x(i):.1f}" y="{y(v) - 6:.1f}" '
                         f'font-size="10" text-anchor="middle">{int(v)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - numbers, dates and an escaped title only


def occupancy_bars(nights: Sequence[tuple[dt.date, int, int]], *, title: str, width: int = 360,
                   height: int = 110) -> SafeString:
    """One bar per night: its height the beds taken, its frame the beds in use."""
    pad = 14
    n = max(len(nights), 1)
    top = max([beds for _n, _o, beds in nights] + [1])
    bar = (width - 2 * pad) / n
    inner_h = height - 2 * pad
    parts = [_open(width, height, title)]
    for i, (night, occupied, beds) in enumerate(nights):
        x = pad + i * bar
        h_beds, h_occ = inner_h * int(beds) / top, inner_h * int(occupied) / top
        w = max(bar - 1, 1)
        parts.append(f'<rect x="{x:.1f}" y="{pad + inner_h - h_beds:.1f}" width="{w:.1f}" height="{h_beds:.1f}" '
                     f'fill="#eef" stroke="#99b"/><rect x="{x:.1f}" y="{pad + inner_h - h_occ:.1f}" width="{w:.1f}" '
                     f'height="{h_occ:.1f}" fill="#1f5f8b"><title>{night.isoformat()}: {int(occupied)}/{int(beds)}'
                     '</title></rect>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - numbers, dates and an escaped title only
