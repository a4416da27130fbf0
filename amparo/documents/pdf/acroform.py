"""Fillable PDF forms (AcroForm): fill them, optionally flatten them (fields are read in
:mod:`.fields`; :func:`inspect_form` and the field types are re-exported here).

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
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

# pypdf draws a text field's appearance in TextStreamAppearance, which it does not export. Its
# public form filling (update_page_form_field_values) matches fields by their last name part too,
# so filling "given_name" would also draw into "applicant.given_name"
# (test_filling_a_field_draws_only_that_field_when_another_shares_its_last_name_part); the class is
# used directly, for one widget at a time, and every filling test exercises it on each pypdf release.
from pypdf.generic._appearance_stream import TextStreamAppearance

from .appearance import _TF, _list_appearance
from .errors import DamagedPdf, FormValueError, NoFormFields, Problem, XfaOnlyForm
from .fields import (
    EDIT,
    MULTI_SELECT,
    NOT_FILLABLE,
    FieldInfo,
    FieldKind,
    Option,
    _collect,
    _current_value,
    _Field,
    inspect_form,
)
from .pages import flatten_widgets
from .reading import READ_ERRORS, Source, open_pdf, read_source

__all__ = ["FieldInfo", "FieldKind", "Option", "fill_form", "inspect_form", "needs_appearances"]


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
