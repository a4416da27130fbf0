"""Sign-ins, sign-outs, failed sign-ins and lock-outs go to the audit trail."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from amparo.core.audit import log_action


@receiver(user_logged_in, dispatch_uid="amparo_audit_login")
def audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    log_action(action="login", actor=user, obj=user, request=request)


@receiver(user_logged_out, dispatch_uid="amparo_audit_logout")
def audit_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        log_action(action="logout", actor=user, obj=user, request=request)


@receiver(user_login_failed, dispatch_uid="amparo_audit_login_failed")
def audit_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    attempted = str(credentials.get("username") or credentials.get("email") or "")[:254]
    log_action(action="login.failed", request=request, object_label=attempted, extra={"email": attempted})


@receiver(user_locked_out, dispatch_uid="amparo_audit_locked_out")
def audit_locked_out(sender: Any, request: Any, username: str | None = None, **kwargs: Any) -> None:
    log_action(action="login.locked_out", request=request, object_label=username or "",
               extra={"email": username or ""})
