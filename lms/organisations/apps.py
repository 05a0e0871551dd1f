from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "lms.organisations"
    label = "organisations"
    verbose_name = _("Organisations and people")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Each app may contribute panels to the role home page (see lms.home).
        autodiscover_modules("home_panels")
        # …and entries to the training handbook (see lms.handbook).
        autodiscover_modules("handbook_sections")
