from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from curriculum import demo as curriculum_demo
from fieldwork import demo as fieldwork_demo
from lms import clock
from lms.assessment import demo as assessment_demo
from lms.certificates import demo as certificates_demo
from lms.organisations import demo as people_demo
from lms.reports import services as report_services
from lms.setup.site import set_up_site
from lms.training import demo as training_demo
from ojt import demo as ojt_demo
from skillpath import demo as skillpath_demo

# Each app contributes its own demo data through a `demo.seed(context)` function, layer by layer.
DEMO_MODULES = [curriculum_demo, training_demo, assessment_demo, skillpath_demo, ojt_demo, fieldwork_demo, certificates_demo]


class Command(BaseCommand):
    help = "Set the site up (setup_site), then add the demo institute, centres, people and records (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            set_up_site()
            context = people_demo.seed(clock.today())
            for module in DEMO_MODULES:
                module.seed(context)
        # The oversight reports read summary figures: compute them for the demo's year at once.
        report_services.refresh_recent(clock.today())
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready. Sign in at {settings.SITE_URL.rstrip('/')}/accounts/login/ with any demo login "
            f"(password: {people_demo.DEMO_PASSWORD}); see README.md."
        ))
