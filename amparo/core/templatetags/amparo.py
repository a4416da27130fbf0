from typing import Any

from django import template
from django.utils.formats import localize
from django.utils.safestring import mark_safe
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


@register.filter
def action_label(action: str) -> str:
    """An audited action in words, in the reader's language (each app's AppConfig.audit_actions)."""
    from amparo.core.audit import action_label as label

    return label(action)


@register.simple_tag(takes_context=True)
def panels(context: Any, place: str, obj: Any = None) -> str:
    """``{% panels "person" person %}``: what other modules add to this page (core.panels)."""
    from amparo.core import panels as registry

    rendered = registry.render(place, context["request"], obj)
    return mark_safe("".join(rendered))  # noqa: S308 (each panel is a rendered, escaped template)
