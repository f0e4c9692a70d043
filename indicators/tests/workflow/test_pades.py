"""Signatures a PDF reader can check: a signed document's PDF and Manual IKU carry a PAdES
signature by the installation's seal over exactly the stored bytes (the stored SHA-256 is of
the signed file), its field over the printed signature block; a seal that cannot be used
(wrong passphrase, expired) fails the signing with the reason, leaving the document submitted
and no file behind, and signing again works once it is fixed."""

import hashlib
import io

import pytest
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from core.errors import WorkflowError
from core.management.commands.make_demo_ca import make_demo_ca
from indicators.models import IKUDocument, SignedVersion
from indicators.signed_files import read_signed
from indicators.tests.factories import DocumentFactory, IndicatorFactory, sign
from organizations.tests.factories import OfficialFactory


@pytest.fixture
def seal(settings, tmp_path):
    folder = tmp_path / "ca"
    path = make_demo_ca(folder)
    settings.SIGNING_SEAL_PKCS12 = str(path)
    settings.SIGNING_SEAL_PASSPHRASE = (folder / "seal.passphrase").read_text().strip()
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return folder


@pytest.fixture
def document(unit):
    official = OfficialFactory(unit=unit, name="H. H. AMIRUDDIN, M.Si", nip="196605091992031003")
    document = DocumentFactory(unit=unit, signatory=official)
    IndicatorFactory(strategic_target__document=document)
    return document


def _validated(pdf: bytes, folder):
    signatures = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    assert len(signatures) == 1
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(folder / "ca.pem"))])
    return signatures[0], validate_pdf_signature(signatures[0], context)


def test_a_signed_pdf_and_its_manual_carry_a_pades_signature_of_the_stored_bytes(
    seal, document, staf, kepala
):
    sign(document, staf=staf, kepala=kepala)
    version = SignedVersion.objects.get(document=document)
    for manual in (False, True):
        pdf = read_signed(version, manual=manual)
        expected = version.manual_sha256 if manual else version.sha256
        assert hashlib.sha256(pdf).hexdigest() == expected  # the stored hash is the signed file's
        signature, status = _validated(pdf, seal)
        assert status.intact and status.valid and status.trusted
        assert status.coverage.name == "ENTIRE_FILE" and status.modification_level.name == "NONE"
        assert "Segel Elektronik IKU Portal (demo)" in status.signing_cert.subject.human_friendly
        assert signature.sig_object["/Name"] == "H. H. AMIRUDDIN, M.Si"
        assert "NIP 19660509" in str(signature.sig_object["/Reason"])
        assert version.code in str(signature.sig_object["/Reason"])
        # The field lies over the printed signature block, on the page that prints the name.
        field = signature.sig_field
        x1, y1, x2, y2 = (float(v) for v in field["/Rect"])
        assert x2 - x1 > 50 and y2 - y1 > 40


def test_an_edited_copy_no_longer_validates(seal, document, staf, kepala):
    sign(document, staf=staf, kepala=kepala)
    pdf = read_signed(SignedVersion.objects.get(document=document))
    tampered = pdf.replace(b"/Producer", b"/Producex", 1) if b"/Producer" in pdf else pdf[:-10]
    _signature, status = _validated(tampered, seal)
    assert not status.intact or not status.valid


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("passphrase", "Kata sandi sertifikat penandatanganan salah"),
        ("expired", "Sertifikat penandatanganan kedaluwarsa"),
    ],
)
def test_a_seal_that_cannot_be_used_fails_the_signing_and_leaves_nothing(
    seal, document, staf, kepala, settings, tmp_path, change, message
):
    if change == "passphrase":
        settings.SIGNING_SEAL_PASSPHRASE = "bukan-kata-sandinya"
    else:
        settings.SIGNING_SEAL_PKCS12 = str(
            make_demo_ca(tmp_path / "expired", seal_days=5, start_days_ago=30)
        )
        settings.SIGNING_SEAL_PASSPHRASE = (tmp_path / "expired" / "seal.passphrase").read_text()
        settings.SIGNING_SEAL_PASSPHRASE = settings.SIGNING_SEAL_PASSPHRASE.strip()
    with pytest.raises(WorkflowError, match=message):
        sign(document, staf=staf, kepala=kepala)
    document.refresh_from_db()
    assert document.status == IKUDocument.Status.SUBMITTED
    assert not SignedVersion.objects.exists()
    media = tmp_path / "media" / "signed"
    assert not (media.exists() and list(media.rglob("*.pdf")))


