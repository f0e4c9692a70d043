"""A local demo certificate authority and the installation's seal certificate issued by it, so
that `make run` signs PDFs with PAdES out of the box (with DEBUG on, the seal in DEMO_CA_DIR is
used when SIGNING_SEAL_PKCS12 names none). For a demonstration only: a PDF reader trusts the
signature only where ca.pem is installed as a trusted root. A real installation names its own
PKCS#12 (README, "Signatures").

    python manage.py make_demo_ca [--dir DIR] [--force]

Writes ca.pem (the root to trust), ca-key.pem, seal.p12 and seal.passphrase (the PKCS#12's
passphrase). Does nothing when the seal is there already, unless --force.
"""

import datetime
import secrets
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.core.management.base import BaseCommand

from core.pades import DEMO_CA, DEMO_PASSPHRASE, DEMO_SEAL

# id-kp-documentSigning (RFC 9336)
DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")


def _name(common: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "IKU Portal (demo)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def make_demo_ca(folder: Path, *, seal_days: int = 3 * 365, start_days_ago: int = 1) -> Path:
    """Write the demo CA and seal into `folder`; the seal's validity can be set (tests use an
    expired one). Returns the PKCS#12's path."""
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = _name("IKU Portal Demo CA")
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=start_days_ago + 1))
        .not_valid_after(now + datetime.timedelta(days=10 * 365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    seal_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    start = now - datetime.timedelta(days=start_days_ago)
    seal = (
        x509.CertificateBuilder()
        .subject_name(_name("Segel Elektronik IKU Portal (demo)"))
        .issuer_name(ca_name)
        .public_key(seal_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=seal_days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([DOCUMENT_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION]),
            critical=False,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    passphrase = secrets.token_urlsafe(18)
    bundle = pkcs12.serialize_key_and_certificates(
        b"seal",
        seal_key,
        seal,
        [ca],
        serialization.BestAvailableEncryption(passphrase.encode()),
    )
    (folder / DEMO_CA).write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    key_file = folder / "ca-key.pem"
    key_file.write_bytes(
        ca_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_file.chmod(0o600)
    (folder / DEMO_PASSPHRASE).write_text(passphrase + "\n")
    (folder / DEMO_PASSPHRASE).chmod(0o600)
    (folder / DEMO_SEAL).write_bytes(bundle)
    return folder / DEMO_SEAL


class Command(BaseCommand):
    help = "Create a demo CA and seal certificate so that signed PDFs carry a PAdES signature."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=None, help="where to write (DEMO_CA_DIR)")
        parser.add_argument("--force", action="store_true", help="make new ones")

    def handle(self, *args, dir=None, force=False, **options):  # noqa: A002 - the option's name
        folder = Path(dir or settings.DEMO_CA_DIR)
        if (folder / DEMO_SEAL).is_file() and not force:
            self.stdout.write(f"The demo seal is there already: {folder / DEMO_SEAL}")
            return
        path = make_demo_ca(folder)
        self.stdout.write(
            f"Demo CA and seal written to {folder}. Signed PDFs are sealed with {path.name}; "
            f"trust {folder / DEMO_CA} in a PDF reader to see the signature as valid."
        )
