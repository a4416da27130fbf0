"""Fillable PDF forms (AcroForm): list their fields, fill them, optionally flatten them.

``inspect_form(pdf)`` lists every field a person could fill, by its full name
(``form1.Pt1Line1a_FamilyName``), with its kind, options and current value.
``fill_form(pdf, values)`` fills them so the result looks right in any viewer: text and choice
fields get new appearance streams, checkboxes and radio buttons are switched to the on-state
their own widgets draw (``/Yes``, ``/On``, ``/1``...), and viewers are asked to refresh
appearances (NeedAppearances) unless the form is flattened into plain page content.
Every value is checked before anything is written; all problems are reported together in a
:class:`~amparo.documents.pdf.errors.FormValueError`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any, cast

from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)
from pypdf.generic._appearance_stream import TextStreamAppearance

from .errors import DamagedPdf, FormValueError, NoFormFields, Problem, XfaOnlyForm
from .pages import flatten_widgets
from .reading import READ_ERRORS, Source, open_pdf, read_source

# Field flags (PDF 32000-1, tables 221, 226, 228, 230)
READ_ONLY, REQUIRED = 1 << 0, 1 << 1
MULTILINE, PASSWORD = 1 << 12, 1 << 13
RADIO, PUSHBUTTON = 1 << 15, 1 << 16
COMBO, EDIT, MULTI_SELECT = 1 << 17, 1 << 18, 1 << 21


class FieldKind(StrEnum):
    TEXT = "text"
    MULTILINE_TEXT = "multiline_text"
    CHECKBOX = "checkbox"
    RADIO = "radio"
    COMBO = "combo"
    LIST = "list"
    BUTTON = "button"
    SIGNATURE = "signature"


#: Kinds that hold no value a program can set.
NOT_FILLABLE = frozenset({FieldKind.BUTTON, FieldKind.SIGNATURE})


@dataclass(frozen=True)
class Option:
    """One choice of a radio group, checkbox, dropdown or list: the value stored and the text shown."""

    export: str
    display: str


@dataclass(frozen=True)
class FieldInfo:
    """A field as an administrator needs to see it to map case data onto it.

    ``value`` is the current value: text for text fields, ``True``/``False`` for a checkbox,
    the export value for a radio group or dropdown (``None`` when nothing is chosen), a list of
    export values for a list box. ``pages`` are 1-based page numbers where the field shows.
    """

    name: str
    kind: FieldKind
    value: str | bool | list[str] | None
    options: tuple[Option, ...] = ()
    max_length: int | None = None
    read_only: bool = False
    required: bool = False
    editable: bool = False
    multi_select: bool = False
    label: str = ""
    pages: tuple[int, ...] = ()

    @property
    def fillable(self) -> bool:
        return self.kind not in NOT_FILLABLE

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form of the field."""
        return {
            "name": self.name, "kind": str(self.kind), "value": self.value,
            "options": [{"export": o.export, "display": o.display} for o in self.options],
            "max_length": self.max_length, "read_only": self.read_only, "required": self.required,
            "editable": self.editable, "multi_select": self.multi_select, "label": self.label,
            "pages": list(self.pages), "fillable": self.fillable,
        }


# -- reading the field tree ---------------------------------------------------------------------


@dataclass
class _Widget:
    annotation: DictionaryObject
    page: int | None  # 0-based
    on_state: str | None  # "/Yes", "/On", "/1"... for buttons


@dataclass
class _Field:
    name: str
    node: DictionaryObject  # the terminal field dictionary (may also be its only widget)
    kind: FieldKind
    flags: int
    widgets: list[_Widget] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)

    def inherited(self, key: str, default: Any = None) -> Any:
        node: Any = self.node
        seen = 0
        while node is not None and seen < 64:
            if key in node:
                return node[key].get_object() if hasattr(node[key], "get_object") else node[key]
            parent = node.get("/Parent")
            node = parent.get_object() if parent is not None else None
            seen += 1
        return default


def _text(value: Any) -> str:
    value = value.get_object() if hasattr(value, "get_object") else value
    if isinstance(value, NameObject):
        return str(value)[1:]
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value)


