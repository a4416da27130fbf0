"""What an uploaded file really is, from its content (never its name), and whether we take it.

Builds on ``core.uploads`` (the signatures of PDF, images and .docx) and goes further where a
signature alone is not enough: a .docx is a ZIP that holds ``word/document.xml`` (any other ZIP
is refused), and a Word 97-2003 .doc is an OLE2 compound file with a ``WordDocument`` stream
(an Excel .xls or an .msi has the same first bytes and is refused). The accepted types are
``settings.AMPARO_DOCUMENT_TYPES``; the size limit is ``settings.AMPARO_UPLOAD_MAX_MB``.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from amparo.core import uploads

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORD_STREAM = "WordDocument".encode("utf-16-le")

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "tiff": "image/tiff",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
}
NAMES = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG", "gif": "GIF", "tiff": "TIFF", "docx": "Word (.docx)",
         "doc": "Word (.doc)"}


@dataclass(frozen=True)
class FileType:
    kind: str
    content_type: str


def allowed_kinds() -> tuple[str, ...]:
    return tuple(k for k in settings.AMPARO_DOCUMENT_TYPES if k in CONTENT_TYPES)


def allowed_names() -> str:
    return ", ".join(NAMES[k] for k in allowed_kinds())


def _read_all(upload: Any) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _is_docx(upload: Any) -> bool:
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)


def detect(upload: Any) -> FileType | None:
    """The type of ``upload`` by its content, if it is one of the accepted types."""
    allowed = allowed_kinds()
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = uploads.kind_of(head, [k for k in allowed if k in uploads.SIGNATURES])
    if kind == "docx" and not _is_docx(upload):
        kind = None
    if kind is None and "doc" in allowed and head.startswith(OLE2) and WORD_STREAM in _read_all(upload):
        kind = "doc"
    return FileType(kind, CONTENT_TYPES[kind]) if kind else None


def validate_document_file(upload: Any) -> None:
    """A form validator: not empty, within the size limit, and an accepted type by content."""
    if upload is None:
        return
    if upload.size == 0:
        raise ValidationError(_("This file is empty. Choose the file again, or another one."), code="empty")
    limit = settings.AMPARO_UPLOAD_MAX_MB
    if upload.size > limit * 1024 * 1024:
        raise ValidationError(
            _("This file is %(size)s MB; the limit is %(limit)s MB.") %
            {"size": round(upload.size / 1024 / 1024, 1), "limit": limit}, code="too_large")
    if detect(upload) is None:
        raise ValidationError(
            format_lazy(_("This file is not one of the accepted types ({types}), whatever its name says."),
                        types=allowed_names()), code="type")
