"""Check every signed version's stored files against the SHA-256 recorded at signing.

    python manage.py verify_storage

Lists each file that is missing or differs, and the signed files in storage that no signed
version refers to; exits with status 1 if any file is missing or differs. Run it after a
restore (README, "Backup and restore").
"""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from indicators.models import SignedVersion
from indicators.signed_files import problems


def _stored_names(folder: str):
    try:
        folders, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _stored_names(f"{folder}/{sub}")


class Command(BaseCommand):
    help = "Check every signed PDF in storage against its recorded SHA-256."

    def handle(self, *args, **options):
        checked, bad, known = 0, [], set()
        for version in SignedVersion.objects.select_related("document__unit").iterator():
            checked += 1
            known.update(name for name in (version.pdf.name, version.manual_pdf.name) if name)
            for problem in problems(version):
                bad.append(problem)
                self.stdout.write(f"{problem.problem.upper()}  {version.code}  {problem.name}")
        orphans = sorted(set(_stored_names("signed")) - known)
        for name in orphans:
            self.stdout.write(f"UNUSED   {name}")
        self.stdout.write(
            f"{checked} signed versions checked: {len(bad)} files missing or altered, "
            f"{len(orphans)} unused files."
        )
        if bad:
            raise CommandError(f"{len(bad)} signed files are missing or altered.")
