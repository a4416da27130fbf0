"""HTML to PDF with WeasyPrint and the fonts bundled in ``amparo/core/fonts``.

Every generated document (letters, receipts, reports, packet pages) goes through
:func:`html_to_pdf`, so accents and ñ render the same on any server, whatever fonts the machine
has: the bundled DejaVu Sans (free licence, LICENSE-DejaVu.txt beside the fonts) is declared with
``@font-face`` under the family name ``Amparo Sans`` and used as the default body font.
"""

from __future__ import annotations

import atexit
from functools import cache
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "Amparo Sans"

_FACES = (
    ("DejaVuSans.ttf", "normal", "normal"),
    ("DejaVuSans-Bold.ttf", "bold", "normal"),
    ("DejaVuSans-Oblique.ttf", "normal", "italic"),
    ("DejaVuSans-BoldOblique.ttf", "bold", "italic"),
)


@cache
def font_css() -> str:
    """The @font-face rules for the bundled fonts, plus the default body font."""
    faces = "\n".join(
        f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{(FONT_DIR / name).as_uri()}"); '
        f"font-weight: {weight}; font-style: {style}; }}"
        for name, weight, style in _FACES
    )
    return f'{faces}\nhtml {{ font-family: "{FONT_FAMILY}", sans-serif; }}\n'


@cache
def _stylesheet():  # type: ignore[no-untyped-def]
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    config = FontConfiguration()
    return CSS(string=font_css(), font_config=config), config


# Let the cached font configuration go while the interpreter is whole (its finaliser needs it).
atexit.register(_stylesheet.cache_clear)


def html_to_pdf(html: str, *, base_url: str | None = None, uncompressed: bool = False) -> bytes:
    """Render ``html`` to PDF bytes with the bundled fonts (the template's own CSS still applies
    and may name other families; the bundled one is the default)."""
    from weasyprint import HTML

    stylesheet, config = _stylesheet()
    return HTML(string=html, base_url=base_url).write_pdf(
        stylesheets=[stylesheet], font_config=config, uncompressed_pdf=uncompressed)
