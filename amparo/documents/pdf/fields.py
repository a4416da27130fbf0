"""Reading the fields of a fillable PDF form (AcroForm): the field tree, each field's kind,
options and current value, and :func:`inspect_form` for administrators."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject

from .errors import DamagedPdf, NoFormFields, XfaOnlyForm
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

