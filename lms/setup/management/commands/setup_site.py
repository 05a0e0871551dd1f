from django.core.management.base import BaseCommand
from django.db import transaction

from curriculum.models import RenewalPolicy, Subject
from lms.setup.site import set_up_site


class Command(BaseCommand):
    help = "Prepare a new site for use, without demo data: prefectures, curriculum, pages, groups, workflow (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = set_up_site()
        self.stdout.write(self.style.SUCCESS(
            f"Site ready: {counts['prefectures']} prefectures, {Subject.objects.count()} subjects, "
            f"{RenewalPolicy.objects.count()} renewal policies, {counts['minimum_hours_policies']} minimum-hours policies, "
            f"{counts['eligibility_policies']} fieldwork eligibility policies. "
            "Next: create the first institute administrator (see README, Production)."
        ))
