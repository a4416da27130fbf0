"""Photos from a phone's camera become one PDF: each file checked by its content and size.

Images (JPEG, PNG, HEIF-less formats Pillow reads) are decoded, turned upright from their EXIF
orientation, scaled down to at most ``MAX_SIDE`` pixels, and written as the pages of one PDF.
A PDF sent as it is is accepted alone (checked by its signature). Anything else is refused.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_SIDE = 2000
MAX_FILES = 10
IMAGE_FORMATS = {"JPEG", "PNG", "GIF", "TIFF", "WEBP", "BMP"}
Image.MAX_IMAGE_PIXELS = 60_000_000  # a decompression bomb is refused, not decoded


def _read(upload: Any) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def to_pdf(uploads: Sequence[Any]) -> tuple[bytes, int]:
    """(PDF bytes, number of pages) of ``uploads``; ValidationError in the reader's words otherwise."""
    if not uploads:
        raise ValidationError(_("Choose at least one photo or file."), code="empty")
    if len(uploads) > MAX_FILES:
        raise ValidationError(_("Send at most %(count)s photos at a time.") % {"count": MAX_FILES}, code="many")
    limit = settings.AMPARO_PORTAL_UPLOAD_MAX_MB * 1024 * 1024
    if sum(u.size for u in uploads) > limit:
        raise ValidationError(_("The photos are too large together (the limit is %(limit)s MB).")
                              % {"limit": settings.AMPARO_PORTAL_UPLOAD_MAX_MB}, code="too_large")
    datas = [_read(u) for u in uploads]
    if any(not d for d in datas):
        raise ValidationError(_("One of the files is empty. Take the photo again."), code="empty")
    pdfs = [d for d in datas if d.startswith(b"%PDF-")]
    if pdfs:
        if len(datas) > 1:
            raise ValidationError(_("Send a PDF file on its own, or only photos."), code="mixed")
        return pdfs[0], 0
    pages = []
    for data in datas:
        try:
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in IMAGE_FORMATS:
                    raise ValidationError(_("This file is not a photo or a PDF."), code="type")
                probe.verify()
            image = Image.open(io.BytesIO(data))
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            pages.append(image.convert("RGB"))
        except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as exc:
            raise ValidationError(_("This file is not a photo or a PDF."), code="type") from exc
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=150)
    return out.getvalue(), len(pages)
