from django.core.management.base import BaseCommand

from curriculum.loader import CURRICULUM_FILE, load_curriculum


class Command(BaseCommand):
    help = "Load tiers, domains, abilities and subjects from fixtures/curriculum.json (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(CURRICULUM_FILE))

    def handle(self, *args, **options):
        counts = load_curriculum(options["file"])
        self.stdout.write(self.style.SUCCESS(", ".join(f"{key}: {value}" for key, value in counts.items())))
