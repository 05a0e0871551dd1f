from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OjtConfig(AppConfig):
    name = "ojt"
    verbose_name = _("OJT")

    def ready(self):
        # The workflows register themselves for available_actions when imported.
        from . import policies, workflow  # noqa: F401
