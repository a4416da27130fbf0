from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "amparo.people"
    label = "people"
    verbose_name = _("People")
    default_auto_field = "django.db.models.BigAutoField"
    amparo_nav = [
        (10, "people:list", _("People"), "people.view"),
        (15, "people:intake", _("Intake"), "people.create"),
    ]

    def ready(self) -> None:
        from . import (
            policies,  # noqa: F401  (registers the people policies with the gate)
            search,  # noqa: F401  (registers the global-search provider)
        )
