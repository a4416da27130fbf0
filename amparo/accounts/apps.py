from django.utils.translation import gettext_lazy as _

from amparo.core.plugins import AmparoAppConfig


class AccountsConfig(AmparoAppConfig):
    name = "amparo.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    policies = "amparo.accounts.policies"
    audit_actions = {
        "login": _("Signed in"),
        "logout": _("Signed out"),
        "login.failed": _("Failed sign-in"),
        "login.locked_out": _("Sign-in locked after repeated failures"),
        "password.change": _("Password changed"),
        "password.reset": _("Password reset by email"),
        "2fa.enrolled": _("Authenticator app set up"),
        "2fa.enroll_failed": _("Authenticator app set-up failed (wrong code)"),
        "2fa.verified": _("Second sign-in step passed"),
        "2fa.failed": _("Wrong code at the second sign-in step"),
        "2fa.backup_codes_regenerated": _("New backup codes made"),
        "api_token.create": _("API token created"),
        "api_token.revoke": _("API token revoked"),
        "user.create": _("User account created"),
        "user.update": _("User account changed"),
    }

    def ready(self) -> None:
        from . import signals  # noqa: F401  (sign-ins, sign-outs and failures go to the audit trail)
