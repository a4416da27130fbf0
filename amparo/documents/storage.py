"""Where document files live: the storage alias ``documents`` (``settings.STORAGES``).

By default a FileSystemStorage under AMPARO_DOCUMENTS_DIR (var/documents), outside the web
root, with no URL route: files reach people only through the permission-checked download
view. Any Django storage backend can be configured instead (django-storages' S3 storage for
an S3-compatible bucket, see docs/deployment.md). Files are written once and never
overwritten: each version has its own name.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.utils import timezone
from django.utils.functional import LazyObject, empty

ALIAS = "documents"


class _DocumentStorage(LazyObject):
    def _setup(self) -> None:
        self._wrapped = storages[ALIAS]


document_storage = _DocumentStorage()


def select_storage() -> Any:
    """The storage of document files (a callable, so migrations do not freeze the backend)."""
    return document_storage


def _reset(*, setting: str, **kwargs: Any) -> None:
    if setting == "STORAGES":
        document_storage._wrapped = empty


setting_changed.connect(_reset)


def version_path(instance: Any, filename: str) -> str:
    """A name nobody can guess and nothing can collide with; the original name is kept apart."""
    now = timezone.now()
    ext = {"pdf": ".pdf", "jpeg": ".jpg", "png": ".png", "gif": ".gif", "tiff": ".tif",
           "docx": ".docx", "doc": ".doc"}.get(getattr(instance, "kind", ""), "")
    return f"{now:%Y/%m}/{secrets.token_hex(16)}{ext}"
