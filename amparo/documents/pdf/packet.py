"""Filing packets: a cover letter, filled forms and evidence merged into one PDF ready to file.

Layout, in order:

1. the cover letter (if any);
2. the forms, each flattened (fields become page content, so values show in every viewer and
   two copies of the same form cannot collide);
3. the exhibit index: one line per exhibit (A, B, C..., AA after Z) with its title and pages;
4. per exhibit, a separator page ("Exhibit A" and its title) followed by the evidence (PDF pages
   as they are, JPEG/PNG images each on a Letter page);

with bookmarks (one per part and per exhibit, "Exhibit A — Birth certificate") and "Page N of M"
stamped at the foot of every page, all in the packet's language (English or Spanish).

:func:`build_packet` is pure (bytes in, bytes out, no shared state, no lock): any number of
worker processes can build packets at once.
"""

from __future__ import annotations

import html
import io
import logging
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from amparo.core.i18n import language as in_language

from .acroform import fill_form, needs_appearances
from .errors import DamagedImage, DamagedPdf, PdfProblem, UnsupportedFile
from .pages import (
    add_text_page,
    draw_over,
    flatten_widgets,
    opening_stream,
    stamp_font,
    stamp_text,
    stampable,
    wrap,
)
from .reading import READ_ERRORS, looks_like_pdf, open_pdf, read_source

LETTER = (612.0, 792.0)

# fontTools (WeasyPrint's font subsetter when HarfBuzz's is missing) logs dozens of INFO lines
# per rendered font: noise in the logs of every packet.
logging.getLogger("fontTools").setLevel(logging.WARNING)
IMAGE_MARGIN = 36.0


@dataclass(frozen=True)
class PacketItem:
    """One document of a packet: its title (shown in bookmarks and the exhibit index) and its
    content, a PDF or a JPEG/PNG image, as bytes or a path."""

    title: str
    content: bytes | Path


@dataclass
class _Image:
    stream: StreamObject
    width: int
    height: int


@dataclass
class _Part:
    title: str
    reader: PdfReader | None = None
    image: _Image | None = None
    letter: str = ""

    @property
    def pages(self) -> int:
        return len(self.reader.pages) if self.reader is not None else 1


