from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lms.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from lms import lookups  # noqa: F401  (registers field__any_of)

        from . import mfa  # noqa: F401  (connects the signal receiver)
