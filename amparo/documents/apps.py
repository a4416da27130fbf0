from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "amparo.documents"
    label = "documents"
    verbose_name = _("Documents")
    default_auto_field = "django.db.models.BigAutoField"
    # Administrators keep the fillable forms (mapped to case data) and the letters' wording.
    amparo_nav = [
        (95, "documents:filing:templates", _("Form templates"), "admin.site"),
        (96, "documents:letter_templates", _("Letter templates"), "admin.site"),
    ]

    def ready(self) -> None:
        from amparo.core.audit import register_action_labels

        register_action_labels({
            "document.upload": _("Document uploaded"),
            "document.version": _("New version of a document"),
            "document.update": _("Document details changed"),
            "document.withdraw": _("Document withdrawn"),
            "document.restore": _("Document restored"),
            "document.download": _("Document downloaded"),
            "document.letter": _("Letter generated"),
            "document.checklist.create": _("Document checklist prepared"),
            "document.checklist.add": _("Item added to the document checklist"),
            "document.checklist.update": _("Document checklist updated"),
            "document.owner.merge": _("Document moved by a merge of people"),
            "document.owner.merge.undo": _("Document moved back when a merge was undone"),
            "filing.fill": _("Form filled"),
            "filing.packet_start": _("Filing packet requested"),
            "filing.packet_built": _("Filing packet built"),
        })
        from . import (
            panels,  # noqa: F401  (the Documents panels on a case's and a person's page)
            policies,  # noqa: F401  (registers the document policies with the gate)
            search,  # noqa: F401  (registers the global-search provider)
        )
        from .filing.panels import register as register_filing
        register_filing()
        # Merging two people: the dropped person's documents go to the kept person (and back on undo).
        from amparo.people.services import MERGE_HOOKS

        from .merge import DocumentMergeHook

        MERGE_HOOKS["documents.person"] = DocumentMergeHook()
