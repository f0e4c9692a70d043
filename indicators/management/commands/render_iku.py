from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.rendering.engine import PDFUnavailable
from indicators.models import IKUDocument
from indicators.printing.pdf import document_filename, document_pdf


class Command(BaseCommand):
    help = "Render an IKU document to PDF: render_iku <document id> [-o file.pdf]"

    def add_arguments(self, parser):
        parser.add_argument("document_id", type=int)
        parser.add_argument("-o", "--output", help="PDF file to write (default: IKU-…-revN.pdf)")

    def handle(self, *args, document_id, output=None, **options):
        try:
            document = IKUDocument.objects.select_related("unit").get(pk=document_id)
        except IKUDocument.DoesNotExist:
            raise CommandError(f"No IKU document with id {document_id}.") from None
        try:
            pdf = document_pdf(document)
        except PDFUnavailable as error:
            raise CommandError(str(error)) from error
        path = Path(output or document_filename(document))
        path.write_bytes(pdf)
        self.stdout.write(self.style.SUCCESS(f"{path} ({len(pdf):,} bytes)"))
