from django.core.management.base import BaseCommand

from performance.demo import load_figures


class Command(BaseCommand):
    help = (
        "Sign the demo documents with yearly targets and add demo realisasi in every state "
        "(after load_demo, with its logins); safe to run again."
    )

    def handle(self, *args, **options):
        for line in load_figures():
            self.stdout.write(line)
