from django.utils.translation import gettext_lazy as _

from amparo.core.plugins import AmparoAppConfig, MergeHook, Nav, Panel, SearchSource


class DocumentsConfig(AmparoAppConfig):
    name = "amparo.documents"
    label = "documents"
    verbose_name = _("Documents")
    default_auto_field = "django.db.models.BigAutoField"
    # Administrators keep the fillable forms (mapped to case data) and the letters' wording.
    nav = [
        Nav(95, "documents:filing:templates", _("Form templates"), "admin.site"),
        Nav(96, "documents:letter_templates", _("Letter templates"), "admin.site"),
    ]
    policies = ("amparo.documents.policies", "amparo.documents.filing.policies")
    panels = [
        Panel("case", "documents", order=30, capability="cases.view", template="documents/_panel.html",
              context="amparo.documents.panels.case_context"),
        Panel("case", "documents.filing", order=35, capability="cases.view",
              template="documents/filing/_case_panel.html", context="amparo.documents.filing.views.case_panel_context"),
        Panel("person", "documents", order=40, capability="people.view", template="documents/_panel.html",
              context="amparo.documents.panels.person_context"),
    ]
    search_sources = [SearchSource("documents", _("Documents"), "amparo.documents.search.search")]
    # Merging two people: the dropped person's documents go to the kept person (and back on undo).
    merge_hooks = [MergeHook("documents.person", "amparo.documents.merge.DocumentMergeHook")]
    audit_actions = {
        "document.upload": _("Document uploaded"),
        "document.version": _("New version of a document"),
        "document.update": _("Document details changed"),
        "document.withdraw": _("Document withdrawn"),
        "document.restore": _("Document restored"),
        "document.download": _("Document downloaded"),
        "document.letter": _("Letter generated"),
        "document.letter_template": _("Letter template changed"),
        "document.checklist.create": _("Document checklist prepared"),
        "document.checklist.add": _("Item added to the document checklist"),
        "document.checklist.update": _("Document checklist updated"),
        "document.owner.merge": _("Document moved by a merge of people"),
        "document.owner.merge.undo": _("Document moved back when a merge was undone"),
        "filing.template_upload": _("Form template uploaded"),
        "filing.template_active": _("Form template switched on or off"),
        "filing.mappings": _("Form field mappings saved"),
        "filing.fill": _("Form filled"),
        "filing.packet_start": _("Filing packet requested"),
        "filing.packet_built": _("Filing packet built"),
    }
