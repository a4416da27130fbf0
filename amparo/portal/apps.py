from django.utils.translation import gettext_lazy as _

from amparo.core.plugins import AmparoAppConfig


class PortalConfig(AmparoAppConfig):
    name = "amparo.portal"
    label = "portal"
    verbose_name = _("Client portal")
    default_auto_field = "django.db.models.BigAutoField"
