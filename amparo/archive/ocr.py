"""Reading scans: scanned PDFs and images (TIFF, JPEG, PNG; multi-page) become text, page by page.

Tesseract does the reading, through OCRmyPDF (deskew, rotation by the text's orientation, and a
searchable PDF/A kept beside the original). The languages are Tesseract's codes joined by "+"
(``spa+eng``, the default: Spanish and English on the same page).

The work is split into chunks of ``CHUNK_PAGES`` pages: each chunk is one small PDF handed to
OCRmyPDF (``JOBS`` pages read at once, one a core, each Tesseract single-threaded), and each page
read is handed back at once (``on_page``) so the caller can keep it: a run that stops part way
resumes with the pages not yet done (``done=``). Each page comes with its mean word confidence
(``ocr_plugin.py``).

Turning pages by their text's orientation needs Tesseract's orientation pass, which costs as much
CPU as reading the page. Most pages of a clipping are upright, so a chunk is read as it lies, and
only the pages read with a mean confidence under ``TURN_BELOW`` (a page upside down or sideways
reads as nonsense, at 40 or so; upright pages of the scan set at 95) are read again with the
orientation pass; the better of the two readings is kept, page image and text together.

The archive's task (``tasks.ocr_source_task``), the import of a folder of scans and
``manage.py ocr FILE`` all read through ``recognize``.

Tesseract, its Spanish and English data and OCRmyPDF must be installed (the PDF/A is made by
OCRmyPDF's own backend, so Ghostscript is not needed);
``check_engine`` says what is missing in words an administrator can act on.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext as _

DEFAULT_LANGUAGES = "spa+eng"
IMAGE_SUFFIXES = frozenset({".tif", ".tiff", ".jpg", ".jpeg", ".png"})
SUFFIXES = IMAGE_SUFFIXES | {".pdf"}
CHUNK_PAGES = 4


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


JOBS = _cores()  # pages read at once: one a core
# A page read with a lower mean word confidence is read again, turned by its text's orientation.
TURN_BELOW = 60.0
# Tesseract's orientation confidence needed to turn a page on that second reading. OCRmyPDF's
# default (14) is meant for every page; here only doubtful pages get there, and the turned
# reading is kept only if it reads better, so a lower bar costs nothing (an upside-down page
# of the scan set scores 16).
TURN_CONFIDENCE = 5.0
DEFAULT_DPI = 300
# Seconds Tesseract may spend on one page before OCRmyPDF gives up on it and leaves it without
# text. OCRmyPDF's own 180 s proved too short on a busy 2-core machine (a page came back empty):
# an archive would rather wait than lose a page.
PAGE_TIMEOUT = 1800
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-spa tesseract-ocr-eng"


class OcrUnavailable(RuntimeError):
    """The OCR engine or a language's data is missing; the message says what to install."""


class UnreadableScan(ValueError):
    """Not a PDF or an image that can be read."""


@dataclass(frozen=True)
class PageText:
    number: int  # 1-based
    text: str
    confidence: float | None  # mean word confidence, 0-100; None for a page without words


def languages_list(languages: str) -> list[str]:
    return [code for code in languages.replace(",", "+").split("+") if code.strip()] or ["spa", "eng"]


@lru_cache(maxsize=1)
def _installed_languages() -> frozenset[str]:
    out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,  # noqa: S607
                         timeout=30, check=False)
    return frozenset(line.strip() for line in out.stdout.splitlines()[1:] if line.strip())


def check_engine(languages: str = DEFAULT_LANGUAGES) -> None:
    """Raise ``OcrUnavailable`` naming what to install if reading ``languages`` cannot work here."""
    try:
        import ocrmypdf  # noqa: F401
    except ImportError as exc:
        raise OcrUnavailable(_("OCR needs the Python package OCRmyPDF: pip install ocrmypdf.")) from exc
    if shutil.which("tesseract") is None:
        raise OcrUnavailable(_("OCR needs Tesseract, which is not installed. Install it: %(command)s")
                             % {"command": INSTALL})
    wanted = set(languages_list(languages))
    absent = sorted(wanted - _installed_languages())
    if absent:
        packages = " ".join(f"tesseract-ocr-{code}" for code in absent)
        raise OcrUnavailable(_("Tesseract has no data for %(languages)s. Install it: apt-get install %(packages)s")
                             % {"languages": ", ".join(absent), "packages": packages})


