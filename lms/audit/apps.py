from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """One history for every object whose state people change."""

    name = "lms.audit"
    label = "audit"
    verbose_name = _("History")
