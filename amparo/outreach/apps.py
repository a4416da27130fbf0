from django.utils.translation import gettext_lazy as _

from amparo.core.plugins import AmparoAppConfig


class OutreachConfig(AmparoAppConfig):
    name = "amparo.outreach"
    label = "outreach"
    verbose_name = _("Outreach")
    default_auto_field = "django.db.models.BigAutoField"
