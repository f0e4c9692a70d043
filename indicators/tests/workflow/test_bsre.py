"""Signing through the national signing service (BSrE), against a local stand-in server that
follows its published API (v2 sign/pdf: Basic auth, JSON with nik, passphrase,
signatureProperties and the base64 file; the signed file back, or status_code and error).
The head types NIK and passphrase at each signing; they are kept encrypted only until the
worker has used them; a wrong passphrase, an unknown NIK or an unreachable service fails the
signing with the reason and stores nothing."""

import base64
import http.server
import io
import json
import socket
import threading

import pytest
from django.urls import reverse
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from core import pades
from core.management.commands.make_demo_ca import make_demo_ca
from indicators.models import IKUDocument, SignedVersion, SigningJob
from indicators.signed_files import read_signed
from indicators.tests.factories import DocumentFactory, IndicatorFactory
from indicators.workflow import services as workflow
from organizations.tests.factories import OfficialFactory

NIK = "3171234567890001"
PASSPHRASE = "rahasia-bsre"


class StandIn(http.server.BaseHTTPRequestHandler):
    """The service as published: refuses a wrong client, an unknown NIK (2011) and a wrong
    passphrase (2031); signs with the signer's certificate (here: the demo seal)."""

    seal = None
    seen = []

    def do_POST(self):  # noqa: N802 - the handler's name
        auth = self.headers.get("Authorization", "")
        if auth != "Basic " + base64.b64encode(b"portal:client-secret").decode():
            return self._answer(401, {"status_code": 401, "error": "Unauthorized"})
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        StandIn.seen.append({k: v for k, v in body.items() if k != "file"})
        if body.get("nik") != NIK:
            return self._answer(400, {"status_code": 2011, "error": "Pengguna tidak terdaftar"})
        if body.get("passphrase") != PASSPHRASE:
            return self._answer(400, {"status_code": 2031, "error": "Passphrase anda salah"})
        properties = body["signatureProperties"][0]
        assert properties["tampilan"] == "INVISIBLE"
        signed = [
            base64.b64encode(
                pades.sign_pdf(
                    base64.b64decode(content),
                    seal=StandIn.seal,
                    name="",
                    reason=properties["reason"],
                    location=properties["location"],
                )
            ).decode()
            for content in body["file"]
        ]
        return self._answer(200, {"file": signed})

    def _answer(self, status, data):
        payload = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def service(settings, tmp_path):
    folder = tmp_path / "ca"
    path = make_demo_ca(folder)
    settings.SIGNING_SEAL_PKCS12 = str(path)
    settings.SIGNING_SEAL_PASSPHRASE = (folder / "seal.passphrase").read_text().strip()
    StandIn.seal = pades.seal()
    settings.SIGNING_SEAL_PKCS12 = ""  # the portal itself holds no key: BSrE signs
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PDF_SIGNING_BACKEND = "bsre"
    settings.SIGNING_KEY_ENCRYPTION_KEY = "k" * 43 + "="
    settings.BSRE_CLIENT_ID, settings.BSRE_CLIENT_SECRET = "portal", "client-secret"
    settings.BSRE_TIMEOUT = 5
    StandIn.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.BSRE_URL = f"http://127.0.0.1:{server.server_port}/api/v2/sign/pdf"
    yield folder
    server.shutdown()


@pytest.fixture
def document(unit, staf):
    document = DocumentFactory(unit=unit, signatory=OfficialFactory(unit=unit))
    IndicatorFactory(strategic_target__document=document)
    workflow.document_submit(document=document, user=staf)
    return document


def _sign(client, document, **typed):
    url = reverse("indicators:document_transition", args=[document.pk, "tandatangani"])
    return client.post(url, typed, follow=True).content.decode()


def test_a_head_signs_through_bsre_with_nik_and_passphrase_typed_once(
    service, document, kepala, client
):
    client.force_login(kepala)
    page = client.get(reverse("indicators:document_detail", args=[document.pk])).content.decode()
    assert 'name="nik"' in page and 'name="sandi_bsre"' in page and 'type="password"' in page
    refused = _sign(client, document, nik="123", sandi_bsre="x")
    assert "Ketik NIK (16 angka)" in refused and not SigningJob.objects.exists()
    _sign(client, document, nik=NIK, sandi_bsre=PASSPHRASE)
    version = SignedVersion.objects.get(document=document)
    pdf = read_signed(version)
    signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    roots = [load_cert_from_pemder(str(service / "ca.pem"))]
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=roots))
    assert status.intact and status.valid and status.trusted
    assert len(StandIn.seen) == 2  # the document and its Manual IKU
    assert all(call["nik"] == NIK for call in StandIn.seen)
    assert version.code in StandIn.seen[0]["signatureProperties"][0]["reason"]
    # Nothing of the credentials is kept once the signing is done.
    assert not SigningJob.objects.exists()


@pytest.mark.parametrize(
    ("nik", "passphrase", "message"),
    [
        (NIK, "salah", "Passphrase BSrE salah"),
        ("3171234567890999", PASSPHRASE, "BSrE tidak memiliki sertifikat untuk NIK ini"),
    ],
)
def test_a_refusal_by_bsre_is_told_and_nothing_is_stored(
    service, document, kepala, client, nik, passphrase, message
):
    client.force_login(kepala)
    page = _sign(client, document, nik=nik, sandi_bsre=passphrase)
    assert message in page
    job = SigningJob.objects.get()
    assert message in job.error and bytes(job.secret) == b""  # the passphrase is gone
    document.refresh_from_db()
    assert document.status == IKUDocument.Status.SUBMITTED and not SignedVersion.objects.exists()


def test_an_unreachable_service_fails_the_signing_visibly(
    service, document, kepala, client, settings
):
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    settings.BSRE_URL = f"http://127.0.0.1:{port}/api/v2/sign/pdf"
    client.force_login(kepala)
    page = _sign(client, document, nik=NIK, sandi_bsre=PASSPHRASE)
    assert "Layanan tanda tangan nasional (BSrE) tidak menjawab" in page
    assert not SignedVersion.objects.exists()
