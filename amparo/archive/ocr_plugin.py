"""An OCRmyPDF plugin: Tesseract as OCRmyPDF runs it, plus each page's confidence, made cheaper.

- OCRmyPDF keeps Tesseract's word confidences (``x_wconf`` in the hOCR it reads) to itself; this
  engine reads them after each page and writes the page's mean word confidence (0-100, weighted
  by word length) beside the input file, as ``<input>.p<page>.conf``, for ``ocr.py`` to collect.
- The deskew angle comes from Tesseract's layout analysis (``--psm 2``), which does not depend on
  the language: it is asked with the small orientation data (``osd``) instead of loading the
  Spanish and English models a second time for each page (same angle, half the CPU time).
  A page skewed by less than ``STRAIGHT_ENOUGH`` degrees is left as it is: turning a 300-dpi
  page by a tenth of a degree costs more CPU time than Tesseract's deskew pass and changes
  nothing a reader (or Tesseract, which follows slightly slanted lines by itself) would notice.
- Tesseract runs single-threaded: pages are read in parallel (one Tesseract a core), and its
  OpenMP threads on top of that only compete for the same cores (and spin while they wait).

Loaded by ``ocr.py`` through ``ocrmypdf.ocr(..., plugins=[__name__])``.
"""

from __future__ import annotations

import re
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Any

from ocrmypdf import hookimpl
from ocrmypdf._exec import tesseract
from ocrmypdf.builtin_plugins.tesseract_ocr import TesseractOcrEngine

WORD = re.compile(r"class=['\"]ocrx_word['\"][^>]*title=['\"][^'\"]*x_wconf (\d+)[^>]*>(.*?)</span>", re.S)
TAG = re.compile(r"<[^>]+>")
# Degrees of skew below which a page is not turned (0.25 degrees: 8 pixels across a 6-inch line at 300 dpi).
STRAIGHT_ENOUGH = 0.25


def hocr_confidence(hocr: str) -> float | None:
    """The mean word confidence of an hOCR page, weighted by word length; None without words."""
    total = weight = 0
    for conf, inner in WORD.findall(hocr):
        length = len(TAG.sub("", inner).strip())
        if length:
            total += int(conf) * length
            weight += length
    return round(total / weight, 1) if weight else None


def confidence_path(input_file: Any, page: int) -> Path:
    return Path(f"{input_file}.p{page}.conf")


@lru_cache(maxsize=1)
def _has_osd() -> bool:
    out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,  # noqa: S607
                         timeout=30, check=False)
    return "osd" in out.stdout.split()


class ConfidenceTesseract(TesseractOcrEngine):
    @staticmethod
    def generate_hocr(input_file: Path, output_hocr: Path, output_text: Path, options: Any) -> None:
        TesseractOcrEngine.generate_hocr(input_file, output_hocr, output_text, options)
        page = int(Path(input_file).name.split("_", 1)[0])  # OCRmyPDF names page files 000001_...
        conf = hocr_confidence(Path(output_hocr).read_text(encoding="utf-8", errors="replace"))
        confidence_path(options.input_file, page).write_text("" if conf is None else str(conf))

    @staticmethod
    def get_deskew(input_file: Path, options: Any) -> float:
        angle = tesseract.get_deskew(
            input_file, languages=["osd"] if _has_osd() else options.languages[:1],
            engine_mode=options.tesseract.oem, timeout=options.tesseract.non_ocr_timeout,
            omp_thread_limit=options.tesseract.omp_thread_limit,
        )
        return angle if abs(angle) >= STRAIGHT_ENOUGH else 0.0


@hookimpl
def get_ocr_engine(options: Any) -> TesseractOcrEngine:
    return ConfidenceTesseract()


@hookimpl(trylast=True)
def validate(pdfinfo: Any, options: Any) -> None:
    """One Tesseract thread a page (after OCRmyPDF's own choice, which allows up to 3)."""
    if getattr(options, "tesseract", None) is not None:
        options.tesseract.omp_thread_limit = 1
