from django import template

from ..selectors import history_of
from ..services import available_actions as _available_actions

register = template.Library()


@register.inclusion_tag("audit/history.html")
def history(obj, title=None):
    """The object's history as a list, for the bottom of its page."""
    return {"entries": list(history_of(obj)), "title": title}


@register.simple_tag(takes_context=True)
def available_actions(context, obj):
    """`{% available_actions plan as actions %}` then `{% if "approved" in actions %}`: the buttons to show."""
    return _available_actions(obj, context["request"].user)
