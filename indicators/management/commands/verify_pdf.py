"""Check a signed PDF offline: its PAdES signature (intact, changed after signing, who, when,
trusted) and whether it is byte for byte a version this portal signed.

    python manage.py verify_pdf FILE
"""

import hashlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from core import pades
from indicators.models import SignedVersion


class Command(BaseCommand):
    help = "Check the PAdES signature of a PDF and whether the portal signed exactly this file."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            pdf = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        check = pades.validate(pdf)
        if not check.signed:
            self.stdout.write("PAdES signature: none.")
        else:
            if not check.intact:
                state = "NOT INTACT (the signed content was changed, or the signature is damaged)"
            elif check.changed_after:
                state = "intact, but the file was CHANGED after signing"
            else:
                state = "intact; not changed after signing"
            self.stdout.write(
                f"PAdES signature: {state}; "
                f"signed by {check.signer or '?'}"
                + (f" at {check.signed_at:%Y-%m-%d %H:%M %Z}" if check.signed_at else "")
                + f"; certificate {'trusted' if check.trusted else 'NOT trusted'} here."
            )
        digest = hashlib.sha256(pdf).hexdigest()
        version = (
            SignedVersion.objects.filter(Q(sha256=digest) | Q(manual_sha256=digest))
            .select_related("document__unit")
            .first()
        )
        if version is None:
            self.stdout.write("Signed by this portal: no version has exactly this file.")
        else:
            self.stdout.write(
                f"Signed by this portal: yes, code {version.code}, {version.document} "
                f"({version.signed_at:%Y-%m-%d})."
            )
        if check.signed and not (check.intact and not check.changed_after):
            raise CommandError("The signature does not hold for this file.")
