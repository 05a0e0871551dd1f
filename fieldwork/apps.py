from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldworkConfig(AppConfig):
    name = "fieldwork"
    verbose_name = _("Fieldwork placements")

    def ready(self):
        # The workflows register themselves for available_actions when imported.
        # So do the outbox handlers, which the worker needs.
        from . import policies, tasks, workflow  # noqa: F401