def _on_state(annotation: DictionaryObject) -> str | None:
    appearance = annotation.get("/AP")
    if appearance is not None:
        normal = appearance.get_object().get("/N")
        if normal is not None and isinstance(normal.get_object(), DictionaryObject) \
                and not isinstance(normal.get_object(), StreamObject):
            states = [str(key) for key in normal.get_object() if str(key) != "/Off"]
            if states:
                return states[0]
    state = annotation.get("/AS")
    if state is not None and str(state) != "/Off":
        return str(state)
    return None


def _kind(field_type: str | None, flags: int) -> FieldKind | None:
    if field_type == "/Tx":
        return FieldKind.MULTILINE_TEXT if flags & MULTILINE else FieldKind.TEXT
    if field_type == "/Btn":
        if flags & PUSHBUTTON:
            return FieldKind.BUTTON
        return FieldKind.RADIO if flags & RADIO else FieldKind.CHECKBOX
    if field_type == "/Ch":
        return FieldKind.COMBO if flags & COMBO else FieldKind.LIST
    if field_type == "/Sig":
        return FieldKind.SIGNATURE
    return None


def _widget_pages(pdf: PdfReader | PdfWriter) -> dict[int, int]:
    """Object number of each widget annotation -> the 0-based page it is on."""
    where: dict[int, int] = {}
    for number, page in enumerate(pdf.pages):
        annotations = page.get("/Annots")
        if annotations is None:
            continue
        for reference in annotations.get_object():
            if getattr(reference, "idnum", None) is not None:
                where.setdefault(reference.idnum, number)
    return where


def _collect(pdf: PdfReader | PdfWriter) -> list[_Field]:
    root = pdf.root_object
    acroform = root.get("/AcroForm")
    acroform = acroform.get_object() if acroform is not None else None
    top = acroform.get("/Fields") if acroform is not None else None
    top = top.get_object() if top is not None else []
    if not top:
        if acroform is not None and "/XFA" in acroform:
            raise XfaOnlyForm()
        raise NoFormFields()
    pages = _widget_pages(pdf)
    found: list[_Field] = []
    seen: set[int] = set()

    def walk(reference: Any, prefix: str) -> None:
        idnum = getattr(reference, "idnum", None)
        if idnum is not None:
            if idnum in seen:
                return
            seen.add(idnum)
        node = reference.get_object()
        if not isinstance(node, DictionaryObject):
            return
        partial = _text(node["/T"]) if "/T" in node else ""
        name = f"{prefix}.{partial}" if prefix and partial else (partial or prefix)
        kids = list(node.get("/Kids", ArrayObject()).get_object())
        child_fields = [kid for kid in kids if "/T" in kid.get_object()]
        if child_fields:
            for kid in child_fields:
                walk(kid, name)
            return
        terminal = _Field(name=name, node=node, kind=FieldKind.TEXT, flags=0)
        field_type = terminal.inherited("/FT")
        terminal.flags = int(terminal.inherited("/Ff", 0) or 0)
        kind = _kind(str(field_type) if field_type is not None else None, terminal.flags)
        if kind is None:
            return
        terminal.kind = kind
        widget_refs = kids if kids else ([reference] if node.get("/Subtype") == "/Widget" or "/Rect" in node else [])
        for widget_ref in widget_refs:
            annotation = widget_ref.get_object()
            terminal.widgets.append(_Widget(
                annotation=annotation, page=pages.get(getattr(widget_ref, "idnum", -1)),
                on_state=_on_state(annotation) if kind in (FieldKind.CHECKBOX, FieldKind.RADIO) else None))
        terminal.options = _options(terminal)
        found.append(terminal)

    for reference in top:
        walk(reference, "")
    if not found:
        raise NoFormFields()
    return found


