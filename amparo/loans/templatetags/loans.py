from decimal import Decimal

from django import template

register = template.Library()


@register.simple_tag
def owed(parts, number):
    """What is left of installment ``number`` (from services.Position.parts)."""
    return sum((parts or {}).get(number, {}).values(), Decimal("0.00"))
