from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SetupConfig(AppConfig):
    """Commands that put the whole site together (they sit above every other app)."""

    name = "lms.setup"
    label = "setup"
    verbose_name = _("Site set-up")
