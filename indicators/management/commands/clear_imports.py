"""Remove spreadsheet uploads that were never applied, after a set age, with their files."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from indicators.models import ImportBatch


class Command(BaseCommand):
    help = (
        "Remove spreadsheet imports never applied (a draft was never created from them) that "
        "were uploaded more than --days days ago, with their files. Run it daily (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="age in days (default 30)")

    def handle(self, *args, days, **options):
        cutoff = timezone.now() - datetime.timedelta(days=days)
        stale = ImportBatch.objects.filter(document=None, created_at__lt=cutoff)
        removed = 0
        for batch in stale.iterator():
            if batch.file:
                batch.file.delete(save=False)
            batch.delete()
            removed += 1
        self.stdout.write(f"{removed} import(s) never applied, older than {days} days: removed.")
