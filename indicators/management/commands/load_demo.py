from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from indicators.demo.loader import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the two example IKU documents (Sumatera Selatan, Jambi); safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-logins",
            action="store_true",
            help="Create demo logins even when DEBUG is off (never on a real deployment).",
        )
        parser.add_argument("--no-logins", action="store_true", help="Do not create demo logins.")

    def handle(self, *args, with_logins=False, no_logins=False, **options):
        make_logins = not no_logins and (settings.DEBUG or with_logins)
        result = load_demo(with_logins=make_logins)
        for document in result.created_documents:
            self.stdout.write(self.style.SUCCESS(_("Loaded: %s") % document))
        for document in result.existing_documents:
            self.stdout.write(_("Already present, left unchanged: %s") % document)
        if make_logins:
            self.stdout.write("")
            self.stdout.write(_("Demo logins (password: %s):") % DEMO_PASSWORD)
            for username, role, unit in result.logins:
                self.stdout.write(f"  {username:<16} {role:<7} {unit}")
        elif not no_logins:
            self.stdout.write(
                self.style.WARNING(
                    _("No demo logins created: DEBUG is off. Use --with-logins to force.")
                )
            )
