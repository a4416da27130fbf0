from django.utils.translation import gettext_lazy as _

from amparo.core.plugins import AmparoAppConfig


class ProgramsConfig(AmparoAppConfig):
    name = "amparo.programs"
    label = "programs"
    verbose_name = _("Programs")
    default_auto_field = "django.db.models.BigAutoField"
