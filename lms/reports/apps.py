from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "lms.reports"
    label = "reports"
    verbose_name = _("Oversight reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The outbox handler registers itself when imported (the worker needs it too).
        from . import services  # noqa: F401
