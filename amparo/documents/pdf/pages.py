"""Low-level page surgery shared by form filling and packets: drawing over a page without
disturbing it, flattening form widgets into page content, and stamping page numbers.

Everything is written directly as small content streams with pypdf (no page is re-rendered),
so a 60-page packet is stamped in milliseconds.
"""

from __future__ import annotations

from typing import Any

from pypdf import PageObject, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

HIDDEN, NO_VIEW = 1 << 1, 1 << 5


def _stream(writer: PdfWriter, data: bytes) -> IndirectObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def _resources(page: PageObject) -> DictionaryObject:
    resources = page.get("/Resources")
    if resources is None:
        resources = DictionaryObject()
        page[NameObject("/Resources")] = resources
    return resources.get_object()


def _subresource(page: PageObject, kind: str) -> DictionaryObject:
    resources = _resources(page)
    entry = resources.get(kind)
    if entry is None:
        entry = DictionaryObject()
        resources[NameObject(kind)] = entry
    return entry.get_object()


def draw_over(writer: PdfWriter, page: PageObject, content: bytes, *, opening: IndirectObject | None = None) -> None:
    """Draw ``content`` on top of ``page``: the page's own content is wrapped in q ... Q so whatever
    graphics state it leaves behind cannot shift or recolour what is drawn over it.

    ``opening`` may be a shared ``q`` stream (from :func:`opening_stream`) to avoid one per page.
    """
    contents = page.get("/Contents")
    existing: list[Any] = []
    if contents is not None:
        resolved = contents.get_object()
        existing = list(resolved) if isinstance(resolved, ArrayObject) else [contents]
    first = opening if opening is not None else _stream(writer, b"q\n")
    page[NameObject("/Contents")] = ArrayObject([first, *existing, _stream(writer, b"\nQ\n" + content)])


def opening_stream(writer: PdfWriter) -> IndirectObject:
    """A ``q`` content stream that every page of one writer can share."""
    return _stream(writer, b"q\n")


def _number(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".") or "0"


def _bbox_in_form_space(stream: StreamObject) -> tuple[float, float, float, float]:
    bbox = [float(v) for v in stream.get("/BBox", [0, 0, 0, 0])]
    a, b, c, d, e, f = [float(v) for v in stream.get("/Matrix", [1, 0, 0, 1, 0, 0])]
    corners = [(bbox[0], bbox[1]), (bbox[2], bbox[1]), (bbox[0], bbox[3]), (bbox[2], bbox[3])]
    xs = [a * x + c * y + e for x, y in corners]
    ys = [b * x + d * y + f for x, y in corners]
    return min(xs), min(ys), max(xs), max(ys)


def _give_fonts(stream: StreamObject, default_resources: DictionaryObject | None) -> None:
    """Appearance streams may name fonts they leave to the form's default resources (/DR), which
    a viewer looks up for a live field; drawn as page content, they must carry them."""
    if default_resources is None or "/Font" not in default_resources:
        return
    resources = stream.get("/Resources")
    if resources is None:
        resources = DictionaryObject()
        stream[NameObject("/Resources")] = resources
    resources = resources.get_object()
    fonts = resources.get("/Font")
    if fonts is None:
        fonts = DictionaryObject()
        resources[NameObject("/Font")] = fonts
    fonts = fonts.get_object()
    for name, font in default_resources["/Font"].get_object().items():
        if name not in fonts:
            fonts[NameObject(name)] = font


