from django.core.management.base import BaseCommand

from lms.outbox import services


class Command(BaseCommand):
    help = "Hand the broker every message it could not take before (beat does this every minute)."

    def handle(self, *args, **options):
        waiting = services.pending().count()
        sent = services.republish_pending()
        self.stdout.write(f"{sent} published again; {waiting} were waiting.")
