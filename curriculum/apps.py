from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurriculumConfig(AppConfig):
    name = "curriculum"
    verbose_name = _("Curriculum")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from lms.organisations.models import Membership

        from . import policies  # noqa: F401  (registers the renewal policy for the policy pages)
        from .services import sync_content_groups

        def membership_changed(sender, instance, **kwargs):
            sync_content_groups(instance.user)

        post_save.connect(membership_changed, sender=Membership, dispatch_uid="curriculum_sync_groups_save", weak=False)
        post_delete.connect(membership_changed, sender=Membership, dispatch_uid="curriculum_sync_groups_delete", weak=False)