def exhibit_letter(number: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA", 27 -> "AB"... (the lettering of exhibit tabs)."""
    letters = ""
    number += 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _image_is_complete(data: bytes) -> bool:
    """A truncated upload is refused by its structure, whatever Pillow's global
    LOAD_TRUNCATED_IMAGES says (WeasyPrint turns it on for the whole process)."""
    if data[:3] == b"\xff\xd8\xff":
        # The last scan must be followed by the end-of-image marker; in compressed data 0xFF is
        # always followed by 0x00, so neither marker can occur by chance.
        last_scan = data.rfind(b"\xff\xda")
        return last_scan != -1 and data.find(b"\xff\xd9", last_scan) != -1
    return b"IEND" in data[-64:]


def _image(data: bytes, title: str) -> _Image:
    from PIL import Image, ImageOps

    if not _image_is_complete(data):
        raise DamagedImage(item=title, detail="truncated")
    try:
        with Image.open(io.BytesIO(data)) as picture:
            orientation = picture.getexif().get(0x0112, 1)
            stream = StreamObject()
            if picture.format == "JPEG" and picture.mode in ("RGB", "L") and orientation == 1:
                # The JPEG goes in as it is: no re-compression, no loss.
                mode = picture.mode
                width, height = picture.size
                # decoded at 1/8 scale, which still reads every byte: a corrupt photo is
                # refused here instead of showing broken in the packet
                picture.draft(mode, (max(1, width // 8), max(1, height // 8)))
                picture.load()
                stream._data = data
                stream[NameObject("/Filter")] = NameObject("/DCTDecode")
            else:
                picture.load()
                upright = ImageOps.exif_transpose(picture) or picture
                if upright.mode in ("RGBA", "LA", "P", "PA"):
                    rgba = upright.convert("RGBA")
                    flat = Image.new("RGB", rgba.size, (255, 255, 255))
                    flat.paste(rgba, mask=rgba.getchannel("A"))
                    upright = flat
                elif upright.mode not in ("RGB", "L"):
                    upright = upright.convert("RGB")
                mode = upright.mode
                width, height = upright.size
                if picture.format == "JPEG":  # a photo turned upright: stays a JPEG
                    encoded = io.BytesIO()
                    upright.save(encoded, "JPEG", quality=92)
                    stream._data = encoded.getvalue()
                    stream[NameObject("/Filter")] = NameObject("/DCTDecode")
                else:
                    stream._data = zlib.compress(upright.tobytes(), 6)
                    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError) as exc:
        raise DamagedImage(item=title, detail=str(exc)) from exc
    stream.update({
        NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Image"),
        NameObject("/Width"): NumberObject(width), NameObject("/Height"): NumberObject(height),
        NameObject("/ColorSpace"): NameObject("/DeviceGray" if mode == "L" else "/DeviceRGB"),
        NameObject("/BitsPerComponent"): NumberObject(8),
    })
    return _Image(stream=stream, width=width, height=height)


def _load(item: PacketItem) -> _Part:
    title = item.title
    try:
        data = read_source(item.content)
    except OSError as exc:
        raise DamagedPdf(item=title, detail=str(exc)) from exc
    if looks_like_pdf(data):
        reader = open_pdf(data, item=title)
        if "/AcroForm" in reader.root_object and needs_appearances(reader):
            # filled by a tool that left drawing to the viewer: draw the values before flattening
            try:
                reader = open_pdf(fill_form(data, {}, flatten=True), item=title)
            except PdfProblem as problem:
                raise problem.with_item(title) from problem
        return _Part(title=title, reader=reader)
    if data[:3] == b"\xff\xd8\xff" or data[:8] == b"\x89PNG\r\n\x1a\n":
        return _Part(title=title, image=_image(data, title))
    raise UnsupportedFile(item=title)


def _add_image_page(writer: PdfWriter, image: _Image) -> None:
    landscape = image.width > image.height
    width, height = (LETTER[1], LETTER[0]) if landscape else LETTER
    page = writer.add_page(PageObject.create_blank_page(width=width, height=height))
    scale = min((width - 2 * IMAGE_MARGIN) / image.width, (height - 2 * IMAGE_MARGIN) / image.height)
    shown_w, shown_h = image.width * scale, image.height * scale
    x, y = (width - shown_w) / 2, (height - shown_h) / 2
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/XObject"): DictionaryObject({NameObject("/Im0"): writer._add_object(image.stream)})})
    draw_over(writer, page, f"q {shown_w:.3f} 0 0 {shown_h:.3f} {x:.3f} {y:.3f} cm /Im0 Do Q".encode())


def _add_pdf(writer: PdfWriter, part: _Part) -> int:
    """Append the part's pages, flattening any form fields; returns its first page's index."""
    assert part.reader is not None
    start = len(writer.pages)
    try:
        writer.append(part.reader, import_outline=False)
        added = list(writer.pages[start:])
        if any("/Annots" in page for page in added):
            acroform = part.reader.root_object.get("/AcroForm")
            resources = acroform.get_object().get("/DR") if acroform is not None else None
            flatten_widgets(writer, added, default_resources=(
                resources.get_object().clone(writer) if resources is not None else None))
    except PdfProblem:
        raise
    except READ_ERRORS as exc:
        raise DamagedPdf(item=part.title, detail=f"{type(exc).__name__}: {exc}") from exc
    return start


# -- the exhibit index and separator pages ---------------------------------------------------------


# One face only (no bold): every face used costs a font subset, the most expensive step of a packet.
_STYLE = """
@page { size: letter; margin: 0.9in 0.9in 1in 0.9in; }
body { font-size: 11pt; color: #000; }
h1, th, b, strong { font-weight: normal; }
h1 { font-size: 18pt; margin: 0 0 0.2em 0; }
.packet { color: #333; margin: 0 0 1.2em 0; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 0.35em 0.4em; border-bottom: 0.5pt solid #999; vertical-align: top; }
th { border-bottom: 1.5pt solid #000; }
th.pages, td.pages { text-align: right; white-space: nowrap; }
td.letter { width: 4em; font-size: 12pt; }
.separator { break-before: page; text-align: center; padding-top: 3in; }
.separator .tab { font-size: 44pt; letter-spacing: 0.05em; }
.separator .title { font-size: 16pt; margin-top: 0.6em; }
"""


def _pages_label(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}–{end}"


def _index_html(title: str, language: str, exhibits: Sequence[_Part], ranges: Sequence[tuple[int, int]],
                *, separators: bool) -> str:
    heading, exhibit, description, pages = _("Exhibit index"), _("Exhibit"), _("Description"), _("Pages")
    rows = "".join(
        f'<tr><td class="letter">{html.escape(part.letter)}</td><td>{html.escape(part.title)}</td>'
        f'<td class="pages">{_pages_label(*span)}</td></tr>'
        for part, span in zip(exhibits, ranges, strict=True))
    tabs = []
    for part in exhibits if separators else ():
        tabs.append(f'<section class="separator"><div class="tab">{html.escape(_tab(part))}</div>'
                    f'<div class="title">{html.escape(part.title)}</div></section>')
    return (
        f'<!doctype html><html lang="{html.escape(language)}"><head><meta charset="utf-8">'
        f"<style>{_STYLE}</style></head><body>"
        f'<h1>{html.escape(heading)}</h1><p class="packet">{html.escape(title)}</p>'
        f'<table><thead><tr><th>{html.escape(exhibit)}</th><th>{html.escape(description)}</th>'
        f'<th class="pages">{html.escape(pages)}</th></tr></thead><tbody>{rows}</tbody></table>'
        f'{"".join(tabs)}</body></html>')


def _tab(part: _Part) -> str:
    return str(_("Exhibit %(letter)s") % {"letter": part.letter})


def _exhibit_ranges(first_page: int, exhibits: Sequence[_Part]) -> list[tuple[int, int]]:
    """1-based (separator page, last page) of each exhibit when the first separator is ``first_page``."""
    ranges = []
    page = first_page
    for part in exhibits:
        ranges.append((page, page + part.pages))
        page += part.pages + 1
    return ranges


def _render_index(title: str, language: str, before: int, exhibits: Sequence[_Part],
                  *, separators: bool) -> tuple[PdfReader, int]:
    """The index (and, with ``separators``, one separator page per exhibit after it), with page
    numbers that account for the index's own length; returns the pages and how many are index."""
    from amparo.core.pdf import html_to_pdf

    index_pages = 1
    for _attempt in range(4):
        ranges = _exhibit_ranges(before + index_pages + 1, exhibits)
        html_text = _index_html(title, language, exhibits, ranges, separators=separators)
        rendered = PdfReader(io.BytesIO(html_to_pdf(html_text)))
        actual = len(rendered.pages) - (len(exhibits) if separators else 0)
        if actual == index_pages:
            return rendered, index_pages
        index_pages = actual
    raise RuntimeError("the exhibit index does not settle on a page count")  # pragma: no cover


def _add_separator(writer: PdfWriter, part: _Part, font: Any) -> None:
    """A separator page drawn directly (no HTML render): the tab in large letters, the title below."""
    lines = [(_tab(part), 44.0, 252.0)]
    for number, line in enumerate(wrap(part.title, 18, 612 - 2 * 72)[:8]):
        lines.append((line, 18.0, 300.0 + 24 * number))
    add_text_page(writer, lines, font=font)


# -- the packet ------------------------------------------------------------------------------------


def build_packet(*, cover: bytes | None, forms: list[PacketItem], exhibits: list[PacketItem], title: str,
                 language: str, progress: Callable[[int, int], None] | None = None) -> bytes:
    """One PDF: cover letter, flattened forms, exhibit index, and each exhibit behind its
    separator page, with bookmarks and "Page N of M" on every page, in ``language`` ("en"/"es").

    ``progress(done, total)`` is called as the work advances (one step per document, then the
    index, the assembly and the numbering). A document that cannot be used raises a
    :class:`PdfProblem` naming it by its title (``item``): damaged, password-protected, or
    neither a PDF nor a JPEG/PNG image.
    """
    total_steps = (1 if cover else 0) + len(forms) + len(exhibits) + 3
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total_steps)

    with in_language(language) as chosen:
        cover_label = _("Cover letter")
        cover_part = None
        if cover is not None:
            cover_part = _load(PacketItem(title=cover_label, content=cover))
            step()
        form_parts = []
        for item in forms:
            form_parts.append(_load(item))
            step()
        exhibit_parts = []
        for number, item in enumerate(exhibits):
            part = _load(item)
            part.letter = exhibit_letter(number)
            exhibit_parts.append(part)
            step()

        before = (cover_part.pages if cover_part else 0) + sum(p.pages for p in form_parts)
        index_reader = None
        index_pages = 0
        # Separator pages are drawn directly with the standard Helvetica (milliseconds each) when
        # every tab and title can be written in it; otherwise they are rendered with the index in
        # the bundled font, which has every letter.
        drawn_separators = all(stampable(_tab(part)) and stampable(part.title) for part in exhibit_parts)
        if exhibit_parts:
            index_reader, index_pages = _render_index(title, chosen, before, exhibit_parts,
                                                      separators=not drawn_separators)
        step()

        writer = PdfWriter()
        font = stamp_font(writer)
        # (title, page index, key of this entry, key of its parent entry)
        outline: list[tuple[str, int, str, str | None]] = []
        if cover_part is not None:
            outline.append((cover_label, _add_part(writer, cover_part), "cover", None))
        if form_parts:
            outline.append((_("Forms"), len(writer.pages), "forms", None))
            for number, part in enumerate(form_parts):
                outline.append((part.title, _add_part(writer, part), f"form{number}", "forms"))
        if index_reader is not None:
            outline.append((_("Exhibit index"), len(writer.pages), "index", None))
            for page in index_reader.pages[:index_pages]:
                writer.add_page(page)
            outline.append((_("Exhibits"), len(writer.pages), "exhibits", None))
            for number, part in enumerate(exhibit_parts):
                separator = len(writer.pages)
                if drawn_separators:
                    _add_separator(writer, part, font)
                else:
                    writer.add_page(index_reader.pages[index_pages + number])
                label = _("Exhibit %(letter)s — %(title)s") % {"letter": part.letter, "title": part.title}
                outline.append((label, separator, f"exhibit{number}", "exhibits"))
                _add_part(writer, part)
        step()

        entries: dict[str, Any] = {}
        for label, page_index, key, parent in outline:
            entries[key] = writer.add_outline_item(
                title=label, page_number=page_index, parent=entries[parent] if parent else None)

        total = len(writer.pages)
        opening = opening_stream(writer)
        template = _("Page %(page)s of %(total)s")
        for number, page in enumerate(writer.pages, start=1):
            stamp_text(writer, page, template % {"page": number, "total": total}, font=font, opening=opening)
        writer.root_object.pop("/AcroForm", None)
        writer.root_object[NameObject("/PageMode")] = NameObject("/UseOutlines")
        writer.root_object[NameObject("/Lang")] = TextStringObject(chosen)
        writer.add_metadata({"/Title": title, "/Producer": "Amparo"})
        out = io.BytesIO()
        writer.write(out)
        step()
        return out.getvalue()


def _add_part(writer: PdfWriter, part: _Part) -> int:
    if part.image is not None:
        start = len(writer.pages)
        _add_image_page(writer, part.image)
        return start
    return _add_pdf(writer, part)


__all__ = ["PacketItem", "build_packet", "exhibit_letter"]
