"""What a test can check of a PDF/A-2b file with pikepdf, short of a validator.

veraPDF (the reference validator) is a Java program that is neither on PyPI nor in Debian, so it
cannot be installed where the tests run; these are the requirements of ISO 19005-2 (level B)
that can be read from the file's structure: identification, output intent, embedded fonts,
forbidden features. A file that passes here may still fail veraPDF on what is not checked
(colour spaces of every image, XMP schema details, transparency, glyph widths).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pikepdf

FORBIDDEN_FILTERS = {"/LZWDecode"}


def _fonts(resources: Any, seen: set[tuple[int, int]], found: list[Any]) -> None:
    if resources is None:
        return
    for font in (resources.get("/Font") or {}).values():
        found.append(font)
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
            seen.add(xobject.objgen)
            _fonts(xobject.get("/Resources"), seen, found)


def _embedded(font: Any) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # glyphs drawn in the file itself
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0]
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def problems(path: Path | str) -> list[str]:
    """What stands between the file at ``path`` and PDF/A-2b, as far as its structure shows."""
    found: list[str] = []
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        if pdf.is_encrypted:
            found.append("encrypted")
        if "/ID" not in pdf.trailer:
            found.append("no file identifier (/ID) in the trailer")
        if pdf.pdf_version > "1.7":
            found.append(f"PDF version {pdf.pdf_version}")
        if "/Metadata" not in root:
            found.append("no XMP metadata stream in the catalogue")
        else:
            if "/Filter" in root.Metadata:
                found.append("the metadata stream is compressed")
            status = pdf.open_metadata().pdfa_status
            if status != "2B":
                found.append(f"XMP identifies the file as PDF/A {status or 'nothing'}, not 2B")
        intents = [oi for oi in root.get("/OutputIntents", []) if oi.get("/S") == "/GTS_PDFA1"]
        if not intents:
            found.append("no PDF/A output intent (GTS_PDFA1)")
        for intent in intents:
            profile = intent.get("/DestOutputProfile")
            if profile is None:
                found.append("an output intent without an ICC profile")
                continue
            data = profile.read_bytes()
            if data[36:40] != b"acsp":
                found.append("the output intent's profile is not an ICC profile")
            if int(profile.get("/N", 0)) not in (1, 3, 4):
                found.append("the output intent's profile has no valid /N")
        if len({bytes(oi.DestOutputProfile.read_bytes()) for oi in intents if "/DestOutputProfile" in oi}) > 1:
            found.append("several different output intent profiles")
        names = root.get("/Names") or {}
        for key in ("/JavaScript", "/EmbeddedFiles"):
            if key in names:
                found.append(f"the catalogue names {key[1:]}")
        if "/AA" in root:
            found.append("additional actions on the document")
        seen: set[tuple[int, int]] = set()
        fonts: list[Any] = []
        for number, page in enumerate(pdf.pages, start=1):
            if "/AA" in page.obj:
                found.append(f"page {number}: additional actions")
            _fonts(page.obj.get("/Resources"), seen, fonts)
            for annot in page.obj.get("/Annots", []):
                if annot.get("/Subtype") != "/Popup" and not int(annot.get("/F", 0)) & 4:
                    found.append(f"page {number}: an annotation that does not print")
        for font in fonts:
            if not _embedded(font):
                found.append(f"font {font.get('/BaseFont')} not embedded")
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                filters = obj.get("/Filter")
                names_used = [str(f) for f in filters] if isinstance(filters, pikepdf.Array) else [str(filters)]
                if FORBIDDEN_FILTERS & set(names_used):
                    found.append("an LZW-compressed stream")
        found += [f"structure: {p}" for p in pdf.check_pdf_syntax()]
    return found
