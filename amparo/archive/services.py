"""Writes of the archive. Views, API, commands and tasks all call these; each runs in one
transaction and leaves one audit entry. The search index is kept here too."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from amparo.accounts.roles import has_capability
from amparo.core.audit import diff, log_action, snapshot

from . import indexing, muc3, oai, places
from .models import Access, Act, Actor, ActType, Career, Event, Involvement, Source, SourceType

log = logging.getLogger(__name__)


def _check_publish(by: Any, before: str | None, after: str) -> None:
    """Publishing (or taking back) a record needs ``archive.publish``; commands run as the system."""
    if by is None:
        return
    changes_public = (after == Access.PUBLIC) != (before == Access.PUBLIC) if before else after == Access.PUBLIC
    if changes_public and not has_capability(by, "archive.publish"):
        raise PermissionDenied("archive.publish")


def _parse_dates(instance: models.Model, names: Iterable[str]) -> None:
    from amparo.core.partial_dates import PartialDate

    errors = {}
    for name in names:
        try:
            PartialDate.parse(getattr(instance, name))
        except ValueError as exc:
            errors[name] = str(exc)
    if errors:
        raise ValidationError(errors)


def _snap(instance: models.Model) -> dict[str, Any]:
    """The audited state; files are recorded by name."""
    plain = [f.attname for f in instance._meta.concrete_fields if not isinstance(f, models.FileField)]
    state = snapshot(instance, plain)
    for f in instance._meta.concrete_fields:
        if isinstance(f, models.FileField):
            state[f.attname] = getattr(instance, f.attname).name or ""
    return state


def _save(instance: models.Model, data: dict[str, Any], *, by: Any, action: str,
          date_fields: Iterable[str] = ("date",), index: Callable[[Any], Any] | None = None) -> models.Model:
    creating = instance.pk is None
    before_access = None if creating else type(instance).objects.values_list("access", flat=True).get(pk=instance.pk)
    before = _snap(instance) if not creating else {}
    for name, value in data.items():
        setattr(instance, name, value)
    _parse_dates(instance, date_fields)
    if hasattr(instance, "access"):
        _check_publish(by, before_access, instance.access)
    if creating and hasattr(instance, "created_by_id") and by is not None:
        instance.created_by = by
    instance.full_clean(exclude=["created_by"])
    instance.save()
    if isinstance(instance, Source | Event):
        oai.access_changed(instance, before_access, instance.access)
    if index is not None:
        index(instance)
    log_action(action=f"{action}.{'create' if creating else 'change'}", actor=by, obj=instance,
               changes=diff(before, _snap(instance)))
    return instance


@transaction.atomic
def source_save(*, by: Any, data: dict[str, Any], source: Source | None = None,
                read_scan: bool | None = None) -> Source:
    """Save a source; a new scan (PDF or image) is queued to be read when the source has no text yet
    (``read_scan`` True or False decides instead)."""
    from . import ocr

    saved = _save(source or Source(), data, by=by, action="archive.source", index=indexing.index_source)
    wanted = read_scan if read_scan is not None else not saved.text.strip()
    if data.get("file") and wanted and ocr.is_scan(saved.file.name):
        start_ocr(by=by, source=saved)
    return saved


@transaction.atomic
def event_save(*, by: Any, data: dict[str, Any], event: Event | None = None, places_: Iterable[Any] | None = None,
               sources: Iterable[Source] | None = None) -> Event:
    event = event or Event()

    def index(saved: Event) -> None:
        if places_ is not None:
            saved.places.set(list(places_))
        if sources is not None:
            saved.sources.set(list(sources))
        indexing.index_event_and_sources(saved)

    return _save(event, data, by=by, action="archive.event", date_fields=("date", "end_date"), index=index)


def _reindex_actor(actor: Actor) -> None:
    events = Event.objects.filter(acts__in=Act.objects.filter(
        models.Q(victim=actor) | models.Q(involvements__perpetrator=actor))).distinct()
    for event in events:
        indexing.index_event_and_sources(event)


@transaction.atomic
def actor_save(*, by: Any, data: dict[str, Any], actor: Actor | None = None) -> Actor:
    creating = actor is None
    return _save(actor or Actor(), data, by=by, action="archive.actor", date_fields=(),
                 index=None if creating else _reindex_actor)


@transaction.atomic
def act_save(*, by: Any, data: dict[str, Any], act: Act | None = None,
             perpetrators: Iterable[tuple[Actor, str]] | None = None) -> Act:
    def index(saved: Act) -> None:
        if perpetrators is not None:
            keep = []
            for actor, degree in perpetrators:
                involvement, _ = Involvement.objects.update_or_create(
                    act=saved, perpetrator=actor, defaults={"degree": degree, "source": saved.source})
                keep.append(involvement.pk)
            saved.involvements.exclude(pk__in=keep).delete()
        indexing.index_event_and_sources(saved.event)
        if saved.source_id:
            indexing.index_source(saved.source)

    return _save(act or Act(), data, by=by, action="archive.act", index=index)


@transaction.atomic
def involvement_add(*, by: Any, act: Act, perpetrator: Actor, degree: str = Involvement.Degree.DIRECT,
                    source: Source | None = None) -> Involvement:
    involvement, created = Involvement.objects.update_or_create(
        act=act, perpetrator=perpetrator, defaults={"degree": degree, "source": source or act.source})
    involvement.full_clean()
    indexing.index_event_and_sources(act.event)
    log_action(action="archive.involvement." + ("create" if created else "change"), actor=by, obj=involvement,
               extra={"act": act.pk, "perpetrator": perpetrator.pk, "degree": degree})
    return involvement


@transaction.atomic
def career_save(*, by: Any, data: dict[str, Any], career: Career | None = None) -> Career:
    def index(saved: Career) -> None:
        for event in Event.objects.filter(acts__involvements__perpetrator=saved.person).distinct():
            indexing.index_event_and_sources(event)

    return _save(career or Career(), data, by=by, action="archive.career", date_fields=("start", "end"),
                 index=index)


@transaction.atomic
def record_set_access(*, by: Any, obj: Source | Event | Actor | Act | Career, access: str) -> Any:
    """Publish, unpublish or restrict one record."""
    if access not in Access.values:
        raise ValidationError({"access": "unknown access level"})
    before = obj.access
    _check_publish(by, before, access)
    type(obj).objects.filter(pk=obj.pk).update(access=access)
    obj.refresh_from_db()
    if isinstance(obj, Source | Event):
        oai.access_changed(obj, before, access)
    if isinstance(obj, Source):
        indexing.index_source(obj)
    elif isinstance(obj, Event):
        indexing.index_event_and_sources(obj)
    elif isinstance(obj, Act):
        indexing.index_event_and_sources(obj.event)
    log_action(action="archive.access", actor=by, obj=obj, changes={"access": [before, access]})
    return obj


@transaction.atomic
def vocabulary_add(*, by: Any, model: type[ActType] | type[SourceType], code: str, name_en: str,
                   name_es: str, description: str = "") -> ActType | SourceType:
    """Archivists extend the controlled vocabularies: a new term with its English and Spanish names."""
    term = model(code=code, name_en=name_en.strip(), name_es=name_es.strip(), description=description)
    term.full_clean()
    term.save()
    log_action(action="archive.vocabulary.create", actor=by, obj=term,
               extra={"vocabulary": model._meta.model_name, "code": code})
    return term


# --- MUC-3 import ---------------------------------------------------------------------------

@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def as_dict(self) -> dict[str, Any]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "errors": [{"file": f, "reason": r} for f, r in self.errors]}


@transaction.atomic
def import_muc3(*, directory: Path | str, by: Any = None, access: str = Access.PUBLIC,
                progress: Callable[[int, int], None] | None = None) -> ImportReport:
    """Import (or refresh) the MUC-3 XHTML reports in ``directory``; running it twice changes nothing.

    Files that cannot be read are reported with their reason; the others are kept.
    """
    directory = Path(directory)
    files = sorted(p for p in directory.iterdir() if p.suffix.lower() in {".xhtml", ".xml", ".html"})
    clipping, _ = SourceType.objects.get_or_create(
        code="clipping", defaults={"name_en": "News clipping", "name_es": "Recorte de prensa"})
    existing = {s.identifier: s for s in Source.objects.filter(identifier__startswith="")
                .only("id", "identifier", "content_hash", "access")}
    report = ImportReport()
    place_cache: dict[tuple[str, str], Any] = {}
    for number, path in enumerate(files, start=1):
        try:
            item = muc3.parse(path)
        except (muc3.BadReport, OSError, UnicodeDecodeError) as exc:
            report.errors.append((path.name, str(exc)))
            continue
        current = existing.get(item.identifier)
        if current is not None and current.content_hash == item.content_hash:
            report.unchanged += 1
        else:
            key = (item.place, item.country)
            if key not in place_cache:
                place_cache[key] = places.resolve_dateline(item.place, item.country)
            source = current or Source(identifier=item.identifier, access=access)
            if current is not None:
                source = Source.objects.get(pk=current.pk)
            for name, value in {
                "source_type": clipping, "title": item.title, "date": item.date, "language": "en",
                "outlet": item.outlet, "place": place_cache[key], "coverage": item.coverage, "text": item.text,
                "publisher": "MUC-3 / NIST", "rights": "Public domain",
                "description": item.feed, "content_hash": item.content_hash,
                "relation": "http://www-nlpir.nist.gov/related_projects/muc/",
            }.items():
                setattr(source, name, value)
            source.save()
            indexing.index_source(source)
            if current is None:
                report.created += 1
            else:
                report.updated += 1
        if progress is not None:
            progress(number, len(files))
    log_action(action="archive.import_muc3", actor=by, object_label=str(directory.name),
               extra={k: v for k, v in report.as_dict().items() if k != "errors"} | {"errors": len(report.errors)})
    return report


# --- CSV import --------------------------------------------------------------------------------

def import_csv(*, by: Any, kind: str, data: bytes,
               progress: Callable[[int], None] | None = None) -> Any:
    """Import rows of ``kind``; every rejected row is reported with its line and reason, good rows are kept.

    One transaction for the whole file, a savepoint per row, one audit entry.
    """
    from django.utils.translation import gettext as _

    from amparo.core.csv_import import CsvFileError, decode, read_rows

    from .exports import CSV_COLUMNS, CsvReport, RowError, _error_text, import_row

    report = CsvReport(kind=kind)
    with transaction.atomic():
        header: list[str] = []
        rows: Any = iter(())
        try:
            header, rows = read_rows(decode(data))
        except CsvFileError as exc:
            report.errors.append(RowError(1, str(exc)))
        required = {"careers": {"person", "unit"}, "acts": {"event", "act_type"}}.get(kind, {"name"} if kind == "actors"
                                                                                        else {"title"})
        missing = required - set(header)
        if header and missing:
            columns = ", ".join(sorted(missing))
            report.errors.append(RowError(1, _("Missing columns: %(columns)s") % {"columns": columns}))
            rows = iter(())
        for row in rows:
            if row.values is None:  # broken quoting or a wrong number of values: refused as read
                report.errors.append(RowError(row.line, row.error))
            else:
                try:
                    with transaction.atomic():
                        import_row(kind, row.values, by)
                    report.saved += 1
                except (ValidationError, PermissionDenied, ValueError) as exc:
                    report.errors.append(RowError(row.line, _error_text(exc),
                                                  {k: v for k, v in row.values.items() if k}))
            if progress is not None:
                progress(row.line - 1)
        unknown = set(header) - set(CSV_COLUMNS[kind])
        log_action(action="archive.import_csv", actor=by, object_label=kind,
                   extra={"saved": report.saved, "rejected": len(report.errors), "ignored_columns": sorted(unknown)})
    return report


@transaction.atomic
def start_csv_import(*, by: Any, kind: str, upload: Any) -> Any:
    """Store the upload outside the web root and queue its import; progress is shown to ``by``."""
    from django.conf import settings

    from amparo.core.models import TaskProgress

    from .tasks import import_csv_task

    progress = TaskProgress.objects.create(owner=by, kind="archive.import_csv", label=f"{kind}: {upload.name}"[:255])
    folder = Path(settings.MEDIA_ROOT) / "archive" / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{progress.pk}.csv"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    path.chmod(0o600)
    log_action(action="archive.import_csv.start", actor=by, obj=progress, extra={"kind": kind})
    transaction.on_commit(lambda: import_csv_task.enqueue(str(progress.pk), kind))
    return progress


# --- Reading scans (OCR) -------------------------------------------------------------------------

def ocr_workdir(source: Source) -> Path:
    from django.conf import settings

    return Path(settings.MEDIA_ROOT) / "archive" / "ocr-work" / str(source.pk)


def ocr_languages_for(source: Source) -> str:
    return "eng+spa" if source.language == "en" else "spa+eng"


@transaction.atomic
def start_ocr(*, by: Any, source: Source, languages: str = "") -> Any:
    """Queue the reading of ``source``'s file; pages already read are kept (the reading resumes).

    Returns the ``TaskProgress`` that shows how far it got.
    """
    from amparo.core.models import TaskProgress

    from . import ocr
    from .tasks import ocr_source_task

    if not source.file or not ocr.is_scan(source.file.name):
        raise ValidationError(_t("Only a PDF or an image (TIFF, JPEG, PNG) can be read."))
    languages = languages or ocr_languages_for(source)
    if source.ocr_languages and source.ocr_languages != languages:
        source.ocr_pages.all().delete()  # read again in other languages: nothing kept
    Source.objects.filter(pk=source.pk).update(ocr_status="queued", ocr_languages=languages)
    progress = TaskProgress.objects.create(owner=by, kind="archive.ocr",
                                           label=f"OCR: {source.identifier}"[:255])
    log_action(action="archive.ocr.start", actor=by, obj=source, extra={"languages": languages})
    transaction.on_commit(lambda: ocr_source_task.enqueue(str(progress.pk), source.pk))
    return progress


def _t(message: str) -> str:
    from django.utils.translation import gettext

    return gettext(message)


def ocr_page_read(*, source: Source, page: Any) -> None:
    """Keep one page as read (``ocr.PageText``), at once: a run that stops resumes after it."""
    from .models import OcrPage

    OcrPage.objects.update_or_create(source=source, number=page.number,
                                     defaults={"text": page.text, "confidence": page.confidence})


def _ocr_text(source: Source) -> str:
    return "\n\n".join(p.current_text for p in source.ocr_pages.order_by("number") if p.current_text.strip())


@transaction.atomic
def ocr_finish(*, by: Any, source: Source, searchable: str = "") -> Source:
    """The pages read become the source's text (marked as machine-read) and the source is indexed again."""
    source = Source.objects.select_for_update().get(pk=source.pk)
    source.text = _ocr_text(source)
    source.text_from_ocr = True
    source.ocr_status = "done"
    if searchable:
        source.ocr_file.name = searchable
    source.save()
    indexing.index_source(source)
    pages = list(source.ocr_pages.values_list("confidence", flat=True))
    known = [c for c in pages if c is not None]
    log_action(action="archive.ocr.done", actor=by, obj=source,
               extra={"pages": len(pages), "mean_confidence": round(sum(known) / len(known), 1) if known else None})
    return source