def _options(terminal: _Field) -> list[Option]:
    if terminal.kind in (FieldKind.COMBO, FieldKind.LIST):
        options = []
        for entry in terminal.inherited("/Opt", ArrayObject()) or []:
            entry = entry.get_object()
            if isinstance(entry, ArrayObject) and len(entry) >= 2:
                options.append(Option(export=_text(entry[0]), display=_text(entry[1])))
            else:
                options.append(Option(export=_text(entry), display=_text(entry)))
        return options
    if terminal.kind in (FieldKind.CHECKBOX, FieldKind.RADIO):
        labels = terminal.inherited("/Opt")
        options = []
        for number, widget in enumerate(terminal.widgets):
            if widget.on_state is None:
                continue
            state = widget.on_state[1:]
            export = state
            if labels is not None and number < len(labels):
                export = _text(labels[number])
            option = Option(export=export, display=state)
            if option not in options:
                options.append(option)
        return options
    return []


def _current_value(terminal: _Field) -> str | bool | list[str] | None:
    value = terminal.inherited("/V")
    if terminal.kind == FieldKind.CHECKBOX:
        return value is not None and str(value) not in ("/Off", "")
    if terminal.kind == FieldKind.RADIO:
        if value is None or str(value) in ("/Off", ""):
            return None
        for option in terminal.options:
            if f"/{option.display}" == str(value):
                return option.export
        return _text(value)
    if value is None:
        return [] if terminal.kind == FieldKind.LIST and terminal.flags & MULTI_SELECT else ("" if terminal.kind in (
            FieldKind.TEXT, FieldKind.MULTILINE_TEXT) else None)
    if isinstance(value, ArrayObject):
        return [_text(item) for item in value]
    if terminal.kind == FieldKind.LIST and terminal.flags & MULTI_SELECT:
        return [_text(value)]
    return _text(value)


def _info(terminal: _Field) -> FieldInfo:
    max_length = terminal.inherited("/MaxLen")
    label = terminal.inherited("/TU")
    return FieldInfo(
        name=terminal.name, kind=terminal.kind, value=_current_value(terminal),
        options=tuple(terminal.options),
        max_length=int(max_length) if max_length is not None and terminal.kind in (
            FieldKind.TEXT, FieldKind.MULTILINE_TEXT) else None,
        read_only=bool(terminal.flags & READ_ONLY), required=bool(terminal.flags & REQUIRED),
        editable=bool(terminal.kind == FieldKind.COMBO and terminal.flags & EDIT),
        multi_select=bool(terminal.kind == FieldKind.LIST and terminal.flags & MULTI_SELECT),
        label=_text(label) if label is not None else "",
        pages=tuple(sorted({w.page + 1 for w in terminal.widgets if w.page is not None})),
    )


def inspect_form(source: Source) -> list[FieldInfo]:
    """Every field of the form in document order, with what an administrator needs to map it.

    Raises :class:`PdfProblem` subclasses for a file that is not a PDF, is damaged, is protected
    by a password, is an XFA-only form, or has no fields at all.
    """
    reader = open_pdf(read_source(source))
    try:
        return [_info(terminal) for terminal in _collect(reader)]
    except READ_ERRORS as exc:
        raise DamagedPdf(detail=f"{type(exc).__name__}: {exc}") from exc


# -- checking values ------------------------------------------------------------------------------


@dataclass
class _Planned:
    terminal: _Field
    value: Any  # str | None | list[str] for text and choices; a state name ("/On", "/Off") for buttons
    shown: Any = None  # what a choice field shows (display text) when it differs from the value


def _problem(terminal_name: str, code: str, template: Any, **params: Any) -> Problem:
    return Problem(field=terminal_name, code=code, template=template, params=params)


