"""Sending a version's file: the same for the pages and the API.

An attachment (never shown inline), with its detected content type, ``nosniff``, a sandboxing
Content-Security-Policy, and no caching for files of restricted cases and people. Every
download is written to the audit trail (who, which version, whether restricted, which channel).
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404

from amparo.core.audit import log_action
from amparo.core.permissions import is_restricted

from .models import Document, DocumentVersion


def serve(*, user: Any, document: Document, version: DocumentVersion, channel: str) -> FileResponse:
    restricted = is_restricted(document)
    try:
        handle = version.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    log_action(action="document.download", actor=user, obj=document,
               extra={"version": version.number, "restricted": restricted, "channel": channel})
    response = FileResponse(handle, as_attachment=True, filename=version.original_name,
                            content_type=version.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "no-store, private" if restricted else "private, max-age=0"
    if restricted:
        response["Pragma"] = "no-cache"
    return response
