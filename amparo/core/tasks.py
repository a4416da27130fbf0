"""Background tasks of core. Tasks take primary keys and JSON, and can run again safely."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from .tracked import Run, tracked


@task()
@tracked("Audit export")
def export_audit_csv(run: Run, filters: dict[str, Any]) -> str:
    # The export is read with the permissions of whoever asked for it.
    from .exports import get

    return get("audit").write(run, fmt="csv", params=filters)
