"""Background work of legal cases. Tasks take primary keys and JSON, and can run again safely."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from amparo.core.tracked import Run, tracked


@task()
@tracked("Case export")
def export_cases(run: Run, filters: dict[str, Any], fmt: str = "csv") -> str:
    """The cases list, as filtered, for whoever asked — read with their permissions."""
    from amparo.core.exports import get

    return get("cases").write(run, fmt=fmt, params=filters)
