"""Document files go to a fresh folder in every test (the ``documents`` storage alias)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _isolated_documents(settings: Any, tmp_path: Any) -> None:
    storages = dict(settings.STORAGES)
    storages["documents"] = {"BACKEND": "django.core.files.storage.FileSystemStorage",
                             "OPTIONS": {"location": str(tmp_path / "documents")}}
    settings.STORAGES = storages


@pytest.fixture(autouse=True)
def _english_to_start_with() -> Any:
    """Each test starts in English: a page answered in Spanish leaves Spanish active in the thread
    (the user-language middleware activates it), which must not change the next test's messages."""
    from django.utils import translation

    with translation.override("en"):
        yield
