"""The audit trail: ``log_action`` is the one way anything is written to it.

Services call ``log_action`` inside their transaction, so an audited change and its
entry are committed together. Who and from where come from the current request
(set by ``RequestContextMiddleware``) unless given.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import hmac
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .middleware import client_ip, current_request
from .models import AuditEntry

MASK = "•••"


def _label(value: Any, limit: int) -> str:
    return str(value)[:limit] if value is not None else ""


def object_type(obj_or_model: Any) -> str:
    meta = obj_or_model._meta
    return f"{meta.app_label}.{meta.model_name}"


def log_action(
    *,
    action: str,
    actor: Any = None,
    obj: models.Model | None = None,
    changes: Mapping[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
    request: Any = None,
    object_label: str | None = None,
) -> AuditEntry:
    """Record that ``actor`` did ``action`` to ``obj``; returns the new entry.

    ``changes`` maps field names to ``[before, after]`` (see ``diff``). Only an
    ``obj``'s type, key and label are stored, never the object itself.
    """
    request = request if request is not None else current_request()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    entry = AuditEntry(
        action=action,
        actor=actor,
        actor_label=_label(getattr(actor, "email", actor), 254) if actor is not None else "",
        changes=dict(changes or {}),
        extra=dict(extra or {}),
    )
    if obj is not None:
        entry.object_type = object_type(obj)
        entry.object_id = _label(obj.pk, 64)
        entry.object_label = _label(object_label if object_label is not None else obj, 255)
    elif object_label:
        entry.object_label = _label(object_label, 255)
    if request is not None:
        entry.ip_address = client_ip(request)
        entry.user_agent = _label(request.META.get("HTTP_USER_AGENT", ""), 300)
        entry.request_id = getattr(request, "request_id", "")
    entry.save()
    return entry


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return value


def _digest(value: Any) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), str(value).encode(), hashlib.sha256).hexdigest()


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The audited state of ``obj``: concrete field values as JSON-able data.

    Fields named in the model's ``AUDIT_MASKED_FIELDS`` (A-numbers, SSNs, declarations)
    are recorded as changed or not, never with their value.
    """
    masked = set(getattr(obj, "AUDIT_MASKED_FIELDS", ()))
    names = list(fields) if fields is not None else [
        f.attname for f in obj._meta.concrete_fields if f.name not in {"password"}
    ]
    state: dict[str, Any] = {}
    for name in names:
        value = getattr(obj, name)
        state[name] = ("hash", _digest(value)) if name in masked else _plain(value)
    return state


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value differs, as ``{field: [before, after]}``; masked values show as •••."""
    changed: dict[str, list[Any]] = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        changed[key] = [
            MASK if isinstance(v, tuple) and v[:1] == ("hash",) else v for v in (old, new)
        ]
    return changed


# --- Actions in words ----------------------------------------------------------------------------
# Pages that list audit entries (the audit trail, a case's timeline) show each action in words. Each
# app declares the labels of its own actions as ``audit_actions`` on its AppConfig (core.plugins);
# every action code logged anywhere has one (core/tests/test_audit_actions.py).
_ACTION_LABELS: dict[str, Any] = {}
# Reference data edited in the admin is logged as "<model name>.create" / "<model name>.update".
_ADMIN_VERBS = {"create": _("Reference data added: %(model)s"), "update": _("Reference data changed: %(model)s")}


def register_action_labels(labels: Mapping[str, Any]) -> None:
    """``labels`` maps action codes to (lazily translated) words; called by ``core.plugins.load``."""
    _ACTION_LABELS.update(labels)


def declared_actions() -> dict[str, Any]:
    return dict(_ACTION_LABELS)


def _admin_label(action: str) -> str | None:
    model_name, _dot, verb = action.rpartition(".")
    if verb not in _ADMIN_VERBS or "." in model_name:
        return None
    from django.contrib import admin

    for model in admin.site._registry:
        if model._meta.model_name == model_name:
            return str(_ADMIN_VERBS[verb] % {"model": capfirst(model._meta.verbose_name)})
    return None


def action_label(action: str) -> str:
    """The action in words, in the active language; an unknown code is shown as itself."""
    if action in _ACTION_LABELS:
        return str(_ACTION_LABELS[action])
    return _admin_label(action) or action
