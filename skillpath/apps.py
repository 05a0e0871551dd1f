from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillpathConfig(AppConfig):
    name = "skillpath"
    verbose_name = _("Skill path and training plans")

    def ready(self):
        # The workflows register themselves for available_actions when imported.
        # So do the outbox handlers, which the worker needs.
        from . import tasks, workflow  # noqa: F401
