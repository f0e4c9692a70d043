"""Print the data a signed PDF carries inside it: the JSON of the signed document (unit,
period, tujuan, sasaran, IKU, targets, signatory), readable from the file alone.

    python manage.py read_embedded FILE
"""

import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from pyhanko.pdf_utils.reader import PdfFileReader

from indicators.printing.pdf import EMBEDDED_NAME


def embedded_files(pdf: bytes) -> dict[str, bytes]:
    """The files attached to a PDF (its EmbeddedFiles name tree), by name."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    names = reader.root.get("/Names")
    tree = names.get_object().get("/EmbeddedFiles") if names else None
    found, stack = {}, [tree.get_object()] if tree else []
    while stack:
        node = stack.pop()
        for kid in node.get("/Kids", []):
            stack.append(kid.get_object())
        pairs = list(node.get("/Names", []))
        for name, spec in zip(pairs[::2], pairs[1::2], strict=True):
            stream = spec.get_object()["/EF"]["/F"].get_object()
            found[str(name)] = stream.data
    return found


class Command(BaseCommand):
    help = "Print the JSON data a signed IKU PDF carries as an attachment."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            pdf = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        try:
            files = embedded_files(pdf)
        except Exception as error:  # noqa: BLE001 - any unreadable PDF gets the same answer
            raise CommandError(f"Not a readable PDF: {error}") from None
        if EMBEDDED_NAME not in files:
            raise CommandError(f"No {EMBEDDED_NAME} inside this PDF.")
        self.stdout.write(files[EMBEDDED_NAME].decode())
