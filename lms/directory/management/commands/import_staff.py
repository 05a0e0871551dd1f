from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from lms.directory import importing, services
from lms.organisations.models import Organisation


class Command(BaseCommand):
    help = "Import staff from a CSV file (UTF-8 or Shift_JIS): all rows or none. New people are invited by email."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check the file and say what it would change; write nothing.")

    def handle(self, *args, file, dry_run, **options):
        translation.activate("ja")
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        try:
            rows, errors = importing.read_rows(data)
        except importing.UnreadableFile as error:
            raise CommandError(str(error)) from None
        plan = importing.plan_import(rows, Organisation.objects.centres().open()) if not errors else None
        errors = errors or plan.errors
        if errors:
            for error in errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(errors)} 件の問題があるため、何も取り込んでいません。")
        summary = f"新規 {plan.created} 人・更新 {plan.updated} 人・変更なし {plan.unchanged} 人"
        if dry_run:
            self.stdout.write(f"確認のみ（書き込みなし）: {summary}")
            return
        with transaction.atomic():
            services.apply_plan(plan, by=None, source=file.name)
        self.stdout.write(f"取り込みました: {summary}")
