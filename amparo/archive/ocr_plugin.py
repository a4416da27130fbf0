"""An OCRmyPDF plugin: Tesseract as OCRmyPDF runs it, plus each page's confidence.

OCRmyPDF keeps Tesseract's word confidences (``x_wconf`` in the hOCR it reads) to itself; this
engine reads them after each page and writes the page's mean word confidence (0-100, weighted
by word length) beside the input file, as ``<input>.p<page>.conf``, for ``ocr.py`` to collect.
Loaded by ``ocr.py`` through ``ocrmypdf.ocr(..., plugins=[__name__])``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ocrmypdf import hookimpl
from ocrmypdf.builtin_plugins.tesseract_ocr import TesseractOcrEngine

WORD = re.compile(r"class=['\"]ocrx_word['\"][^>]*title=['\"][^'\"]*x_wconf (\d+)[^>]*>(.*?)</span>", re.S)
TAG = re.compile(r"<[^>]+>")


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


class ConfidenceTesseract(TesseractOcrEngine):
    @staticmethod
    def generate_hocr(input_file: Path, output_hocr: Path, output_text: Path, options: Any) -> None:
        TesseractOcrEngine.generate_hocr(input_file, output_hocr, output_text, options)
        page = int(Path(input_file).name.split("_", 1)[0])  # OCRmyPDF names page files 000001_...
        conf = hocr_confidence(Path(output_hocr).read_text(encoding="utf-8", errors="replace"))
        confidence_path(options.input_file, page).write_text("" if conf is None else str(conf))


@hookimpl
def get_ocr_engine(options: Any) -> TesseractOcrEngine:
    return ConfidenceTesseract()
