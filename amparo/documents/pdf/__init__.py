"""The PDF engine of documents: fill AcroForm PDFs and build filing packets (no models here).

Public API::

    inspect_form(pdf) -> list[FieldInfo]
    fill_form(pdf, values, *, flatten=False) -> bytes
    apply_transform(value, name) / TRANSFORMS / transform_choices()
    build_packet(*, cover, forms, exhibits, title, language, progress=None) -> bytes

Errors are :class:`PdfProblem` subclasses whose ``str()`` is a translated message for the user;
:class:`FormValueError` lists every :class:`Problem` with the values given. See docs/documents-pdf.md.
"""

from .acroform import FieldInfo, FieldKind, Option, fill_form, inspect_form
from .errors import (
    DamagedImage,
    DamagedPdf,
    EncryptedPdf,
    FormValueError,
    NoFormFields,
    NotAPdf,
    PdfProblem,
    Problem,
    UnsupportedFile,
    XfaOnlyForm,
)
from .packet import PacketItem, build_packet, exhibit_letter
from .transforms import TRANSFORMS, Transform, TransformError, apply_transform, transform_choices

__all__ = [
    "TRANSFORMS", "DamagedImage", "DamagedPdf", "EncryptedPdf", "FieldInfo", "FieldKind", "FormValueError",
    "NoFormFields", "NotAPdf", "Option", "PacketItem", "PdfProblem", "Problem", "Transform", "TransformError",
    "UnsupportedFile", "XfaOnlyForm", "apply_transform", "build_packet", "exhibit_letter", "fill_form",
    "inspect_form", "transform_choices",
]