def _state_for(terminal: _Field, value: Any) -> tuple[str | None, Problem | None]:
    """The button state name a value selects (``/Off`` for none), or the problem with it."""
    states = list(terminal.options)
    if value is None or value is False:
        return "/Off", None
    if terminal.kind == FieldKind.CHECKBOX:
        if value is True:
            distinct = {option.display for option in states}
            if len(distinct) == 1:
                return f"/{distinct.pop()}", None
            if not distinct:
                return "/Yes", None
            return None, _problem(terminal.name, "ambiguous", _(
                "%(field)s: this checkbox has several boxes; give the export value of the one to tick "
                "(%(choices)s)."), choices=", ".join(sorted(distinct)))
        if isinstance(value, str):
            wanted = value.removeprefix("/")
            if wanted == "Off":
                return "/Off", None
            for option in states:
                if wanted in (option.export, option.display):
                    return f"/{option.display}", None
        return None, _problem(terminal.name, "not_boolean", _(
            "%(field)s: a checkbox takes true or false (or its export value %(choices)s), not “%(value)s”."),
            choices=", ".join(sorted({o.export for o in states})) or "Yes", value=value)
    # radio group
    if isinstance(value, str | int) and not isinstance(value, bool):
        wanted = str(value).removeprefix("/")
        if wanted == "Off":
            return "/Off", None
        for option in states:
            if wanted == option.export:
                return f"/{option.display}", None
        for option in states:
            if wanted == option.display:
                return f"/{option.display}", None
    return None, _problem(terminal.name, "not_an_option", _(
        "%(field)s: “%(value)s” is not one of the choices (%(choices)s)."),
        value=value, choices=", ".join(option.export for option in states))


def _as_text(value: Any) -> str | None:
    if value is None:
        return ""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int | float | Decimal):
        return str(value)
    return None


