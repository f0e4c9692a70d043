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
