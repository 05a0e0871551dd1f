from django.core.management.base import BaseCommand, CommandError

from lms import clock
from lms.fiscal import fiscal_year, is_known_fiscal_year
from lms.reports import services
from lms.reports.models import Refresh


class Command(BaseCommand):
    help = "Recompute the oversight figures of fiscal years (default: the current one, and last year's until June)."

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="*", type=int, help="fiscal years, e.g. 2026")

    def handle(self, *args, years, **options):
        today = clock.today()
        for year in years:
            if not is_known_fiscal_year(year) or year > fiscal_year(today):
                raise CommandError(f"{year} is not a fiscal year with records (the current one is {fiscal_year(today)}).")
        for year in years or services.refresh_recent(today):
            if years:
                services.refresh(year, today)
            run = Refresh.objects.get(fiscal_year=year)
            self.stdout.write(f"FY{year}: figures as of {run.as_of}, computed at {run.finished_at:%Y-%m-%d %H:%M}")
