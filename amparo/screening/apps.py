from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "amparo.screening"
    label = "screening"
    verbose_name = _("Screening")
    amparo_nav = [(20, "screening:list", _("Screening"), "screening.use")]

    def ready(self) -> None:
        from amparo.core import panels

        from . import policies  # noqa: F401
        from .selectors import screenings_for_person

        panels.register("person", "screening.person", order=30, capability="screening.use",
                        template="screening/_person_panel.html",
                        context=lambda request, person: {"person": person,
                                                         "screenings": screenings_for_person(request.user, person)})
