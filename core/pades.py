"""PAdES signatures on PDFs (pyHanko): the signature a PDF reader checks by itself.

A signed PDF is signed again, cryptographically, as an incremental update over the exact
bytes the portal laid out: the printed signature block stays as printed, and the signature
field lies over it (no second, drawn stamp). The key is the installation's institutional seal,
a PKCS#12 file named by the environment (`SIGNING_SEAL_PKCS12`, `SIGNING_SEAL_PASSPHRASE`); in
development, `manage.py make_demo_ca` makes a demo one that is used when none is named. With no
seal at all, PDFs are signed by the portal only (hash, code, QR), as before.

Problems with the key (a wrong passphrase, a certificate expired or not yet valid, a file that
cannot be read) raise SigningKeyError with an Indonesian message: the signing fails visibly and
nothing is stored.
"""

import datetime
import io
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.stamp import TextStampStyle

FIELD_NAME = "Tandatangan"
DEMO_SEAL = "seal.p12"
DEMO_PASSPHRASE = "seal.passphrase"  # noqa: S105 - the name of the file that holds it
DEMO_CA = "ca.pem"


class SigningKeyError(Exception):
    """The signing key cannot be used; the message says why, for the person signing."""


@dataclass(frozen=True)
class Seal:
    signer: signers.SimpleSigner
    subject: str
    not_after: datetime.datetime


def _seal_files() -> tuple[Path, bytes] | None:
    """The PKCS#12 file and passphrase of the seal, or None when there is none to use."""
    if settings.SIGNING_SEAL_PKCS12:
        return Path(settings.SIGNING_SEAL_PKCS12), settings.SIGNING_SEAL_PASSPHRASE.encode()
    demo = Path(settings.DEMO_CA_DIR)
    if settings.DEBUG and (demo / DEMO_SEAL).is_file():
        return demo / DEMO_SEAL, (demo / DEMO_PASSPHRASE).read_bytes().strip()
    return None


def seal() -> Seal | None:
    """The institutional seal to sign with, checked; None when PAdES signing is not set up."""
    files = _seal_files()
    if files is None:
        return None
    path, passphrase = files
    try:
        data = path.read_bytes()
    except OSError:
        raise SigningKeyError(
            _("The signing certificate (%(path)s) cannot be read.") % {"path": path.name}
        ) from None
    try:
        _key, certificate, _others = pkcs12.load_key_and_certificates(data, passphrase or None)
    except ValueError:
        raise SigningKeyError(
            _("The signing certificate's passphrase is wrong, or the file is not a PKCS#12.")
        ) from None
    now = datetime.datetime.now(datetime.UTC)
    if certificate is None:
        raise SigningKeyError(_("The signing file holds no certificate."))
    if certificate.not_valid_after_utc < now:
        raise SigningKeyError(
            _("The signing certificate expired on %(date)s: install a new one.")
            % {"date": certificate.not_valid_after_utc.date().isoformat()}
        )
    if certificate.not_valid_before_utc > now:
        raise SigningKeyError(
            _("The signing certificate is valid only from %(date)s.")
            % {"date": certificate.not_valid_before_utc.date().isoformat()}
        )
    signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=passphrase)
    if signer is None:  # pragma: no cover - read above already
        raise SigningKeyError(_("The signing certificate cannot be used."))
    return Seal(signer, certificate.subject.rfc4514_string(), certificate.not_valid_after_utc)


def sign_pdf(
    pdf: bytes, *, seal: Seal, name: str, reason: str, location: str, box=None, page: int = -1
) -> bytes:
    """`pdf` with a PAdES signature by `seal` appended as an incremental update. `box` (x1, y1,
    x2, y2 in points on `page`) places the signature field over the printed signature block;
    it draws nothing of its own."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        name=name or None,
        reason=reason or None,
        location=location or None,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    spec = fields.SigFieldSpec(FIELD_NAME, on_page=page, box=box) if box else None
    signer = signers.PdfSigner(
        meta,
        signer=seal.signer,
        new_field_spec=spec,
        stamp_style=TextStampStyle(stamp_text=" ", border_width=0, background=None),
    )
    output = io.BytesIO()
    signer.sign_pdf(writer, output=output)
    return output.getvalue()


def name_box(pdf: bytes, name: str) -> tuple[int, tuple[float, float, float, float]] | None:
    """Where the printed signature block of `name` is: (page index, box in points) around the
    name and the space above it where a hand signature goes, on the last page that prints the
    name; None if it is not printed."""
    import pypdfium2 as pdfium  # heavy: imported where it is used

    if not name.strip():
        return None
    document = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(document) - 1, -1, -1):
            page = document[index]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            at = text.rfind(name)
            if at < 0:
                continue
            boxes = [textpage.get_charbox(n) for n in range(at, at + len(name))]
            left = min(b[0] for b in boxes)
            bottom = min(b[1] for b in boxes)
            right = max(b[2] for b in boxes)
            top = max(b[3] for b in boxes)
            width, height = page.get_size()
            return index, (
                max(0.0, left - 12),
                max(0.0, bottom - 4),
                min(width, right + 12),
                min(height, top + 56),
            )
    finally:
        document.close()
    return None