def test_the_public_page_and_verify_pdf_read_the_signature_and_see_an_edited_copy(
    seal, document, staf, kepala, client, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import CommandError, call_command
    from django.urls import reverse
    from pyhanko.pdf_utils.generic import NameObject, TextStringObject
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    sign(document, staf=staf, kepala=kepala)
    version = SignedVersion.objects.get(document=document)
    pdf = read_signed(version)
    url = reverse("indicators:verify", args=[version.code])
    page = client.post(url, {"pdf": SimpleUploadedFile("iku.pdf", pdf)}).content.decode()
    assert "Identik" in page
    assert "Tanda tangan elektronik oleh “Segel Elektronik IKU Portal (demo)”: utuh" in page
    assert "tidak diubah setelah ditandatangani" in page
    # A copy changed after signing (an incremental update, as a PDF editor saves it).
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    info = writer.trailer["/Info"].get_object() if "/Info" in writer.trailer else None
    if info is None:
        from pyhanko.pdf_utils.generic import DictionaryObject

        info = DictionaryObject()
        writer.trailer["/Info"] = writer.add_object(info)
    root = writer.root
    root[NameObject("/Lang")] = TextStringObject("en")  # any change to the document itself
    writer.update_root()
    edited = io.BytesIO()
    writer.write(edited)
    page = client.post(
        url, {"pdf": SimpleUploadedFile("iku.pdf", edited.getvalue())}
    ).content.decode()
    assert "Tidak identik" in page and "DIUBAH setelah ditandatangani" in page
    # Offline, the same answers.
    good, bad = tmp_path / "good.pdf", tmp_path / "bad.pdf"
    good.write_bytes(pdf)
    bad.write_bytes(edited.getvalue())
    out = io.StringIO()
    call_command("verify_pdf", str(good), stdout=out)
    assert "intact; not changed after signing" in out.getvalue()
    assert f"code {version.code}" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("verify_pdf", str(bad), stdout=io.StringIO())


def _tsa_server(ca_folder):
    """A local RFC 3161 timestamp server over HTTP (pyHanko's test TSA), its certificate
    issued by the demo CA; returns (url, stop)."""
    import datetime
    import http.server
    import threading

    from asn1crypto import keys, tsp
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    ca_cert = x509.load_pem_x509_certificate((ca_folder / "ca.pem").read_bytes())
    ca_key = serialization.load_pem_private_key(
        (ca_folder / "ca-key.pem").read_bytes(), password=None
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "TSA uji")]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
    )

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the handler's name
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            body = stamper.request_tsa_response(request).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/", server.shutdown


def test_with_a_timestamp_server_the_signature_carries_its_timestamp(
    seal, document, staf, kepala, settings, client
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    url, stop = _tsa_server(seal)
    settings.SIGNING_TIMESTAMP_URL = url
    try:
        sign(document, staf=staf, kepala=kepala)
    finally:
        stop()
    version = SignedVersion.objects.get(document=document)
    _signature, status = _validated(read_signed(version), seal)
    assert status.intact and status.valid and status.timestamp_validity is not None
    assert status.timestamp_validity.intact and status.timestamp_validity.trusted
    page = client.post(
        reverse("indicators:verify", args=[version.code]),
        {"pdf": SimpleUploadedFile("iku.pdf", read_signed(version))},
    ).content.decode()
    assert "sebagaimana dijamin server stempel waktu" in page


def test_an_unreachable_timestamp_server_fails_the_signing_visibly(
    seal, document, staf, kepala, settings
):
    import socket

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now
    settings.SIGNING_TIMESTAMP_URL = f"http://127.0.0.1:{port}/"
    settings.SIGNING_TIMESTAMP_TIMEOUT = 3
    with pytest.raises(WorkflowError, match="Server stempel waktu"):
        sign(document, staf=staf, kepala=kepala)
    document.refresh_from_db()
    assert document.status == IKUDocument.Status.SUBMITTED and not SignedVersion.objects.exists()
    settings.SIGNING_TIMESTAMP_URL = ""  # fixed: signing again works
    from indicators.workflow import signing

    signing.document_sign(
        document=document, user=kepala, verification_url=lambda code: f"http://x/{code}/"
    )
    assert SignedVersion.objects.filter(document=document).exists()


def test_the_signed_pdf_is_pdf_a_3b_carrying_its_data_as_json_under_the_signature(
    seal, document, staf, kepala, tmp_path
):
    import json

    from django.core.management import call_command
    from pypdf import PdfReader

    sign(document, staf=staf, kepala=kepala)
    version = SignedVersion.objects.get(document=document)
    for manual in (False, True):
        pdf = read_signed(version, manual=manual)
        reader = PdfReader(io.BytesIO(pdf))
        xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
        assert "pdfaid" in xmp and "3" in xmp.split("pdfaid:part")[1][:5]
        assert "B" in xmp.split("pdfaid:conformance")[1][:5]
        assert "/OutputIntents" in reader.trailer["/Root"]
        data = json.loads(reader.attachments["iku.json"][0])
        assert data["document"]["heading"] == version.snapshot["document"]["heading"]
        assert [i["name"] for i in data["indicators"]] == [
            i["name"] for i in version.snapshot["indicators"]
        ]
        fonts = [
            font.get_object()
            for page in reader.pages
            for font in (page["/Resources"].get("/Font") or {}).values()
        ]
        assert fonts
        for font in fonts:  # every font embedded, as PDF/A asks
            descriptor = (
                font.get("/FontDescriptor")
                or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            )
            descriptor = descriptor.get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]
        _signature, status = _validated(pdf, seal)  # the signature covers the attachment
        assert status.intact and status.coverage.name == "ENTIRE_FILE"
    path = tmp_path / "signed.pdf"
    path.write_bytes(read_signed(version))
    out = io.StringIO()
    call_command("read_embedded", str(path), stdout=out)
    assert json.loads(out.getvalue())["unit"]["name"] == document.unit.name


