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
import json
import logging
from dataclasses import dataclass
from pathlib import Path

import aiohttp
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
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


def _subject(certificate) -> str:
    """Who a certificate names, as a person reads it: its common name (else the whole name)."""
    from cryptography.x509.oid import NameOID

    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else certificate.subject.rfc4514_string()


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
    if certificate is None:
        raise SigningKeyError(_("The signing file holds no certificate."))
    _checked(certificate)
    signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=passphrase)
    if signer is None:  # pragma: no cover - read above already
        raise SigningKeyError(_("The signing certificate cannot be used."))
    return Seal(signer, _subject(certificate), certificate.not_valid_after_utc)


def sign_pdf(
    pdf: bytes, *, seal: Seal, name: str, reason: str, location: str, box=None, page: int = -1
) -> bytes:
    """`pdf` with a PAdES signature by `seal` appended as an incremental update. `box` (x1, y1,
    x2, y2 in points on `page`) places the signature field over the printed signature block;
    it draws nothing of its own."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    long_term = {}
    if settings.SIGNING_LONG_TERM:
        # PAdES B-LT: the chain and whatever revocation data its issuers publish (CRL, OCSP)
        # embedded, so that the signature can be checked after the certificate expires.
        from pyhanko_certvalidator import ValidationContext

        long_term = {
            "embed_validation_info": True,
            "validation_context": ValidationContext(
                trust_roots=[*trust_roots(), *seal.signer.cert_registry],
                allow_fetching=True,
                revocation_mode="soft-fail",
            ),
        }
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        name=name or None,
        reason=reason or None,
        location=location or None,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        **long_term,
    )
    spec = fields.SigFieldSpec(FIELD_NAME, on_page=page, box=box) if box else None
    url = settings.SIGNING_TIMESTAMP_URL
    signer = signers.PdfSigner(
        meta,
        signer=seal.signer,
        new_field_spec=spec,
        stamp_style=TextStampStyle(stamp_text=" ", border_width=0, background=None),
        # PAdES B-T with a timestamp server, B-B (the signer's own clock) without one.
        timestamper=HTTPTimeStamper(url, timeout=settings.SIGNING_TIMESTAMP_TIMEOUT)
        if url
        else None,
    )
    output = io.BytesIO()
    try:
        signer.sign_pdf(writer, output=output)
    except (TimestampRequestError, aiohttp.ClientError, OSError, TimeoutError):
        raise SigningKeyError(
            _("The timestamp server (%(url)s) did not answer. Nothing was signed; try again.")
            % {"url": url}
        ) from None
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


@dataclass(frozen=True)
class Validation:
    """What a PDF's PAdES signature says, for a person: whether there is one, whether it is
    intact, whether the file was changed after it, who signed and when, and whether the
    certificate leads to a root this installation trusts."""

    signed: bool
    intact: bool = False
    changed_after: bool = False
    trusted: bool = False
    signer: str = ""
    signed_at: datetime.datetime | None = None
    timestamped: bool = False  # the time is a timestamp server's, not the signer's clock


def trust_roots() -> list:
    """The roots a signature is checked against: SIGNING_TRUST_ROOTS (PEM files), the seal's
    own issuers, and the demo CA when DEBUG is on."""
    from pyhanko.keys import load_cert_from_pemder

    paths = [Path(p) for p in settings.SIGNING_TRUST_ROOTS if p]
    demo = Path(settings.DEMO_CA_DIR) / DEMO_CA
    if settings.DEBUG and demo.is_file():
        paths.append(demo)
    roots = [load_cert_from_pemder(str(path)) for path in paths if path.is_file()]
    try:
        current = seal()
    except SigningKeyError:
        current = None
    if current is not None:
        roots.extend(current.signer.cert_registry)
    return roots


def validate(pdf: bytes) -> Validation:
    """The last PAdES signature of `pdf`, checked (cryptographically, and for changes made
    after it by pyHanko's difference analysis)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    except Exception:  # noqa: BLE001 - an unreadable PDF carries no signature to speak of
        return Validation(signed=False)
    if not signatures:
        return Validation(signed=False)
    signature = signatures[-1]
    quiet = logging.getLogger("pyhanko")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # its warnings about a changed file are our answer
    try:
        status = validate_pdf_signature(signature, ValidationContext(trust_roots=trust_roots()))
    except Exception:  # noqa: BLE001 - a signature that cannot be checked is not intact
        return Validation(signed=True)
    finally:
        quiet.setLevel(level)
    modified = status.coverage.name != "ENTIRE_FILE" or (
        status.modification_level is not None and status.modification_level.name != "NONE"
    )
    subject = status.signing_cert.subject.native if status.signing_cert else {}
    return Validation(
        signed=True,
        intact=bool(status.intact and status.valid),
        changed_after=modified,
        trusted=bool(status.trusted),
        signer=subject.get("common_name", ""),
        signed_at=status.timestamp_validity.timestamp
        if status.timestamp_validity
        else status.signer_reported_dt,
        timestamped=status.timestamp_validity is not None,
    )


# --- a signer's own certificate --------------------------------------------------------------
# A head may sign with their own certificate instead of the installation's seal. Their PKCS#12
# is uploaded once with its passphrase; it is kept re-packed without a passphrase and
# encrypted (Fernet: AES with an HMAC) with SIGNING_KEY_ENCRYPTION_KEY from the environment,
# so that neither the private key nor the passphrase is ever stored in the clear.


def _fernet():
    import base64
    import hashlib

    from cryptography.fernet import Fernet

    key = settings.SIGNING_KEY_ENCRYPTION_KEY
    if not key and settings.DEBUG:  # development only: derived from the development key
        digest = hashlib.sha256(("signing-keys:" + settings.SECRET_KEY).encode()).digest()
        key = base64.urlsafe_b64encode(digest).decode()
    if not key:
        raise SigningKeyError(
            _("Personal certificates are not set up here (SIGNING_KEY_ENCRYPTION_KEY).")
        )
    return Fernet(key.encode())


def _checked(certificate) -> None:
    now = datetime.datetime.now(datetime.UTC)
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


@dataclass(frozen=True)
class Protected:
    """A signer's certificate as kept: encrypted, with what may be shown of it."""

    blob: bytes
    subject: str
    not_after: datetime.datetime


def protect(pkcs12_data: bytes, passphrase: str) -> Protected:
    """Check an uploaded PKCS#12 (passphrase, a key and a certificate, valid now) and encrypt
    it for keeping; SigningKeyError says what is wrong."""
    from cryptography.hazmat.primitives.serialization import NoEncryption

    try:
        key, certificate, others = pkcs12.load_key_and_certificates(
            pkcs12_data, passphrase.encode() or None
        )
    except ValueError:
        raise SigningKeyError(
            _("The signing certificate's passphrase is wrong, or the file is not a PKCS#12.")
        ) from None
    if key is None or certificate is None:
        raise SigningKeyError(_("The file must hold a private key and its certificate."))
    _checked(certificate)
    repacked = pkcs12.serialize_key_and_certificates(
        b"signer", key, certificate, others or None, NoEncryption()
    )
    return Protected(
        _fernet().encrypt(repacked),
        _subject(certificate),
        certificate.not_valid_after_utc,
    )


def personal_seal(blob: bytes) -> Seal:
    """A signer's kept certificate, decrypted for one signing and checked."""
    from cryptography.fernet import InvalidToken

    try:
        data = _fernet().decrypt(blob)
    except InvalidToken:
        raise SigningKeyError(
            _(
                "Your certificate cannot be opened here (the encryption key changed); "
                "upload it again."
            )
        ) from None
    _key, certificate, _others = pkcs12.load_key_and_certificates(data, None)
    _checked(certificate)
    signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=None)
    return Seal(signer, _subject(certificate), certificate.not_valid_after_utc)


def encrypt_secret(data: dict) -> bytes:
    """Credentials typed for one signing (the BSrE NIK and passphrase), encrypted for the
    moment between the request and the worker."""
    return _fernet().encrypt(json.dumps(data).encode())


def decrypt_secret(blob: bytes) -> dict:
    from cryptography.fernet import InvalidToken

    try:
        return json.loads(_fernet().decrypt(bytes(blob)))
    except (InvalidToken, ValueError):
        raise SigningKeyError(_("The signing credentials could not be read; sign again.")) from None
