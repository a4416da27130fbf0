"""Checking uploaded files by what they contain, not by their name, and by size.

    file = forms.FileField(validators=[uploads.checked_file(uploads.DOCUMENTS)])

Files are stored through Django's storage API under AMPARO_FILES_DIR (outside the web root)
and reach people only through permission-checked views.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Signatures at the start of a file, by kind. Word's .docx is a ZIP container.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "tiff": (b"II*\x00", b"MM\x00*"),
    "gif": (b"GIF87a", b"GIF89a"),
    "docx": (b"PK\x03\x04",),
}
DOCUMENTS = ("pdf", "jpeg", "png", "tiff", "gif", "docx")


def kind_of(head: bytes, allowed: Iterable[str]) -> str | None:
    for kind in allowed:
        if any(head.startswith(sig) for sig in SIGNATURES[kind]):
            return kind
    return None


def checked_file(allowed: Iterable[str] = DOCUMENTS) -> Callable[[Any], None]:
    allowed = tuple(allowed)

    def validate(upload: Any) -> None:
        limit = settings.AMPARO_UPLOAD_MAX_MB * 1024 * 1024
        if upload.size > limit:
            raise ValidationError(
                _("This file is %(size)s MB; the limit is %(limit)s MB.")
                % {"size": round(upload.size / 1024 / 1024, 1), "limit": settings.AMPARO_UPLOAD_MAX_MB})
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if kind_of(head, allowed) is None:
            raise ValidationError(_("This file is not a PDF, an image or a Word document (whatever its name says)."))

    return validate
