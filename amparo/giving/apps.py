from django.utils.translation import gettext_lazy as _

from amparo.core.plugins import AmparoAppConfig


class GivingConfig(AmparoAppConfig):
    name = "amparo.giving"
    label = "giving"
    verbose_name = _("Giving")
    default_auto_field = "django.db.models.BigAutoField"