def is_scan(path: Path | str) -> bool:
    return Path(path).suffix.lower() in SUFFIXES


def _is_pdf(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(5) == b"%PDF-"


def page_count(path: Path | str) -> int:
    path = Path(path)
    if _is_pdf(path):
        import pikepdf

        try:
            with pikepdf.open(path) as pdf:
                return len(pdf.pages)
        except pikepdf.PdfError as exc:
            raise UnreadableScan(str(exc)) from exc
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return getattr(image, "n_frames", 1)
    except (UnidentifiedImageError, OSError) as exc:
        raise UnreadableScan(str(exc)) from exc


def _image_page(path: Path, index: int) -> bytes:
    """Page ``index`` (0-based) of an image as a one-page PDF, at its own resolution (300 dpi if unknown)."""
    import img2pdf
    from PIL import Image

    with Image.open(path) as image:
        image.seek(index)
        dpi = image.info.get("dpi") or (DEFAULT_DPI, DEFAULT_DPI)
        dpi = tuple(int(round(float(d))) or DEFAULT_DPI for d in dpi[:2])
        frame = image.convert("L") if image.mode in ("1", "L", "LA", "I;16", "P") else image.convert("RGB")
        buffer = io.BytesIO()
        frame.save(buffer, format="PNG", dpi=dpi)
    return img2pdf.convert(buffer.getvalue())


def _chunk_pdf(path: Path, numbers: list[int], out: Path) -> None:
    """The pages ``numbers`` (1-based) of ``path`` as one PDF at ``out``."""
    import pikepdf

    chunk = pikepdf.new()
    if _is_pdf(path):
        with pikepdf.open(path) as source:
            for number in numbers:
                chunk.pages.append(source.pages[number - 1])
            chunk.save(out)
        return
    for number in numbers:
        page = pikepdf.open(io.BytesIO(_image_page(path, number - 1)))
        chunk.pages.extend(page.pages)
    chunk.save(out)


def _read_chunk(chunk: Path, out: Path, languages: str, jobs: int, *,
                turn: bool = False) -> list[tuple[str, float | None]]:
    import ocrmypdf

    sidecar = chunk.with_suffix(".txt")
    turning: dict[str, object] = {"rotate_pages": turn}
    if turn:
        turning["rotate_pages_threshold"] = TURN_CONFIDENCE
    try:
        ocrmypdf.ocr(
            chunk, out, language=languages_list(languages), deskew=True, force_ocr=True,
            output_type="pdf", sidecar=sidecar, jobs=jobs, progress_bar=False, optimize=0,
            tesseract_timeout=PAGE_TIMEOUT, tesseract_non_ocr_timeout=PAGE_TIMEOUT,
            plugins=["amparo.archive.ocr_plugin"], **turning,
        )
    except ocrmypdf.exceptions.MissingDependencyError as exc:
        raise OcrUnavailable(_("OCR cannot run: %(reason)s. Install: %(command)s")
                             % {"reason": str(exc).strip(), "command": INSTALL}) from exc
    except (ocrmypdf.exceptions.InputFileError, ocrmypdf.exceptions.UnsupportedImageFormatError) as exc:
        raise UnreadableScan(str(exc)) from exc
    from .ocr_plugin import confidence_path

    texts = sidecar.read_text(encoding="utf-8").split("\f")
    pages = []
    for index in range(len(texts) if texts[-1].strip() else len(texts) - 1):
        conf_file = confidence_path(chunk, index + 1)
        raw = conf_file.read_text().strip() if conf_file.exists() else ""
        pages.append((texts[index].strip(), float(raw) if raw else None))
    return pages


def _doubtful(confidence: float | None) -> bool:
    return confidence is None or confidence < TURN_BELOW


def _read_pages(chunk: Path, out: Path, languages: str, jobs: int, count: int) -> list[tuple[str, float | None]]:
    """Read a chunk as it lies; read its doubtful pages again, turned; keep the better reading."""
    import pikepdf

    pages = _read_chunk(chunk, out, languages, jobs)
    pages += [("", None)] * (count - len(pages))
    doubtful = [i for i, (_text, confidence) in enumerate(pages) if _doubtful(confidence)]
    if not doubtful:
        return pages
    again, again_out = chunk.with_name(f"{chunk.stem}-turn.pdf"), chunk.with_name(f"{chunk.stem}-turned.pdf")
    with pikepdf.open(chunk) as source:
        subset = pikepdf.new()
        for i in doubtful:
            subset.pages.append(source.pages[i])
        subset.save(again)
    turned = _read_chunk(again, again_out, languages, min(jobs, len(doubtful)), turn=True)
    better = [(i, k) for k, i in enumerate(doubtful)
              if k < len(turned) and turned[k][1] is not None
              and (pages[i][1] is None or turned[k][1] > pages[i][1])]  # type: ignore[operator]
    if better:
        with pikepdf.open(out, allow_overwriting_input=True) as pdf, pikepdf.open(again_out) as redo:
            for i, k in better:
                pdf.pages[i] = redo.pages[k]
                pages[i] = turned[k]
            pdf.save(out)
    again_out.unlink(missing_ok=True)
    return pages


def recognize(path: Path | str, *, languages: str = DEFAULT_LANGUAGES, workdir: Path | str,
              done: Iterable[int] = (), jobs: int = JOBS,
              chunk_pages: int = CHUNK_PAGES) -> Iterator[PageText]:
    """Read the pages of ``path`` not in ``done``, chunk by chunk, yielding each page as it is read.

    Each chunk's searchable PDF stays in ``workdir`` (``ocr-00001.pdf`` for the chunk starting
    at page 1) for ``searchable_pdf`` to assemble.
    """
    path, workdir = Path(path), Path(workdir)
    check_engine(languages)
    workdir.mkdir(parents=True, exist_ok=True)
    already = set(done)
    todo = [n for n in range(1, page_count(path) + 1) if n not in already]
    for start in range(0, len(todo), chunk_pages):
        numbers = todo[start:start + chunk_pages]
        chunk = workdir / f"in-{numbers[0]:05d}.pdf"
        _chunk_pdf(path, numbers, chunk)
        read = _read_pages(chunk, workdir / f"ocr-{numbers[0]:05d}.pdf", languages, jobs, len(numbers))
        for number, (text, confidence) in zip(numbers, read, strict=False):
            yield PageText(number, text, confidence)
        for leftover in workdir.glob(f"in-{numbers[0]:05d}[.-]*"):
            leftover.unlink()


def searchable_pdf(workdir: Path | str, dest: Path | str, *, languages: str = DEFAULT_LANGUAGES) -> Path:
    """Join the chunks read into ``workdir`` into one searchable PDF/A at ``dest`` (no reading again)."""
    import ocrmypdf
    import pikepdf

    workdir, dest = Path(workdir), Path(dest)
    merged = pikepdf.new()
    chunks = sorted(workdir.glob("ocr-*.pdf"))
    opened = [pikepdf.open(chunk) for chunk in chunks]
    try:
        for pdf in opened:
            merged.pages.extend(pdf.pages)
        joined = workdir / "joined.pdf"
        merged.save(joined)
    finally:
        for pdf in opened:
            pdf.close()
    # PDF/A by OCRmyPDF's own backend (pikepdf): no Ghostscript pass, and no reading again.
    ocrmypdf.ocr(joined, dest, language=languages_list(languages), skip_text=True, output_type="pdfa",
                 pdfa_backend="internal", progress_bar=False, jobs=JOBS, optimize=0)
    joined.unlink()
    return dest


def read_file(path: Path | str, *, languages: str = DEFAULT_LANGUAGES,
              on_page: Callable[[PageText], None] | None = None) -> list[PageText]:
    """Every page of ``path`` read (what ``manage.py ocr`` prints), without keeping a PDF."""
    with tempfile.TemporaryDirectory(prefix="amparo-ocr-") as workdir:
        pages = []
        for page in recognize(path, languages=languages, workdir=workdir):
            pages.append(page)
            if on_page is not None:
                on_page(page)
        return pages
