from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "lms.certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        # The outbox handlers register themselves when imported (the worker needs them too).
        from django.db.models.signals import post_delete, post_save

        from . import services

        # The curriculum sits below certificates and cannot call them: a changed renewal policy
        # reaches the stored deadlines through the signal instead.
        def policy_changed(sender, instance, **kwargs):
            services.restore_terms(instance.subject_id, since=instance.effective_from)

        post_save.connect(policy_changed, sender="curriculum.RenewalPolicy", dispatch_uid="certificate_terms_on_policy_save", weak=False)
        post_delete.connect(policy_changed, sender="curriculum.RenewalPolicy", dispatch_uid="certificate_terms_on_policy_delete", weak=False)