def flatten_widgets(writer: PdfWriter, pages: list[PageObject], *,
                    default_resources: DictionaryObject | None = None) -> int:
    """Turn every visible form widget on ``pages`` into page content (its current appearance) and
    remove the widget, so fields can no longer be changed and show the same in every viewer.
    Other annotations (links, comments) stay. ``default_resources`` is the form's /DR (fonts the
    appearances may rely on). Returns the number of widgets flattened."""
    flattened = 0
    for page in pages:
        annotations = page.get("/Annots")
        if annotations is None:
            continue
        keep = ArrayObject()
        drawing: list[str] = []
        xobjects: DictionaryObject | None = None
        for reference in annotations.get_object():
            annotation = reference.get_object()
            if annotation.get("/Subtype") != "/Widget":
                keep.append(reference)
                continue
            flags = int(annotation.get("/F", 0))
            appearance = annotation.get("/AP")
            normal = appearance.get_object().get("/N") if appearance is not None else None
            normal = normal.get_object() if normal is not None else None
            if normal is not None and not isinstance(normal, StreamObject):
                state = annotation.get("/AS")
                normal = normal.get(state).get_object() if state is not None and state in normal else None
            if normal is None or flags & (HIDDEN | NO_VIEW) or "/Rect" not in annotation:
                continue
            normal[NameObject("/Type")] = NameObject("/XObject")
            normal[NameObject("/Subtype")] = NameObject("/Form")
            if "/BBox" not in normal:
                continue
            _give_fonts(normal, default_resources)
            x0, y0, x1, y1 = _bbox_in_form_space(normal)
            rect = [float(v) for v in annotation["/Rect"]]
            rx0, rx1 = sorted((rect[0], rect[2]))
            ry0, ry1 = sorted((rect[1], rect[3]))
            sx = (rx1 - rx0) / (x1 - x0) if x1 - x0 else 1.0
            sy = (ry1 - ry0) / (y1 - y0) if y1 - y0 else 1.0
            if xobjects is None:
                xobjects = _subresource(page, "/XObject")
            name = f"/AmpFlat{flattened}"
            while NameObject(name) in xobjects:
                name += "x"
            ref = normal.indirect_reference if normal.indirect_reference is not None else writer._add_object(normal)
            xobjects[NameObject(name)] = ref
            matrix = " ".join(_number(v) for v in (sx, 0, 0, sy, rx0 - x0 * sx, ry0 - y0 * sy))
            drawing.append(f"q {matrix} cm {name} Do Q")
            flattened += 1
        if keep:
            page[NameObject("/Annots")] = keep
        else:
            del page["/Annots"]
        if drawing:
            draw_over(writer, page, "\n".join(drawing).encode())
    return flattened


# -- page numbers ---------------------------------------------------------------------------------

# Helvetica advance widths (per 1000 units) for the characters of page stamps; 556 otherwise.
_HELVETICA = {" ": 278, "P": 667, "f": 278, "i": 222, "l": 222, "t": 278, "r": 333, "-": 333, "/": 278,
              "I": 278, "J": 500, "(": 333, ")": 333, ".": 278, ",": 278, ":": 278}


def text_width(text: str, size: float) -> float:
    """Width of ``text`` in Helvetica at ``size`` points (for centring stamps)."""
    return sum(_HELVETICA.get(char, 556) for char in text) * size / 1000


def stamp_font(writer: PdfWriter) -> IndirectObject:
    """Helvetica with the Windows Latin 1 encoding (every Spanish letter), shared by all stamps."""
    return writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"), NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    }))


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def stamp_text(writer: PdfWriter, page: PageObject, text: str, *, font: IndirectObject,
               opening: IndirectObject | None = None, size: float = 9, margin: float = 16) -> None:
    """Stamp ``text`` centred at the foot of ``page`` as the reader sees it (whatever the page's
    rotation or crop box), on a small white band so it reads over scanned evidence."""
    box = page.cropbox
    x0, y0, x1, y1 = float(box.left), float(box.bottom), float(box.right), float(box.top)
    rotation = int(page.get("/Rotate", 0) or 0) % 360
    shown_width = (y1 - y0) if rotation in (90, 270) else (x1 - x0)
    width = text_width(text, size)
    xd, yd = (shown_width - width) / 2, margin
    if rotation == 90:
        matrix = (0, 1, -1, 0, x1 - yd, y0 + xd)
    elif rotation == 180:
        matrix = (-1, 0, 0, -1, x1 - xd, y1 - yd)
    elif rotation == 270:
        matrix = (0, -1, 1, 0, x0 + yd, y1 - xd)
    else:
        matrix = (1, 0, 0, 1, x0 + xd, y0 + yd)
    fonts = _subresource(page, "/Font")
    fonts[NameObject("/AmparoStamp")] = font
    pad = 3.0
    cm = " ".join(_number(v) for v in matrix)
    content = (f"q {cm} cm 1 g {_number(-pad)} {_number(-pad)} {_number(width + 2 * pad)} "
               f"{_number(size + 2 * pad - 2)} re f 0 g BT /AmparoStamp {_number(size)} Tf 0 0 Td (").encode()
    content += _escape(text) + b") Tj ET Q\n"
    draw_over(writer, page, content, opening=opening)


