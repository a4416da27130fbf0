"""manage.py report NAME --from DATE --to DATE --format csv|xlsx|pdf|json [--office ID] [--program KEY]
[--funder ID] [--outside] [--out FILE]"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from amparo.accounts.models import Office
from amparo.core.plugins import served_sources
from amparo.reports import base, formats
from amparo.reports.base import Params
from amparo.reports.forms import funders


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"“{text}” is not a date (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = "Print a report (the same numbers as its page): " + ", ".join(r.key for r in base.reports())

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--from", dest="start", required=True)
        parser.add_argument("--to", dest="end", required=True)
        parser.add_argument("--format", default="json", choices=formats.FORMATS)
        parser.add_argument("--office", help="an office's number or exact name")
        parser.add_argument("--program", help="a program's key (legal, classes, loans…)")
        parser.add_argument("--funder", help="a funder's number or exact name (the work its awarded grants pay for)")
        parser.add_argument("--outside", action="store_true", help="hide small counts, for people outside")
        parser.add_argument("--out", help="write to this file (needed for xlsx and pdf unless piped)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = base.get(options["name"])
        except KeyError:
            raise CommandError(f"No report “{options['name']}”. Reports: "
                               + ", ".join(r.key for r in base.reports())) from None
        office = None
        if options["office"]:
            found = Office.objects.filter(pk=int(options["office"])) if options["office"].isdigit() else \
                Office.objects.filter(name=options["office"])
            office = found.first()
            if office is None:
                raise CommandError(f"No office “{options['office']}”.")
        program = options["program"] or ""
        keys = [source.key for source in served_sources()]
        if program and program not in keys:
            raise CommandError(f"No program “{program}”. Programs: " + ", ".join(keys))
        funder = None
        if options["funder"]:
            found = funders()
            found = found.filter(pk=int(options["funder"])) if options["funder"].isdigit() else \
                found.filter(name=options["funder"])
            funder = found.first()
            if funder is None:
                raise CommandError(f"No funder “{options['funder']}” with an awarded grant that pays for a program.")
        try:
            params = Params(start=_date(options["start"]), end=_date(options["end"]),
                            office_id=office.pk if office else None, program=program,
                            funder_id=funder.pk if funder else None, outside=options["outside"],
                            threshold=settings.AMPARO_REPORT_SMALL_CELL)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        unused = report.unused_filters(params)
        if unused:
            raise CommandError(f"The report “{report.key}” cannot be filtered by {', '.join(unused)}; "
                               f"it takes: {', '.join(sorted(report.filters)) or 'dates only'}.")
        tables = report.run(params)
        fmt = options["format"]
        data = formats.render(report, params, tables, fmt, office=formats.scope(params))
        if options["out"]:
            with open(options["out"], "wb") as handle:
                handle.write(data)
            self.stderr.write(f"Written: {options['out']}")
        elif fmt in ("json", "csv"):
            self.stdout.write(data.decode().lstrip("\ufeff"))
        elif sys.stdout.isatty():
            raise CommandError("An XLSX or PDF report needs --out FILE (or a pipe).")
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
