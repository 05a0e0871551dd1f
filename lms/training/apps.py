from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    """A learner's training: sessions, places, attendance and the Off-JT records they produce."""

    name = "lms.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self):
        # The workflows register themselves for available_actions when imported.
        from . import workflow  # noqa: F401
