from django.utils.translation import gettext_lazy as _

from amparo.core.plugins import AmparoAppConfig, Nav, SearchSource


class ArchiveConfig(AmparoAppConfig):
    name = "amparo.archive"
    label = "archive"
    verbose_name = _("Human-rights archive")
    nav = [Nav(40, "archive:index", _("Archive"), "archive.view")]
    policies = "amparo.archive.policies"
    search_sources = [SearchSource("archive", _("Archive"), "amparo.archive.selectors.global_search_hits")]
    audit_actions = {
        "archive.source.create": _("Archive source added"),
        "archive.source.change": _("Archive source changed"),
        "archive.source.file": _("Archive source file opened"),
        "archive.ocr.start": _("Reading of a scan started (OCR)"),
        "archive.ocr.done": _("Scan read (OCR)"),
        "archive.ocr.correct": _("Text read from a scan corrected"),
        "archive.event.create": _("Archive event added"),
        "archive.event.change": _("Archive event changed"),
        "archive.actor.create": _("Archive actor added"),
        "archive.actor.change": _("Archive actor changed"),
        "archive.act.create": _("Archive act added"),
        "archive.act.change": _("Archive act changed"),
        "archive.involvement.create": _("Perpetrator linked to an act"),
        "archive.involvement.change": _("Perpetrator's part in an act changed"),
        "archive.career.create": _("Career step added"),
        "archive.career.change": _("Career step changed"),
        "archive.access": _("Access level of an archive record changed"),
        "archive.vocabulary.create": _("Term added to the archive vocabulary"),
        "archive.import_muc3": _("MUC-3 reports imported"),
        "archive.import_csv": _("Archive CSV imported"),
        "archive.import_csv.start": _("Archive CSV import started"),
        "archive.report": _("Archive report produced"),
        "archive.export": _("Archive records exported"),
    }
