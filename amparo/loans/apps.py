from django.utils.translation import gettext_lazy as _

from amparo.core.plugins import AmparoAppConfig


class LoansConfig(AmparoAppConfig):
    name = "amparo.loans"
    label = "loans"
    verbose_name = _("Loans")
    default_auto_field = "django.db.models.BigAutoField"
