import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

from curriculum.loader import load_curriculum
from lms import clock
from lms.organisations import demo as people_demo

# Each app contributes its own demo data through a `demo.seed(context)` function, in this order.
DEMO_MODULES = [
    "curriculum.demo",
    "curriculum.demo_sessions",
    "skillpath.demo",
    "ojt.demo",
    "fieldwork.demo",
    "lms.certificates.demo",
]


class Command(BaseCommand):
    help = "Load the curriculum and the demo institute, centres, people and records (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            load_curriculum()
            context = people_demo.seed(clock.today())
            for module_name in DEMO_MODULES:
                try:
                    module = importlib.import_module(module_name)
                except ModuleNotFoundError as error:
                    if error.name != module_name:
                        raise
                    continue
                module.seed(context)
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready. Sign in at http://127.0.0.1:8000/accounts/login/ with any demo login "
            f"(password: {people_demo.DEMO_PASSWORD}); see README.md."
        ))
