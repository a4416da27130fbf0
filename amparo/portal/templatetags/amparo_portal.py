from django import template

from amparo.core.audit import action_label

register = template.Library()


@register.filter
def portal_action(action: str) -> str:
    return action_label(action)
