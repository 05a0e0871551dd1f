from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    """What a session asks of its participants beyond attendance: completion rules and course reports."""

    name = "lms.assessment"
    label = "assessment"
    verbose_name = _("Assessment")

    def ready(self):
        # Registering: the workflow, the versioned rule, the handbook entries and the completion check.
        from . import completion, handbook_sections, policies, session_panels, tasks, workflow  # noqa: F401
