from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "lms.directory"
    label = "directory"
    verbose_name = _("Organisations and people")

    def ready(self):
        # The outbox handlers (invitations, imports) register themselves when imported.
        from . import services  # noqa: F401
