"""Template filters for coe-ui's table templates."""
from django import template

register = template.Library()


@register.filter
def row_display(action):
    """What the table calls the row a bound row action acts on (its name)."""
    return action.table.get_object_display(action.datum)
