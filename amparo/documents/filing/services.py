"""Writing form templates, their mappings, filled forms and packets.

Each function takes keyword-only arguments, runs in one transaction and writes one audit entry.
Permission checks are the caller's (views ask the gate first). PDF work is done by
``amparo.documents.pdf``; its errors (``PdfProblem``) carry a message for the user and are raised
before anything is saved.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amparo.core.audit import log_action
from amparo.core.i18n import language as in_language

from ..models import Category, Document
from ..pdf import FormValueError, Problem, TransformError, apply_transform, fill_form, inspect_form
from ..pdf.transforms import TRANSFORMS
from ..services import add_generated
from . import sources
from .models import FieldMapping, FilingPacket, FilledForm, FormTemplate, FormTemplateVersion

BOOLEAN_TRANSFORMS = ("yes_no", "no_yes")
CHOICE_KINDS = ("radio", "combo", "list")
TEXT_KINDS = ("text", "multiline_text")
PACKET_KINDS = ("pdf", "jpeg", "png")
_YES_NO = {"yes", "no", "true", "false", "sí", "si", "off", "1", "0"}


def _read(upload: Any) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


# -- form templates ---------------------------------------------------------------------------------


SIMULTANEOUS_UPLOAD = gettext_lazy("Another version of %(form)s was saved at the same moment. Nothing was saved "
                                   "from this upload: upload the file again to add it as the next version.")


def _find_template(number_text: str) -> FormTemplate | None:
    return FormTemplate.objects.select_for_update().filter(form_number__iexact=number_text).first()


def _locked_template(number_text: str, *, name: str, by: Any) -> tuple[FormTemplate, bool]:
    """The template of ``number_text``, locked until the end of the transaction; created if new.

    Two uploads of a new form at the same moment both find no template; the second INSERT then
    waits for the first transaction and fails on the unique form number. It is caught in a
    savepoint and the template the first one created is read (and locked) instead, so the second
    upload becomes version 2 rather than a server error.
    """
    template = _find_template(number_text)
    if template is not None:
        return template, False
    try:
        with transaction.atomic():
            return FormTemplate.objects.create(name=name, form_number=number_text, created_by=by), True
    except IntegrityError:
        return FormTemplate.objects.select_for_update().get(form_number__iexact=number_text), False


@transaction.atomic
def upload_form_template(*, by: Any, upload: Any, name: str, form_number: str, edition_date: Any,
                         note: str = "") -> FormTemplateVersion:
    """A new version of the form ``form_number`` (a new template the first time).

    The PDF is inspected first: a file that is not a fillable AcroForm PDF raises the library's
    ``PdfProblem`` and nothing is saved. Mappings of the previous version are carried over for
    the fields that are still there, with the same kind.
    """
    data = _read(upload)
    fields = [f.as_dict() for f in inspect_form(data)]
    number_text = form_number.strip().upper()
    template, created = _locked_template(number_text, name=name.strip(), by=by)
    if not created and name.strip() and name.strip() != template.name:
        template.name = name.strip()
        template.save(update_fields=["name"])
    previous = template.versions.order_by("-number").first()
    number = (template.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = FormTemplateVersion(template=template, number=number, edition_date=edition_date, fields=fields,
                                  original_name=(getattr(upload, "name", "") or "form.pdf")[-255:],
                                  size=len(data), sha256=hashlib.sha256(data).hexdigest(), note=note,
                                  uploaded_by=by)
    version.file.save(version.original_name, ContentFile(data), save=False)
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError:  # the template row is locked, so only a database without row locks gets here
        version.file.delete(save=False)
        raise ValidationError(SIMULTANEOUS_UPLOAD % {"form": number_text}, code="simultaneous_upload") from None
    carried = []
    if previous is not None:
        kinds = {f["name"]: f["kind"] for f in fields}
        for mapping in previous.mappings.all():
            old = previous.field(mapping.field_name)
            if old and kinds.get(mapping.field_name) == old["kind"]:
                FieldMapping.objects.create(version=version, field_name=mapping.field_name, source=mapping.source,
                                            transform=mapping.transform, constant=mapping.constant, updated_by=by)
                carried.append(mapping.field_name)
    log_action(action="filing.template_upload", actor=by, obj=template,
               extra={"version": number, "new_template": created, "sha256": version.sha256,
                      "fields": len(fields), "edition_date": str(edition_date), "mappings_carried": len(carried)})
    return version


@transaction.atomic
def set_template_active(*, by: Any, template: FormTemplate, active: bool) -> FormTemplate:
    template = FormTemplate.objects.select_for_update().get(pk=template.pk)
    before = template.is_active
    template.is_active = active
    template.save(update_fields=["is_active"])
    log_action(action="filing.template_active", actor=by, obj=template, changes={"is_active": [before, active]})
    return template


# -- mappings ---------------------------------------------------------------------------------------


@dataclass
class MappingCheck:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _options(info: dict[str, Any]) -> list[str]:
    return [o["export"] for o in info.get("options", [])]


def check_mapping(info: dict[str, Any], *, source: str, transform: str = "", constant: str = "") -> MappingCheck:
    """Does this mapping fit the field ``info`` (a field of ``inspect_form``, as a dict)?

    Errors make the mapping impossible (a checkbox without a yes/no transform, a fixed value that
    is not one of a radio group's export values, a value longer than the field takes); warnings
    say what may fail for some cases (case data that may not be one of the choices).
    """
    check = MappingCheck()
    kind = info["kind"]
    if source not in sources.SOURCES:
        check.errors.append(_("Choose case data from the list."))
        return check
    if transform and transform not in TRANSFORMS:
        check.errors.append(_("Choose a transform from the list."))
        return check
    if not info.get("fillable", True):
        check.errors.append(_("This is a button or signature field; it cannot be filled."))
        return check
    if info.get("read_only"):
        check.warnings.append(_("This field is read-only in the PDF; viewers will not let anyone change it."))
    is_constant = source == sources.CONSTANT
    if is_constant and not constant.strip() and kind != "checkbox":
        check.errors.append(_("Type the fixed value."))
        return check
    if transform in BOOLEAN_TRANSFORMS and kind != "checkbox":
        check.errors.append(_("The yes/no transforms give a checkbox state; this field is not a checkbox."))
        return check
    if kind == "checkbox":
        exports = _options(info)
        if is_constant:
            if transform not in BOOLEAN_TRANSFORMS and constant.strip().lower() not in _YES_NO \
                    and constant.strip() not in exports and constant.strip() != "":
                check.errors.append(_("A checkbox takes yes or no (or its export value: %(choices)s).")
                                    % {"choices": ", ".join(exports) or "Yes"})
        elif transform not in BOOLEAN_TRANSFORMS:
            check.errors.append(_("A checkbox needs the transform “Yes/no to checkbox” or “No/yes to checkbox”."))
        return check
    if kind in CHOICE_KINDS:
        exports = _options(info)
        shown = [o["display"] for o in info.get("options", [])]
        editable = bool(info.get("editable"))
        if is_constant:
            value = apply_or_none(constant, transform)
            if not editable and value not in exports and value not in shown:
                check.errors.append(_("“%(value)s” is not one of the choices of this field: %(choices)s.")
                                    % {"value": constant, "choices": ", ".join(exports)})
        elif not editable:
            check.warnings.append(_("Case data that is not one of the choices (%(choices)s) will be reported "
                                    "when the form is filled.") % {"choices": ", ".join(exports)})
        return check
    # text fields
    value = constant if is_constant else sources.sample(source)
    try:
        value = apply_transform(value, transform or None)
    except TransformError as exc:
        if is_constant:
            check.errors.append(str(exc))
        return check
    text = "" if value is None else str(value)
    if kind == "text" and "\n" in text:
        check.errors.append(_("This data has several lines and this field takes one; use a multi-line field "
                              "or the separate parts of the address."))
    max_length = info.get("max_length")
    if max_length and len(text) > max_length:
        message = _("“%(value)s” has %(length)d characters; this field takes at most %(max)d.") % {
            "value": text, "length": len(text), "max": max_length}
        (check.errors if is_constant else check.warnings).append(message)
    return check


def apply_or_none(value: Any, transform: str) -> Any:
    try:
        return apply_transform(value, transform or None)
    except TransformError:
        return None


@transaction.atomic
def save_mappings(*, by: Any, version: FormTemplateVersion, rows: Iterable[dict[str, str]]) -> list[FieldMapping]:
    """Replace the mappings of ``version`` with ``rows`` ({field_name, source, transform, constant};
    a row without a source clears the field's mapping). Every row is checked against its field;
    a ``ValidationError`` lists every bad row by field name and nothing is saved."""
    errors: dict[str, list[str]] = {}
    wanted: dict[str, dict[str, str]] = {}
    for row in rows:
        name = row["field_name"]
        info = version.field(name)
        if info is None:
            errors.setdefault(name, []).append(_("There is no field with this name in this version of the form."))
            continue
        if not row.get("source"):
            continue
        check = check_mapping(info, source=row["source"], transform=row.get("transform", ""),
                              constant=row.get("constant", ""))
        if check.errors:
            errors[name] = check.errors
        wanted[name] = {"source": row["source"], "transform": row.get("transform", ""),
                        "constant": row.get("constant", "") if row["source"] == sources.CONSTANT else ""}
    if errors:
        raise ValidationError(dict(errors))
    existing = {m.field_name: m for m in version.mappings.all()}
    changes: dict[str, list[Any]] = {}
    for name, mapping in existing.items():
        if name not in wanted:
            changes[name] = [f"{mapping.source}|{mapping.transform}", None]
            mapping.delete()
    now = timezone.now()
    for name, values in wanted.items():
        current = existing.get(name)
        before = f"{current.source}|{current.transform}|{current.constant}" if current else None
        after = f"{values['source']}|{values['transform']}|{values['constant']}"
        if before == after:
            continue
        changes[name] = [before, after]
        FieldMapping.objects.update_or_create(version=version, field_name=name,
                                              defaults={**values, "updated_at": now, "updated_by": by})
    log_action(action="filing.mappings", actor=by, obj=version.template,
               changes=changes, extra={"version": version.number})
    return list(version.mappings.all())


# -- filling ----------------------------------------------------------------------------------------


def _transform_problem(name: str, exc: TransformError) -> Problem:
    return Problem(field=name, code="transform", template=gettext_lazy("%(field)s: %(problem)s"),
                   params={"problem": str(exc)})


def _transformed(version: FormTemplateVersion, mapping: FieldMapping, raw: Any) -> Any:
    """``raw`` turned by the mapping's transform; a fixed yes/no on a checkbox becomes its state."""
    info = version.field(mapping.field_name)
    if mapping.source == sources.CONSTANT and not mapping.transform and info and info["kind"] == "checkbox":
        lowered = str(raw).strip().lower()
        if lowered in _YES_NO or not lowered:
            return apply_transform(lowered, "yes_no")
    return apply_transform(raw, mapping.transform or None)


def mapped_values(version: FormTemplateVersion, read: Callable[[FieldMapping], Any]) -> dict[str, Any]:
    """Field name -> value for every mapping of ``version``, each read by ``read`` and transformed.
    Raises ``FormValueError`` listing every value a transform refused, with ``values`` holding the
    values that did transform (so the form can check them too and every problem is told at once)."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for mapping in version.mappings.all():
        try:
            values[mapping.field_name] = _transformed(version, mapping, read(mapping))
        except TransformError as exc:
            problems.append(_transform_problem(mapping.field_name, exc))
    if problems:
        error = FormValueError(problems)
        error.values = values  # type: ignore[attr-defined]
        raise error
    return values


def _fill(version: FormTemplateVersion, values: dict[str, Any], *, flatten: bool) -> bytes:
    with version.file.open("rb") as handle:
        data = handle.read()
    return fill_form(data, values, flatten=flatten)


def preview_fill(*, version: FormTemplateVersion) -> bytes:
    """The form filled with the sample data of each source (nothing saved, nothing audited)."""
    values = mapped_values(version, lambda m: sources.sample(m.source, m.constant))
    return _fill(version, values, flatten=False)


def _merge_problems(first: FormValueError | None, second: FormValueError | None) -> FormValueError:
    problems = [*(first.problems if first else []), *(second.problems if second else [])]
    return FormValueError(problems)


@transaction.atomic
def fill_for_case(*, by: Any, case: Any, version: FormTemplateVersion, flatten: bool = False) -> FilledForm:
    """Fill ``version`` with the data of ``case`` and keep it as a new Document of the case.

    Every value a transform refuses and every value the form cannot take is reported in one
    ``FormValueError`` (field by field); nothing is saved then."""
    transform_error = None
    try:
        with in_language("en"):  # forms are English: "Asylum (defensive)", not the staff member's language
            values = mapped_values(version, lambda m: sources.read(m.source, case, m.constant))
    except FormValueError as exc:
        transform_error = exc
        values = exc.values  # type: ignore[attr-defined]  # checked by the form too, to tell every problem
    try:
        content = _fill(version, values, flatten=flatten)
    except FormValueError as exc:
        raise _merge_problems(transform_error, exc) from exc
    if transform_error is not None:
        raise transform_error
    template = version.template
    stamp = timezone.localdate()
    title = _("%(number)s — %(name)s, filled %(date)s") % {
        "number": template.form_number, "name": template.name, "date": stamp.isoformat()}
    document = add_generated(
        by=by, owner=case, content=content, filename=f"{template.form_number}-{stamp:%Y%m%d}.pdf", title=title,
        category=Category.FORM, language="en",
        description=_("Filled from version %(version)s (edition %(edition)s) of the form template.") % {
            "version": version.number, "edition": version.edition_date.strftime("%m/%d/%Y")})
    filled = FilledForm.objects.create(document=document, case=case, template_version=version, flattened=flatten,
                                       filled_by=by)
    log_action(action="filing.fill", actor=by, obj=document,
               extra={"case": case.pk, "form": template.form_number, "template_version": version.number,
                      "fields": sorted(values), "flattened": flatten})
    return filled


# -- packets ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PacketChoice:
    document: Document
    role: str  # "cover" | "form" | "exhibit"
    order: int
    title: str


def packet_documents(case: Any) -> list[Document]:
    """Documents of ``case`` that can go in a packet (current, latest version a PDF or JPEG/PNG image)."""
    documents = []
    for document in Document.objects.current().filter(case=case).prefetch_related("versions"):
        latest = max(document.versions.all(), key=lambda v: v.number, default=None)
        if latest is not None and latest.kind in PACKET_KINDS:
            document.latest_version = latest  # type: ignore[attr-defined]
            documents.append(document)
    return documents


@transaction.atomic
def start_packet(*, by: Any, case: Any, title: str, language: str, choices: list[PacketChoice]) -> FilingPacket:
    """Queue the packet of ``case`` made of ``choices`` (one cover at most, forms and exhibits in
    their order). The packet is built by a background task and kept as a new Document of the case."""
    from amparo.core.models import TaskProgress

    from .tasks import build_filing_packet

    allowed = {d.pk: d for d in packet_documents(case)}
    if not choices:
        raise ValidationError(_("Choose at least one document for the packet."))
    if sum(1 for c in choices if c.role == "cover") > 1:
        raise ValidationError(_("A packet has one cover letter at most."))
    items = []
    for choice in sorted(choices, key=lambda c: ({"cover": 0, "form": 1, "exhibit": 2}[c.role], c.order)):
        document = allowed.get(choice.document.pk)
        if document is None:
            raise ValidationError(_("“%(title)s” cannot go in a packet (not a PDF or image of this case).")
                                  % {"title": choice.document.title})
        items.append({"role": choice.role, "document": document.pk,
                      "version": document.latest_version.pk,  # type: ignore[attr-defined]
                      "title": (choice.title.strip() or document.title)[:200]})
    progress = TaskProgress.objects.create(owner=by, kind="documents.packet", label=title[:255])
    packet = FilingPacket.objects.create(case=case, title=title.strip()[:200], language=language, items=items,
                                         progress=progress, created_by=by)
    log_action(action="filing.packet_start", actor=by, obj=packet,
               extra={"case": case.pk, "items": [{k: i[k] for k in ("role", "document", "version")} for i in items],
                      "language": language})
    transaction.on_commit(lambda: build_filing_packet.enqueue(packet.pk))
    return packet


@transaction.atomic
def finish_packet(*, packet: FilingPacket, content: bytes) -> FilingPacket:
    """Keep the built packet as a new Document of its case (called by the task)."""
    packet = FilingPacket.objects.select_for_update().get(pk=packet.pk)
    if packet.document_id:
        return packet  # built already: running the task twice keeps one document
    by = packet.created_by
    with in_language(packet.language):  # the worker has no request: write in the packet's language
        description = _("Filing packet built by Amparo from %(count)d documents of the case.") % {
            "count": len(packet.items)}
    document = add_generated(
        by=by, owner=packet.case, content=content, filename=f"packet-{packet.pk}.pdf", title=packet.title,
        category=Category.FORM, language=packet.language, description=description)
    packet.document = document
    packet.status = FilingPacket.Status.DONE
    packet.finished_at = timezone.now()
    packet.message = ""
    packet.save(update_fields=["document", "status", "finished_at", "message"])
    log_action(action="filing.packet_built", actor=by, obj=document,
               extra={"case": packet.case_id, "packet": packet.pk, "size": len(content)})
    return packet
