from django import template

from ..selectors import history_of
from ..services import available_actions as _available_actions

register = template.Library()


@register.inclusion_tag("audit/history.html")
def history(obj, title=None, hide=()):
    """The object's history as a list, for the bottom of its page; `hide` leaves out actions this
    reader may not see (the host does not see the centre's costs)."""
    return {"entries": [entry for entry in history_of(obj) if entry.action not in hide], "title": title}


@register.simple_tag(takes_context=True)
def available_actions(context, obj):
    """`{% available_actions plan as actions %}` then `{% if "approved" in actions %}`: the buttons to show."""
    return _available_actions(obj, context["request"].user)
