"""Panels on a session's page contributed by the apps above training (a participant's report, the
lecturer's marking), in the manner of Wagtail hooks: `panel(request, session) -> Panel | None`."""

from lms.home import Panel

__all__ = ["Panel", "register", "panels_for"]

_registry = []


def register(func):
    _registry.append(func)
    return func


def panels_for(request, session):
    panels = [panel for func in _registry if (panel := func(request, session)) is not None]
    return [(panel.title, panel.render(request)) for panel in sorted(panels, key=lambda panel: panel.order)]
