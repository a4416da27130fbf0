"""python manage.py archive_search "QUERY" [--limit N] [--json]: search the archive from scripts."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from amparo.archive import search
from amparo.archive.models import Access


class Command(BaseCommand):
    help = "Search the archive; prints identifiers, titles, dates and scores in rank order."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("query")
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--json", action="store_true", help="one JSON document on standard output")
        parser.add_argument("--include-restricted", action="store_true",
                            help="also search staff and restricted records (default: staff and public)")

    def handle(self, *args: Any, query: str, limit: int, **options: Any) -> None:
        levels = tuple(Access.values) if options["include_restricted"] else (Access.PUBLIC, Access.STAFF)
        results = search.search(query, levels=levels, limit=max(1, limit), snippets=False)
        hits = [{"rank": n, "kind": h.kind, "identifier": h.identifier, "title": h.title, "date": h.date,
                 "score": h.score} for n, h in enumerate(results.hits, start=1)]
        if options["json"]:
            self.stdout.write(json.dumps({"query": query, "backend": search.backend().name, "total": results.total,
                                          "hits": hits}, ensure_ascii=False))
            return
        for hit in hits:
            self.stdout.write(f"{hit['rank']:>3}  {hit['score']:>8.3f}  {hit['date'] or '----':<10}  "
                              f"{hit['identifier']:<16}  {hit['title']}")
        self.stdout.write(f"{results.total} found")
