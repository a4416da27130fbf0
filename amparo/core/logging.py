"""Keep names, A-numbers and search terms out of log files."""

from __future__ import annotations

import logging
import re

_QUERY = re.compile(r"\?[^\s\"']*")


class RedactFilter(logging.Filter):
    """Drop query strings from logged request lines (they carry search terms and names)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith(("django.server", "django.request", "django.security")):
            message = record.getMessage()
            redacted = _QUERY.sub("?[redacted]", message)
            if redacted != message:
                record.msg, record.args = redacted, ()
        return True