def _plan_text(terminal: _Field, value: Any) -> tuple[_Planned | None, Problem | None]:
    text = _as_text(value)
    if text is None:
        return None, _problem(terminal.name, "not_text", _(
            "%(field)s: a text field takes text or a number, not “%(value)s”; use a transform for dates "
            "and yes/no answers."), value=value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\n" in text and terminal.kind == FieldKind.TEXT:
        return None, _problem(terminal.name, "single_line", _(
            "%(field)s: this field takes a single line; the value has line breaks."))
    max_length = terminal.inherited("/MaxLen")
    if max_length is not None and len(text) > int(max_length):
        return None, _problem(terminal.name, "too_long", _(
            "%(field)s: “%(value)s” has %(length)d characters; this field takes at most %(max)d."),
            value=text, length=len(text), max=int(max_length))
    return _Planned(terminal, text), None


def _plan_choice(terminal: _Field, value: Any) -> tuple[_Planned | None, Problem | None]:
    multi = terminal.kind == FieldKind.LIST and bool(terminal.flags & MULTI_SELECT)
    if isinstance(value, list | tuple):
        if not multi:
            return None, _problem(terminal.name, "not_a_list", _(
                "%(field)s: only one choice can be made in this field."))
        wanted = list(value)
    elif value is None or value == "":
        return _Planned(terminal, [] if multi else None, [] if multi else ""), None
    else:
        wanted = [value]
    chosen: list[Option] = []
    for item in wanted:
        text = _as_text(item)
        match = None
        if text is not None:
            match = next((o for o in terminal.options if o.export == text), None) or next(
                (o for o in terminal.options if o.display == text), None)
            if match is None and terminal.kind == FieldKind.COMBO and terminal.flags & EDIT:
                match = Option(export=text, display=text)
        if match is None:
            return None, _problem(terminal.name, "not_an_option", _(
                "%(field)s: “%(value)s” is not one of the choices (%(choices)s)."),
                value=item, choices=", ".join(o.export for o in terminal.options))
        chosen.append(match)
    if multi:
        return _Planned(terminal, [o.export for o in chosen], [o.display for o in chosen]), None
    return _Planned(terminal, chosen[0].export, chosen[0].display), None


_TF = re.compile(r"/([^\s/()<>\[\]]+)\s+[-\d.]+\s+Tf")


def _missing_glyphs(terminal: _Field, text: str, acroform: DictionaryObject) -> str:
    """The characters of ``text`` the field's font cannot show ('' when all can).

    Form fonts are usually simple fonts (Helvetica, Arial...) with the Windows Latin-1 encoding:
    every English and Spanish letter, but not "ễ" or "Đ"; those would come out as "?" or
    nothing in the appearance and when flattened. Composite (Type0) fonts are trusted.
    """
    appearance = terminal.inherited("/DA") or acroform.get("/DA") or ""
    match = _TF.search(str(appearance))
    resources = acroform.get("/DR")
    fonts = resources.get_object().get("/Font") if resources is not None else None
    font = fonts.get_object().get(f"/{match[1]}") if match and fonts is not None else None
    if font is not None and font.get_object().get("/Subtype") == "/Type0":
        return ""
    missing = []
    for char in text:
        if char in "\n" or char in missing:
            continue
        try:
            char.encode("cp1252")
        except UnicodeEncodeError:
            missing.append(char)
    return "".join(missing)


def _check_glyphs(plan: _Planned, acroform: DictionaryObject) -> Problem | None:
    shown = plan.shown if plan.terminal.kind in (FieldKind.COMBO, FieldKind.LIST) else plan.value
    texts = shown if isinstance(shown, list) else [shown or ""]
    missing = "".join(_missing_glyphs(plan.terminal, text, acroform) for text in texts)
    if not missing:
        return None
    return _problem(plan.terminal.name, "unsupported_characters", _(
        "%(field)s: the form's font cannot show %(characters)s; write the value without them "
        "(for example “Nguyen” for “Nguyễn”)."), characters=" ".join(dict.fromkeys(missing)))


def _plan(fields: list[_Field], values: Mapping[str, object], acroform: DictionaryObject) -> list[_Planned]:
    by_name = {terminal.name: terminal for terminal in fields}
    problems: list[Problem] = []
    planned: list[_Planned] = []
    for name, value in values.items():
        terminal = by_name.get(name)
        if terminal is None:
            problems.append(_problem(name, "unknown_field", _("%(field)s: there is no field with this name.")))
            continue
        if terminal.kind in NOT_FILLABLE:
            problems.append(_problem(name, "not_fillable", _(
                "%(field)s: this is a button or signature field; it cannot be filled.")))
            continue
        if terminal.kind in (FieldKind.CHECKBOX, FieldKind.RADIO):
            state, problem = _state_for(terminal, value)
            if problem:
                problems.append(problem)
            else:
                planned.append(_Planned(terminal, state))
            continue
        plan, problem = (_plan_text if terminal.kind in (FieldKind.TEXT, FieldKind.MULTILINE_TEXT)
                         else _plan_choice)(terminal, value)
        if plan is not None:
            problem = problem or _check_glyphs(plan, acroform)
        if problem:
            problems.append(problem)
        elif plan:
            planned.append(plan)
    if problems:
        raise FormValueError(problems)
    return planned


# -- writing --------------------------------------------------------------------------------------


def _set_button(writer: PdfWriter, plan: _Planned) -> None:
    state = NameObject(plan.value)
    plan.terminal.node[NameObject("/V")] = state
    for widget in plan.terminal.widgets:
        on = widget.on_state
        widget.annotation[NameObject("/AS")] = state if on == plan.value else NameObject("/Off")


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


def _regenerate(writer: PdfWriter, acroform: DictionaryObject, plan: _Planned, shown: Any) -> None:
    """New appearance streams for a text or choice field's widgets, drawing ``shown``."""
    node = plan.terminal.node
    if plan.terminal.kind == FieldKind.LIST:
        texts = shown if isinstance(shown, list) else ([shown] if shown else [])
        for widget in plan.terminal.widgets:
            if widget.page is not None:
                widget.annotation[NameObject("/AP")] = DictionaryObject({NameObject("/N"): writer._add_object(
                    _list_appearance(acroform, plan.terminal, widget, texts))})
        return
    node[NameObject("/V")] = TextStringObject(shown or "")
    for widget in plan.terminal.widgets:
        if widget.page is None:
            continue
        page = writer.pages[widget.page]
        appearance = TextStreamAppearance.from_text_annotation(writer, page, False, acroform, node, widget.annotation)
        widget.annotation[NameObject("/AP")] = DictionaryObject({NameObject("/N"): writer._add_object(appearance)})


def _set_value(writer: PdfWriter, acroform: DictionaryObject, plan: _Planned) -> None:
    terminal = plan.terminal
    if terminal.kind in (FieldKind.CHECKBOX, FieldKind.RADIO):
        _set_button(writer, plan)
        return
    if terminal.kind in (FieldKind.TEXT, FieldKind.MULTILINE_TEXT):
        _regenerate(writer, acroform, plan, plan.value)
        terminal.node[NameObject("/V")] = TextStringObject(plan.value)
        return
    _regenerate(writer, acroform, plan, plan.shown)
    if isinstance(plan.value, list):
        terminal.node[NameObject("/V")] = ArrayObject(TextStringObject(v) for v in plan.value)
    elif plan.value is None:
        terminal.node.pop("/V", None)
    else:
        terminal.node[NameObject("/V")] = TextStringObject(plan.value)
    exports = [o.export for o in terminal.options]
    selected = plan.value if isinstance(plan.value, list) else ([plan.value] if plan.value is not None else [])
    indices = sorted(exports.index(v) for v in selected if v in exports)
    if terminal.kind == FieldKind.LIST and indices:
        terminal.node[NameObject("/I")] = ArrayObject(NumberObject(i) for i in indices)
    else:
        terminal.node.pop("/I", None)


def _lacks_appearance(terminal: _Field) -> bool:
    """A text or choice field with a value that some widget does not draw (forms filled by tools
    that only set NeedAppearances): flattening it as it is would lose the value."""
    if terminal.kind not in (FieldKind.TEXT, FieldKind.MULTILINE_TEXT, FieldKind.COMBO, FieldKind.LIST):
        return False
    if _current_value(terminal) in (None, "", []):
        return False
    return any("/AP" not in w.annotation or "/N" not in cast(DictionaryObject, w.annotation["/AP"].get_object())
               for w in terminal.widgets if w.page is not None)


def _draw_missing_appearance(writer: PdfWriter, acroform: DictionaryObject, terminal: _Field) -> None:
    if not _lacks_appearance(terminal):
        return
    value = _current_value(terminal)
    if terminal.kind in (FieldKind.TEXT, FieldKind.MULTILINE_TEXT):
        plan: _Planned | None = _Planned(terminal, value)
    else:
        plan, _problem_found = _plan_choice(terminal, value)
    if plan is not None:
        _set_value(writer, acroform, plan)


def needs_appearances(reader: PdfReader) -> bool:
    """True if some field of this PDF has a value none of its widgets draws yet."""
    try:
        return any(_lacks_appearance(terminal) for terminal in _collect(reader))
    except (XfaOnlyForm, NoFormFields, *READ_ERRORS):
        return False


def fill_form(source: Source, values: Mapping[str, object], *, flatten: bool = False) -> bytes:
    """The form filled with ``values`` (full field name -> value), as PDF bytes.

    Values: text or a number for text fields (at most the field's maximum length; line breaks
    only in multi-line fields); ``True``/``False`` or the box's export value for a checkbox; the
    export value (or shown text) of a choice for radio groups, dropdowns and list boxes (a list
    for a multi-select list box; any text for an editable dropdown); ``None`` clears a field.
    Fields not named keep their value. With ``flatten``, fields become part of the page: the
    result has no fields left and reads the same everywhere.

    Raises :class:`FormValueError` listing every unknown name and impossible value (nothing is
    written), and other :class:`PdfProblem` subclasses for files that cannot be filled.
    """
    data = read_source(source)
    reader = open_pdf(data)
    try:
        _collect(reader)  # XFA-only and field-less forms are refused before values are checked
        writer = PdfWriter(clone_from=reader)
        fields = _collect(writer)
        acroform = cast(DictionaryObject, writer.root_object["/AcroForm"].get_object())
        planned = _plan(fields, values, acroform)
        for plan in planned:
            _set_value(writer, acroform, plan)
        # Filled fields now disagree with any XFA copy of the form; viewers must use the AcroForm.
        acroform.pop("/XFA", None)
        if flatten:
            filled = {id(plan.terminal) for plan in planned}
            for terminal in fields:
                if id(terminal) not in filled:
                    _draw_missing_appearance(writer, acroform, terminal)
            resources = acroform.get("/DR")
            flatten_widgets(writer, list(writer.pages),
                            default_resources=resources.get_object() if resources is not None else None)
            del writer.root_object["/AcroForm"]
        else:
            acroform[NameObject("/NeedAppearances")] = BooleanObject(True)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    except (FormValueError, XfaOnlyForm, NoFormFields):
        raise
    except READ_ERRORS as exc:
        raise DamagedPdf(detail=f"{type(exc).__name__}: {exc}") from exc