@pytest.mark.skipif(
    __import__("shutil").which("pdfsig") is None, reason="poppler's pdfsig is not installed"
)
def test_poppler_reads_the_signature_as_valid_over_the_whole_file(
    seal, document, staf, kepala, tmp_path
):
    import subprocess

    sign(document, staf=staf, kepala=kepala)
    path = tmp_path / "signed.pdf"
    path.write_bytes(read_signed(SignedVersion.objects.get(document=document)))
    report = subprocess.run(  # noqa: S603
        [__import__("shutil").which("pdfsig"), str(path)],
        capture_output=True,
        text=True,
        check=False,  # noqa: S607
    ).stdout
    assert "Signature Validation: Signature is Valid." in report
    assert "Total document signed" in report
    assert "Segel Elektronik IKU Portal (demo)" in report


def _personal_pkcs12(ca_folder, name: str, passphrase: str) -> bytes:
    """A head's own certificate, issued by the demo CA, as a PKCS#12 file."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    ca_cert = x509.load_pem_x509_certificate((ca_folder / "ca.pem").read_bytes())
    ca_key = serialization.load_pem_private_key(
        (ca_folder / "ca-key.pem").read_bytes(), password=None
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
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
        .sign(ca_key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        b"me", key, cert, [ca_cert], serialization.BestAvailableEncryption(passphrase.encode())
    )


def test_a_head_signs_with_their_own_certificate_kept_encrypted(
    seal, document, staf, kepala, client, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from indicators.models import SignerCertificate

    settings.SIGNING_KEY_ENCRYPTION_KEY = "k" * 43 + "="  # 32 bytes, urlsafe base64
    url = reverse("indicators:signing_certificate")
    client.force_login(staf)
    assert client.get(url).status_code == 403  # only heads sign
    client.force_login(kepala)
    data = _personal_pkcs12(seal, "HAMDAN, SH., M.Si", "rahasia-saya")
    wrong = client.post(
        url, {"berkas": SimpleUploadedFile("saya.p12", data), "sandi": "salah"}, follow=True
    )
    assert "Kata sandi sertifikat penandatanganan salah" in wrong.content.decode()
    kept = client.post(
        url, {"berkas": SimpleUploadedFile("saya.p12", data), "sandi": "rahasia-saya"}, follow=True
    ).content.decode()
    assert "Sertifikat Anda disimpan (terenkripsi)" in kept and "HAMDAN, SH., M.Si" in kept
    stored = bytes(SignerCertificate.objects.get(user=kepala).encrypted)
    assert data not in stored and b"rahasia-saya" not in stored and b"PRIVATE" not in stored
    sign(document, staf=staf, kepala=kepala)
    _signature, status = _validated(read_signed(SignedVersion.objects.get()), seal)
    assert status.intact and status.trusted
    assert "HAMDAN, SH., M.Si" in status.signing_cert.subject.human_friendly
    # Back to the seal.
    client.post(url, {"step": "remove"})
    assert not SignerCertificate.objects.exists()


def test_long_term_signatures_embed_the_chain_for_later_checks(
    seal, document, staf, kepala, settings
):
    """PAdES B-LT: the validation data (here the demo chain; a real CA adds its CRL or OCSP
    answers) is embedded in the document security store."""
    settings.SIGNING_LONG_TERM = True
    sign(document, staf=staf, kepala=kepala)
    pdf = read_signed(SignedVersion.objects.get(document=document))
    reader = PdfFileReader(io.BytesIO(pdf))
    assert "/DSS" in reader.root
    assert len(reader.root["/DSS"]["/Certs"]) >= 2  # the seal and its CA
    _signature, status = _validated(pdf, seal)
    assert status.intact and status.valid and status.trusted
