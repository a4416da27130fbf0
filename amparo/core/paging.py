"""Paging and filter parameters, bounded and validated in one place.

Every list in the API takes ``offset`` (and some ``limit``) through the annotated types below:
a negative, huge or non-numeric value (``-1``, ``99999999999999999999``, ``³``) is answered 422
with the field's message, never passed on to the database. HTML lists read ``?page=`` through
:func:`page_number` / :func:`get_page`: anything that is not a page number shows the first page,
a number past the end shows the last one.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.core.paginator import Page, Paginator
from pydantic import Field

# Far beyond any real list, far below what a database's OFFSET or a date can hold.
MAX_OFFSET = 1_000_000
MAX_PAGE = 100_000
# ``window`` filters ("deadlines in the next N days") go at most ten years ahead.
MAX_DAYS = 3660

# A record's number in a filter: what a database integer can hold (a larger one matches nothing,
# but would overflow the query).
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]

Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET, description="Rows to skip (0 to 1,000,000).")]


def Limit(default: int, maximum: int) -> Any:  # noqa: N802 - reads as a type in a signature
    """A page size from 1 to ``maximum``; e.g. ``limit: Limit(50, 500) = 50``."""
    return Annotated[int, Field(ge=1, le=maximum, description=f"Rows per page (1 to {maximum}; {default} if omitted).")]


# "overdue", or a number of days written with ASCII digits ("³" passes str.isdigit(), not int()).
WINDOW_PATTERN = r"^(overdue|[0-9]{1,4})?$"
Window = Annotated[str, Field(pattern=WINDOW_PATTERN, description=(
    f"'overdue', or a number of days from 0 to {MAX_DAYS}: cases with a deadline that soon."))]


def days(value: object, *, maximum: int = MAX_DAYS) -> int | None:
    """A number of days from ``value`` ("30", 30), or None if it is not one from 0 to ``maximum``."""
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or len(text) > len(str(maximum)):
        return None
    number = int(text)
    return number if number <= maximum else None


def page_number(raw: object, *, last: int | None = None) -> int:
    """The page asked for in ``?page=``: 1 for anything that is not a page number (empty,
    negative, "³", "abc"); a huge one is ``last`` (or :data:`MAX_PAGE`, which a paginator
    turns into its last page)."""
    text = str(raw or "").strip()
    if not (text.isascii() and text.isdigit()):
        return 1
    number = int(text) if len(text) <= len(str(MAX_PAGE)) else MAX_PAGE  # 10**20 is "the end" too
    return max(1, min(number, last if last is not None else MAX_PAGE))


def get_page(paginator: Paginator, raw: object) -> Page:
    """The page of ``paginator`` asked for in ``?page=``, bounded as :func:`page_number` says."""
    return paginator.get_page(page_number(raw))
