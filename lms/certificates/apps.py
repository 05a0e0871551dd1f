from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "lms.certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        # The outbox handlers register themselves when imported (the worker needs them too).
        from . import services  # noqa: F401
