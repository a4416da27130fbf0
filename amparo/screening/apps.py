from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "amparo.screening"
    label = "screening"
    verbose_name = _("Screening")
    amparo_nav = [(20, "screening:list", _("Screening"), "screening.use")]

    def ready(self) -> None:
        from . import policies  # noqa: F401
