"""For tests that need the OCR engine: skipped loudly where it is not installed, never in CI."""

from __future__ import annotations

import os


def require_ocr(what: str) -> None:
    import pytest

    from amparo.archive import ocr

    try:
        ocr.check_engine("spa+eng")
    except ocr.OcrUnavailable as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI must have the OCR engine ({what}): {exc}")
        pytest.skip(f"!!! NOT TESTED HERE: {what} needs the OCR engine: {exc} (CI installs it) !!!")
