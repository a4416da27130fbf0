"""Errors shared by every app's services, answered the same way by pages and the API."""

from __future__ import annotations


class ConcurrentEdit(Exception):
    """Someone saved the record after the version this change was based on.

    Raised by a service (``update_person``, ``update_case``...) before it changes anything; the
    API answers 409 and the pages say so on the form, keeping what the user typed.
    """

    def __init__(self, version: int | None = None) -> None:
        super().__init__(version)
        self.version = version