def ocr_failed(*, source: Source) -> None:
    Source.objects.filter(pk=source.pk).update(ocr_status="failed")


@transaction.atomic
def ocr_page_correct(*, by: Any, page: Any, text: str) -> Any:
    """A person's correction of a page: kept with its author; the machine's reading stays as it was."""
    from django.utils import timezone

    before = page.current_text
    page.corrected_text = text.strip()
    page.corrected_by = by
    page.corrected_at = timezone.now()
    page.save(update_fields=["corrected_text", "corrected_by", "corrected_at"])
    source = Source.objects.select_for_update().get(pk=page.source_id)
    if source.text_from_ocr:
        source.text = _ocr_text(source)
        source.save()
        indexing.index_source(source)
    log_action(action="archive.ocr.correct", actor=by, obj=source,
               changes={f"page {page.number}": [before, page.corrected_text]})
    return page


def source_files_in(folder: Path | str) -> list[Path]:
    """The scans in ``folder`` (PDF, TIFF, JPEG, PNG), by name."""
    from . import ocr

    return sorted(p for p in Path(folder).iterdir() if p.is_file() and ocr.is_scan(p))


def import_scans(*, folder: Path | str, by: Any = None, source_type: str = "clipping", language: str = "es",
                 access: str = Access.STAFF, prefix: str = "SCAN") -> list[tuple[Source, Any]]:
    """One staff source per scan in ``folder`` (identifier ``PREFIX-<file name>``), each queued to be read.

    A scan already imported (same identifier) is not imported twice.
    """
    from django.core.files import File

    kind, _created = SourceType.objects.get_or_create(
        code=source_type, defaults={"name_en": "News clipping", "name_es": "Recorte de prensa"})
    started = []
    for path in source_files_in(folder):
        identifier = f"{prefix}-{path.stem}"[:100]
        if Source.objects.filter(identifier=identifier).exists():
            continue
        with path.open("rb") as handle:
            source = source_save(by=by, read_scan=False, data={
                "identifier": identifier, "source_type": kind, "title": path.stem.replace("_", " ")[:500],
                "language": language, "access": access, "file": File(handle, name=path.name)})
        started.append((source, start_ocr(by=by, source=source)))
    return started
