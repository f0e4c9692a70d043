"""Check every stored file against what refers to it.

    python manage.py verify_storage [--remove-unused]

- Signed PDFs and Manual IKU against the SHA-256 recorded at signing: MISSING or ALTERED.
- Evidence files, uploaded spreadsheets and finished exports: MISSING when their row names a
  file that is not there.
- Renders (documents and reports): PARTIAL when a kept PDF is not whole.
- Any file under those folders that nothing refers to, and any temporary file a write that
  never finished left (`.part-…`): UNUSED or PARTIAL. With --remove-unused they are removed
  (never a signed file that a signed version holds, nor a render).

Exits with status 1 if a signed file is missing or altered, or a referred file is missing. Run
it after a restore (README, "Backup and restore").
"""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from core.rendering.cache import is_whole_pdf, read
from indicators.models import ExportJob, ImportBatch, SignedVersion
from indicators.signed_files import problems
from performance.models import Evidence

# Folder in storage → the files that rows refer to (a function giving their names).
REFERRED = {
    "bukti": lambda: Evidence.objects.values_list("file", flat=True),
    "imports": lambda: ImportBatch.objects.values_list("file", flat=True),
    "exports": lambda: ExportJob.objects.exclude(file="").values_list("file", flat=True),
}


def _stored_names(folder: str):
    try:
        folders, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _stored_names(f"{folder}/{sub}")


def _temporary(name: str) -> bool:
    return name.rsplit("/", 1)[-1].startswith(".part-")


class Command(BaseCommand):
    help = "Check every stored file (signed, evidence, imports, exports, renders)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--remove-unused",
            action="store_true",
            help="remove the unused and partial files found (never a signed file in use)",
        )

    def handle(self, *args, remove_unused=False, **options):
        checked, bad, known = 0, [], set()
        for version in SignedVersion.objects.select_related("document__unit").iterator():
            checked += 1
            known.update(name for name in (version.pdf.name, version.manual_pdf.name) if name)
            for problem in problems(version):
                bad.append(problem)
                self.stdout.write(f"{problem.problem.upper()}  {version.code}  {problem.name}")
        unused = sorted(set(_stored_names("signed")) - known)
        missing = 0
        for folder, referred in REFERRED.items():
            names = {name for name in referred() if name}
            for name in sorted(names):
                if not default_storage.exists(name):
                    missing += 1
                    self.stdout.write(f"MISSING  {folder}  {name}")
            unused += sorted(set(_stored_names(folder)) - names)
        partial = []
        for folder in ("renders", "reports"):
            for name in _stored_names(folder):
                if _temporary(name) or (name.endswith(".pdf") and not is_whole_pdf(read(name))):
                    partial.append(name)
        partial += [name for name in unused if _temporary(name)]
        unused = [name for name in unused if not _temporary(name)]
        for name in unused:
            self.stdout.write(f"UNUSED   {name}")
        for name in partial:
            self.stdout.write(f"PARTIAL  {name}")
        if remove_unused:
            for name in unused + partial:
                default_storage.delete(name)
            self.stdout.write(f"Removed {len(unused) + len(partial)} unused or partial files.")
        self.stdout.write(
            f"{checked} signed versions checked: {len(bad)} files missing or altered, "
            f"{len(unused)} unused files, {len(partial)} partial files, "
            f"{missing} referred files missing."
        )
        if bad or missing:
            raise CommandError(
                f"{len(bad)} signed files are missing or altered; {missing} referred files "
                "are missing."
            )
