"""Opening PDFs safely: bytes, a path or a file object in, a readable :class:`pypdf.PdfReader` out,
or a :class:`~amparo.documents.pdf.errors.PdfProblem` that says why not."""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from .errors import DamagedPdf, EncryptedPdf, NotAPdf

Source = bytes | bytearray | memoryview | Path | BinaryIO

# pypdf logs every repair it makes to a slightly broken file as a warning; they are noise here.
logging.getLogger("pypdf").setLevel(logging.ERROR)

#: Exceptions a damaged file may raise from deep inside pypdf.
READ_ERRORS = (PyPdfError, ValueError, KeyError, IndexError, TypeError, AttributeError, AssertionError,
               RecursionError, OSError, UnicodeError)


def read_source(source: Source) -> bytes:
    """The bytes of ``source`` (file objects are read from where they stand)."""
    if isinstance(source, bytes):
        return source
    if isinstance(source, bytearray | memoryview):
        return bytes(source)
    if isinstance(source, Path):
        return source.read_bytes()
    return source.read()


def looks_like_pdf(data: bytes) -> bool:
    """True if the PDF header is where readers look for it (within the first kilobyte)."""
    return b"%PDF-" in data[:1024]


def open_pdf(data: bytes, *, item: str | None = None) -> PdfReader:
    """A reader for ``data`` with every page reachable; an encrypted file is opened only if the
    empty user password opens it (files "protected" only against printing or copying)."""
    if not looks_like_pdf(data):
        raise NotAPdf(item=item)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except READ_ERRORS as exc:
                raise EncryptedPdf(item=item, detail=str(exc)) from exc
            if not opened:
                raise EncryptedPdf(item=item)
        if len(reader.pages) == 0:
            raise DamagedPdf(item=item, detail="no pages")
        for page in reader.pages:  # a damaged page tree fails here, not later mid-way
            page.mediabox  # noqa: B018
    except (EncryptedPdf, DamagedPdf):
        raise
    except READ_ERRORS as exc:
        raise DamagedPdf(item=item, detail=f"{type(exc).__name__}: {exc}") from exc
    return reader
