"""Panels on the role home page, contributed by each app's `home_panels` module.

An app registers a function that takes the request and returns a `Panel` (or None when it has
nothing to say to this person), in the manner of Wagtail hooks.
"""

from dataclasses import dataclass, field

from django.template.loader import render_to_string

_registry = []


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100

    def render(self, request):
        return render_to_string(self.template, self.context, request=request)


def register(func):
    _registry.append(func)
    return func


def panels_for(request):
    """The panels that have something to say to this person, rendered, in order."""
    panels = [panel for func in _registry if (panel := func(request)) is not None]
    return [(panel.title, panel.render(request)) for panel in sorted(panels, key=lambda panel: panel.order)]
