from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "amparo.archive"
    label = "archive"
    verbose_name = _("Human-rights archive")
    amparo_nav = [(40, "archive:index", _("Archive"), "archive.view")]

    def ready(self) -> None:
        from amparo.core import search as global_search

        from . import policies  # noqa: F401  (registers the archive's policies with the gate)
        from .selectors import global_search_hits

        global_search.register("archive", _("Archive"))(global_search_hits)
