"""Producing things in a client's language, whatever the staff member's own language is."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.utils import translation

SUPPORTED = tuple(code for code, _name in settings.LANGUAGES)


def normalize(code: str | None) -> str:
    """The supported language closest to ``code`` ("es-MX" -> "es"); English otherwise."""
    if code:
        base = code.strip().lower().replace("_", "-").split("-")[0]
        if base in SUPPORTED:
            return base
    return settings.LANGUAGE_CODE


@contextmanager
def language(code: str | None) -> Iterator[str]:
    """``with language(person.preferred_language): render(...)`` renders in that language."""
    chosen = normalize(code)
    with translation.override(chosen):
        yield chosen
