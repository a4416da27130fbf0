from typing import Any

from django import template
from django.utils.formats import localize
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def audit_value(value: Any) -> str:
    """A recorded before/after value as a person reads it, in their language."""
    if value is None or value == "":
        return "—"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if isinstance(value, list):
        return ", ".join(audit_value(v) for v in value) or "—"
    return str(localize(value))
