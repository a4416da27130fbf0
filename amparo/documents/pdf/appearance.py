"""Appearance streams this package draws itself (pypdf draws text fields and dropdowns)."""

from __future__ import annotations

import re
from typing import Any, cast

from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
)

from .fields import _Field, _Widget

#: The font operator of a default appearance string ("/Helv 0 Tf 0 g" -> "Helv").
_TF = re.compile(r"/([^\s/()<>\[\]]+)\s+[-\d.]+\s+Tf")


def _colour(values: Any, stroke: bool) -> str:
    """PDF colour operator for an /MK colour array (gray, RGB or CMYK); '' for none."""
    numbers = [float(v) for v in values or []]
    operator = {1: "G", 3: "RG", 4: "K"}.get(len(numbers))
    if operator is None:
        return ""
    return " ".join(f"{n:.3f}" for n in numbers) + " " + (operator if stroke else operator.lower())


def _list_appearance(acroform: DictionaryObject, terminal: _Field, widget: _Widget, shown: list[str]) -> StreamObject:
    """A list box drawn as viewers draw it: options from the top, the chosen ones highlighted,
    scrolled so the first chosen one is in view (pypdf's own drawing can hide the selection)."""
    rect = [float(v) for v in cast(ArrayObject, widget.annotation["/Rect"])]
    width, height = abs(rect[2] - rect[0]), abs(rect[3] - rect[1])
    appearance = str(widget.annotation.get("/DA") or terminal.inherited("/DA") or acroform.get("/DA") or "")
    match = _TF.search(appearance)
    font_name = match[1] if match else "Helv"
    size_match = re.search(r"([-\d.]+)\s+Tf", appearance)
    size = float(size_match[1]) if size_match and float(size_match[1]) > 0 else 12.0
    line = size * 1.15
    rows = max(1, int((height - 2) // line))
    displays = [o.display for o in terminal.options]
    chosen = [displays.index(text) for text in shown if text in displays]
    top = 0 if not chosen or min(chosen) < rows else min(chosen) - rows + 1
    characteristics = widget.annotation.get("/MK")
    characteristics = characteristics.get_object() if characteristics is not None else DictionaryObject()
    ops = [f"{_colour(characteristics.get('/BG'), False)} 0 0 {width:.2f} {height:.2f} re f"
           if characteristics.get("/BG") else "",
           "/Tx BMC q", f"1 1 {width - 2:.2f} {height - 2:.2f} re W n"]
    for row, index in enumerate(range(top, min(len(displays), top + rows))):
        baseline = height - 1 - line * (row + 1) + (line - size) / 2 + size * 0.22
        if index in chosen:
            ops.append(f"0.600 0.757 0.855 rg 1 {height - 1 - line * (row + 1):.2f} {width - 2:.2f} {line:.2f} re f")
        text = displays[index].encode("cp1252", errors="replace")
        text = text.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        ops.append(f"0 g BT /{font_name} {size:.2f} Tf 2 {baseline:.2f} Td (" + text.decode("latin-1") + ") Tj ET")
    ops.append("Q EMC")
    border = characteristics.get("/BC")
    if border:
        ops.append(f"{_colour(border, True)} 1 w 0.5 0.5 {width - 1:.2f} {height - 1:.2f} re s")
    stream = DecodedStreamObject()
    stream.set_data("\n".join(op for op in ops if op).encode("latin-1"))
    resources = acroform.get("/DR")
    fonts = resources.get_object().get("/Font") if resources is not None else None
    font = fonts.get_object().get(f"/{font_name}") if fonts is not None else None
    stream.update({
        NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(width), FloatObject(height)]),
        NameObject("/Resources"): DictionaryObject({NameObject("/Font"): DictionaryObject(
            {NameObject(f"/{font_name}"): font} if font is not None else {})}),
    })
    if top:
        terminal.node[NameObject("/TI")] = NumberObject(top)
    else:
        terminal.node.pop("/TI", None)
    return stream


