"""python manage.py archive_reindex: rebuild the search index from the records."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from amparo.archive.indexing import reindex_all


class Command(BaseCommand):
    help = "Rebuild the archive's search index."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            count = reindex_all()
        self.stdout.write(f"{count} documents indexed")
