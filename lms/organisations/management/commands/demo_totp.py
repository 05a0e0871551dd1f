from django.core.management.base import BaseCommand, CommandError

from lms.organisations.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo institute accounts (demo data only)."

    def handle(self, *args, **options):
        from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

        counters = list(yield_hotp_counters_from_time())
        if not counters:
            raise CommandError("No TOTP counter.")
        current = counters[len(counters) // 2]
        self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, current)))
