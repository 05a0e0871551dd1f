from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillpathConfig(AppConfig):
    name = "skillpath"
    verbose_name = _("Skill path and training records")
