"""The human-rights archive: the HURIDOCS Events Standard Formats model, with dated careers.

Sources (clippings, reports, testimonies, photographs, chronology entries) document events;
an event is made of acts (one victim, one act type, a date and a place); an involvement ties
a perpetrator to an act; careers place a person in a unit with a rank, between two partial
dates. Every record keeps the source it came from. The same real person named in several
sources is linked (``Actor.same_as``) without merging the sources.

Each record has an access level: public (published), staff, or restricted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from amparo.core.partial_dates import PartialDate, span_display


class Access(models.TextChoices):
    PUBLIC = "public", _("Public (published)")
    STAFF = "staff", _("Staff")
    RESTRICTED = "restricted", _("Restricted")


class Vocabulary(models.Model):
    """A bilingual controlled term that archivists can extend."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_en = models.CharField(_("name in English"), max_length=120)
    name_es = models.CharField(_("name in Spanish"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_es if (get_language() or "en").startswith("es") else self.name_en


class ActType(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("act type")
        verbose_name_plural = _("act types")


class SourceType(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("source type")
        verbose_name_plural = _("source types")


class Place(models.Model):
    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        DEPARTMENT = "department", _("Department")
        MUNICIPALITY = "municipality", _("Municipality")
        VILLAGE = "village", _("Village or canton")
        OTHER = "other", _("Other place")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    code = models.CharField(_("ISO 3166 code"), max_length=10, blank=True, db_index=True,
                            help_text=_("ISO 3166-1 for countries, ISO 3166-2 for departments (SV-SS)."))
    parent = models.ForeignKey("self", verbose_name=_("within"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    search_name = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]
        indexes = [models.Index(fields=["search_name", "kind"], name="archive_place_name_idx")]

    def __str__(self) -> str:
        parent = self.parent if self.parent_id else None
        if parent is not None and parent.kind != self.Kind.COUNTRY:
            return f"{self.name}, {parent.name}"
        return self.name

    def save(self, *args, **kwargs) -> None:
        from .text import fold

        self.search_name = fold(self.name)
        super().save(*args, **kwargs)


class Dated(models.Model):
    """A record with a partial date: the text form plus the first and last day it can mean."""

    date = models.CharField(_("date"), max_length=20, blank=True,
                            help_text=_("YYYY, YYYY-MM or YYYY-MM-DD; add ~ for “around”."))
    date_lo = models.DateField(null=True, blank=True, editable=False, db_index=True)
    date_hi = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def partial_date(self) -> PartialDate | None:
        return PartialDate.parse(self.date)

    def date_display(self) -> str:
        value = self.partial_date
        return value.display() if value else ""

    def save(self, *args, **kwargs) -> None:  # noqa: DJ012
        value = PartialDate.parse(self.date)
        self.date = value.edtf() if value else ""
        self.date_lo, self.date_hi = (value.lo, value.hi) if value else (None, None)
        super().save(*args, **kwargs)


class Record(models.Model):
    access = models.CharField(_("access"), max_length=12, choices=Access.choices, default=Access.STAFF,
                              db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    @property
    def is_public(self) -> bool:
        return self.access == Access.PUBLIC


class Source(Record, Dated):
    """Where information comes from. Dublin Core fields are kept for harvesting (OAI-PMH)."""

    identifier = models.CharField(_("identifier"), max_length=100, unique=True)
    source_type = models.ForeignKey(SourceType, verbose_name=_("source type"), on_delete=models.PROTECT)
    title = models.CharField(_("title"), max_length=500)
    language = models.CharField(_("language"), max_length=8, default="en",
                                help_text=_("ISO 639-1 code: en, es..."))
    outlet = models.CharField(_("outlet"), max_length=200, blank=True)
    place = models.ForeignKey(Place, verbose_name=_("place covered"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="sources")
    coverage = models.CharField(_("coverage as written"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to="archive/sources/", blank=True)
    creator = models.CharField(_("creator"), max_length=300, blank=True)
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    subject = models.CharField(_("subjects"), max_length=500, blank=True)
    rights = models.CharField(_("rights"), max_length=300, blank=True)
    relation = models.CharField(_("relation"), max_length=300, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Reading the scan (``ocr.py``): the text above is then machine-read (``text_from_ocr``),
    # page by page in ``ocr_pages``, and a searchable PDF/A is kept beside the file.
    ocr_status = models.CharField(_("reading of the scan"), max_length=10, blank=True, default="",
                                  choices=[("queued", _("waiting to be read")), ("running", _("being read")),
                                           ("done", _("read")), ("failed", _("could not be read"))])
    ocr_languages = models.CharField(max_length=30, blank=True, default="", editable=False)
    ocr_file = models.FileField(_("searchable PDF"), upload_to="archive/sources/", blank=True, editable=False)
    text_from_ocr = models.BooleanField(_("text read by machine (OCR)"), default=False, editable=False)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["date_lo", "identifier"]

    def __str__(self) -> str:
        return self.title


class Event(Record):
    class Category(models.TextChoices):
        ABUSE = "abuse", _("Human-rights abuse")
        CONTEXT = "context", _("Political or military context")
        INSTITUTIONAL = "institutional", _("The center's own history")

    title = models.CharField(_("title"), max_length=300)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.ABUSE)
    date = models.CharField(_("start date"), max_length=20, blank=True,
                            help_text=_("YYYY, YYYY-MM or YYYY-MM-DD; add ~ for “around”."))
    end_date = models.CharField(_("end date"), max_length=20, blank=True)
    date_lo = models.DateField(null=True, blank=True, editable=False, db_index=True)
    date_hi = models.DateField(null=True, blank=True, editable=False)
    places = models.ManyToManyField(Place, verbose_name=_("places"), blank=True, related_name="events")
    description = models.TextField(_("description"), blank=True)
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), blank=True, related_name="events")

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["date_lo", "title"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        start, end = PartialDate.parse(self.date), PartialDate.parse(self.end_date)
        self.date = start.edtf() if start else ""
        self.end_date = end.edtf() if end else ""
        self.date_lo = start.lo if start else None
        self.date_hi = (end or start).hi if (end or start) else None
        super().save(*args, **kwargs)

    def date_display(self) -> str:
        start, end = PartialDate.parse(self.date), PartialDate.parse(self.end_date)
        if start and end and start != end:
            return span_display(start, end)
        return start.display() if start else ""


class Actor(Record):
    """A person or a group (a military unit, a security force, an organization)."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        UNIT = "unit", _("Military or police unit")
        GROUP = "group", _("Other group or organization")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("name"), max_length=300)
    aliases = models.TextField(_("other names"), blank=True, help_text=_("One per line: aliases, spellings, acronyms."))
    parent = models.ForeignKey("self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="subunits")
    same_as = models.ForeignKey("self", verbose_name=_("same real person or group as"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="also_named",
                                help_text=_("Links records from different sources without merging them."))
    source = models.ForeignKey(Source, verbose_name=_("named in"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="actors")
    notes = models.TextField(_("notes"), blank=True)
    search_name = models.CharField(max_length=300, editable=False, db_index=True)

    class Meta:
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        from .text import fold

        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class Act(Record, Dated):
    """One act against one victim: a killing, a disappearance, an arbitrary detention..."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="acts")
    act_type = models.ForeignKey(ActType, verbose_name=_("act type"), on_delete=models.PROTECT, related_name="acts")
    victim = models.ForeignKey(Actor, verbose_name=_("victim"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="suffered")
    victim_description = models.CharField(_("victim as described"), max_length=300, blank=True,
                                          help_text=_("When the victim is not named: “a catechist, 34”."))
    place = models.ForeignKey(Place, verbose_name=_("place"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="acts")
    source = models.ForeignKey(Source, verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="acts")
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("act")
        verbose_name_plural = _("acts")
        ordering = ["date_lo", "pk"]

    def __str__(self) -> str:
        return f"{self.act_type} — {self.event}"


class Involvement(models.Model):
    """Who did it: a perpetrator (a person or a unit) and how."""

    class Degree(models.TextChoices):
        DIRECT = "direct", _("Direct perpetrator")
        ORDERED = "ordered", _("Gave the order")
        COMMAND = "command", _("Command responsibility")
        COMPLICIT = "complicit", _("Accomplice")
        ALLEGED = "alleged", _("Alleged")

    act = models.ForeignKey(Act, verbose_name=_("act"), on_delete=models.CASCADE, related_name="involvements")
    perpetrator = models.ForeignKey(Actor, verbose_name=_("perpetrator"), on_delete=models.PROTECT,
                                    related_name="involvements")
    degree = models.CharField(_("degree"), max_length=12, choices=Degree.choices, default=Degree.DIRECT)
    source = models.ForeignKey(Source, verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="involvements")

    class Meta:
        verbose_name = _("involvement")
        verbose_name_plural = _("involvements")
        constraints = [models.UniqueConstraint(fields=["act", "perpetrator"], name="archive_involvement_unique")]

    def __str__(self) -> str:
        return f"{self.perpetrator} — {self.get_degree_display()}"


class Career(Record):
    """A person in a unit, with a rank and a position, between two partial dates."""

    person = models.ForeignKey(Actor, verbose_name=_("person"), on_delete=models.PROTECT, related_name="careers")
    unit = models.ForeignKey(Actor, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="members")
    rank = models.CharField(_("rank"), max_length=100, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True,
                                help_text=_("Commander, executive officer..."))
    is_command = models.BooleanField(_("in command"), default=False)
    start = models.CharField(_("from"), max_length=20, blank=True)
    end = models.CharField(_("to"), max_length=20, blank=True)
    start_lo = models.DateField(null=True, blank=True, editable=False)
    end_hi = models.DateField(null=True, blank=True, editable=False)
    source = models.ForeignKey(Source, verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="careers")

    class Meta:
        verbose_name = _("career")
        verbose_name_plural = _("careers")
        ordering = ["start_lo", "pk"]

    def __str__(self) -> str:
        return f"{self.person} — {self.unit} ({self.span_display()})"

    @property
    def start_date(self) -> PartialDate | None:
        return PartialDate.parse(self.start)

    @property
    def end_date(self) -> PartialDate | None:
        return PartialDate.parse(self.end)

    def span_display(self) -> str:
        return span_display(self.start_date, self.end_date)

    def save(self, *args, **kwargs) -> None:  # noqa: DJ012
        start, end = PartialDate.parse(self.start), PartialDate.parse(self.end)
        self.start = start.edtf() if start else ""
        self.end = end.edtf() if end else ""
        self.start_lo = start.lo if start else None
        self.end_hi = end.hi if end else None
        super().save(*args, **kwargs)


class OcrPage(models.Model):
    """One page of a source's scan as OCR read it, and a person's correction of it.

    ``text`` is what the machine read and is never changed; ``corrected_text`` (with who and
    when) is what people see and search once it is set.
    """

    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.CASCADE, related_name="ocr_pages")
    number = models.PositiveIntegerField(_("page"))
    text = models.TextField(_("text read by machine"), blank=True)
    confidence = models.FloatField(_("confidence"), null=True, blank=True,
                                   help_text=_("Mean word confidence of the OCR, 0 to 100."))
    read_at = models.DateTimeField(_("read"), auto_now_add=True)
    corrected_text = models.TextField(_("corrected text"), blank=True)
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("corrected by"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    corrected_at = models.DateTimeField(_("corrected"), null=True, blank=True)

    class Meta:
        verbose_name = _("scanned page")
        verbose_name_plural = _("scanned pages")
        ordering = ["source", "number"]
        constraints = [models.UniqueConstraint(fields=["source", "number"], name="archive_ocrpage_unique")]

    def __str__(self) -> str:
        return f"{self.source} p. {self.number}"

    @property
    def is_corrected(self) -> bool:
        return self.corrected_by_id is not None

    @property
    def current_text(self) -> str:
        return self.corrected_text if self.is_corrected else self.text


class OaiDeleted(models.Model):
    """A record once published and since withdrawn (no longer public, or deleted).

    OAI-PMH reports it as ``deleted`` for as long as the repository runs (``deletedRecord``
    ``persistent``), so harvesters remove their copy; republishing the record removes this row.
    Only the identifier, the sets and the time of withdrawal are kept: nothing of the content.
    """

    kind = models.CharField(max_length=10)
    local_id = models.CharField(max_length=100)
    sets = models.CharField(max_length=300, blank=True)  # " source source:clipping "
    datestamp = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("withdrawn record")
        verbose_name_plural = _("withdrawn records")
        ordering = ["datestamp", "pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "local_id"], name="archive_oaideleted_unique")]

    def __str__(self) -> str:
        return f"{self.kind}/{self.local_id}"


class SearchDocument(models.Model):  # noqa: DJ008
    """What full-text search reads: one row per source or event, kept by the services.

    ``terms`` holds the folded, stemmed and synonym-mapped words (see ``text.py``); the
    SQLite FTS5 table ``archive_fts`` and the PostgreSQL ``tsv`` column are built from it by
    database triggers (migration 0002). ``tags`` holds facet keys (``p12 u7 a-killing``).
    """

    kind = models.CharField(max_length=10)
    object_id = models.BigIntegerField()
    access = models.CharField(max_length=12, db_index=True)
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    terms = models.TextField(blank=True)
    tags = models.TextField(blank=True)
    identifier = models.CharField(max_length=100, blank=True)
    date = models.CharField(max_length=20, blank=True)
    date_lo = models.DateField(null=True, blank=True)
    date_hi = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=8, blank=True)
    source_type = models.CharField(max_length=50, blank=True)
    place = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="archive_searchdoc_unique")]
        indexes = [models.Index(fields=["date_lo"], name="archive_sdoc_date_idx")]


def _withdraw_deleted(sender: type[models.Model], instance: Source | Event, **kwargs: object) -> None:
    from .oai import record_deleted

    record_deleted(instance)


models.signals.post_delete.connect(_withdraw_deleted, sender=Source, dispatch_uid="archive_oai_source_deleted")
models.signals.post_delete.connect(_withdraw_deleted, sender=Event, dispatch_uid="archive_oai_event_deleted")
