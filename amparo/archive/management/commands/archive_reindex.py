"""python manage.py archive_reindex [--source ID] [--batch N] [--restart]: rebuild the search index.

Every source, then every event, is indexed again from its record, ``--batch`` records per
transaction, in key order; after each batch the place reached is written to
``<AMPARO_VAR_DIR>/archive_reindex.json`` and a progress line is printed. A rebuild that stops
(an error, Ctrl-C, a restart of the machine) continues from there when the command runs again
(``--restart`` starts over). At the end, documents whose record is gone are dropped and the
checkpoint file is removed. ``--source`` indexes one source (its identifier or number) only.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from amparo.archive import indexing
from amparo.archive.models import Source

LABELS = {"source": "sources", "event": "events"}


def checkpoint_path() -> Path:
    return Path(settings.VAR_DIR) / "archive_reindex.json"


class Command(BaseCommand):
    help = "Rebuild the archive's search index (all sources and events, or one source); resumable."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--source", help="only this source (its identifier, or its number)")
        parser.add_argument("--batch", type=int, default=500, help="records indexed per transaction")
        parser.add_argument("--restart", action="store_true",
                            help="start over, ignoring where an interrupted rebuild had stopped")

    def handle(self, *args: Any, source: str | None, batch: int, restart: bool, **options: Any) -> None:
        if source:
            self._one(source)
            return
        path = checkpoint_path()
        state = {"kind": indexing.KINDS[0], "after": 0}
        if path.exists() and not restart:
            state = json.loads(path.read_text())
            self.stdout.write(f"Resuming an interrupted rebuild after {state['kind']} {state['after']} "
                              f"({path}; --restart to start over)")
        started = time.perf_counter()
        indexed = 0
        for kind in indexing.KINDS[indexing.KINDS.index(state["kind"]):]:
            after = state["after"] if kind == state["kind"] else 0
            done = indexing.count_records(kind) - indexing.count_records(kind, after=after)
            total = indexing.count_records(kind)
            while (last := indexing.reindex_batch(kind, after=after, size=max(1, batch))) is not None:
                after, done, indexed = last[0], done + last[1], indexed + last[1]
                path.write_text(json.dumps({"kind": kind, "after": after}))
                rate = indexed / max(time.perf_counter() - started, 1e-6)
                self.stdout.write(f"{LABELS[kind]}: {done}/{total} ({100 * done // max(total, 1)}%, "
                                  f"{rate:.0f} a second)")
            if not total:
                self.stdout.write(f"{LABELS[kind]}: 0/0")
        removed = indexing.remove_orphans()
        path.unlink(missing_ok=True)
        self.stdout.write(f"{indexed} documents indexed, {removed} stale documents removed "
                          f"in {time.perf_counter() - started:.1f} s")

    def _one(self, wanted: str) -> None:
        found = Source.objects.filter(identifier=wanted).first()
        if found is None and wanted.isdigit():
            found = Source.objects.filter(pk=int(wanted)).first()
        if found is None:
            raise CommandError(f"No source {wanted!r} (give its identifier or its number).")
        with transaction.atomic():
            indexing.index_source(found)
        self.stdout.write(f"1 document indexed: {found.identifier}")
