from django.utils.translation import gettext_lazy as _

from amparo.core.plugins import AmparoAppConfig


class ClassesConfig(AmparoAppConfig):
    name = "amparo.classes"
    label = "classes"
    verbose_name = _("Classes")
    default_auto_field = "django.db.models.BigAutoField"
