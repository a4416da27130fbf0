"""A-numbers and SSN/ITINs: validation and normalization (they are stored encrypted)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def normalize_a_number(value: str | None) -> str:
    """'A 012-345-678', 'a12345678' -> '012345678'; '' for empty; ValidationError otherwise."""
    raw = (value or "").strip()
    if not raw:
        return ""
    digits = re.sub(r"[\s\-.]", "", raw)
    if digits[:1] in ("A", "a"):
        digits = digits[1:]
    if not digits.isdigit() or len(digits) not in (8, 9):
        raise ValidationError(_("An A-number has 8 or 9 digits, like A012-345-678."), code="a_number")
    digits = digits.zfill(9)
    if digits == "000000000":
        raise ValidationError(_("An A-number has 8 or 9 digits, like A012-345-678."), code="a_number")
    return digits


def normalize_ssn(value: str | None) -> str:
    """A Social Security number or ITIN as nine digits; ValidationError if it cannot be one."""
    raw = (value or "").strip()
    if not raw:
        return ""
    digits = re.sub(r"[\s\-.]", "", raw)
    message = _("An SSN or ITIN has 9 digits, like 123-45-6789.")
    if not digits.isdigit() or len(digits) != 9:
        raise ValidationError(message, code="ssn")
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if area.startswith("9"):  # an ITIN: 9XX-[50-65|70-88|90-92|94-99]-XXXX
        g = int(group)
        if not (50 <= g <= 65 or 70 <= g <= 88 or 90 <= g <= 92 or 94 <= g <= 99):
            raise ValidationError(_("This is not a valid ITIN (the middle digits are out of range)."), code="itin")
        return digits
    if area in ("000", "666") or group == "00" or serial == "0000":
        raise ValidationError(_("This is not a valid Social Security number."), code="ssn")
    return digits


def format_ssn(digits: str) -> str:
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}" if len(digits) == 9 else digits
