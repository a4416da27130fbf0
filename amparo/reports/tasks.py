"""A report prepared in the background: computed with progress, written as a file for whoever asked."""

from __future__ import annotations

from typing import Any

from django.utils.text import slugify
from django_tasks import task

from amparo.core.i18n import language as in_language
from amparo.core.permissions import can
from amparo.core.tracked import Run, tracked


@task()
@tracked("Report", chunk=1)
def prepare_report(run: Run, key: str, params: dict[str, Any], fmt: str, language: str, office: str = "") -> str:
    """The report ``key`` for ``params`` (``Params.to_json``) as a ``fmt`` file, in ``language``.

    Progress: one step per part the report computes (``Report.steps``), and one for the file. A
    result already computed since the data last changed is taken from the cache."""
    from . import base, formats
    from .base import Params

    report = base.get(key)
    chosen = Params.from_json(params)
    if report.capability and not can(run.owner, report.capability):
        run.fail("PermissionDenied")  # the asker lost the right since asking
        return ""
    with in_language(language):
        total = report.steps(chosen) + 1
        run.start(total=total)
        with base.progress(run.advance):
            tables = report.run(chosen)
        run.set(done=total - 1, total=total)  # a cached result skipped the steps
        data = formats.render(report, chosen, tables, fmt, office=office)
    path = run.result_path(f".{fmt}")
    path.write_bytes(data)
    run.advance()
    name = f"{slugify(key)}-{chosen.start:%Y%m%d}-{chosen.end:%Y%m%d}.{fmt}"
    return run.finish(path=path, name=name)
