"""A document is signed as soon as its own PDF is stored; its Manual IKU (three times the
pages to lay out) is signed right after, with the same snapshot and verification code, and
every page that offers it says meanwhile that it is being signed."""

import hashlib

import pytest
from django.urls import reverse

from indicators.models import IKUDocument, ManualSigningJob, SignedVersion
from indicators.printing import sealing
from indicators.tests.factories import DocumentFactory, IndicatorFactory
from indicators.workflow import services as workflow
from indicators.workflow import signing
from organizations.tests.factories import OfficialFactory


def _url(code):
    return f"https://iku.example/verifikasi/{code}/"


@pytest.fixture
def signed_without_manual(unit, staf, kepala, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    document = DocumentFactory(unit=unit, signatory=OfficialFactory(unit=unit))
    IndicatorFactory(strategic_target__document=document)
    workflow.document_submit(document=document, user=staf)
    return signing.document_sign(
        document=document, user=kepala, verification_url=_url, manual=False
    )


def test_the_document_is_signed_before_its_manual_and_the_pages_say_so(
    signed_without_manual, client, kepala
):
    version = signed_without_manual
    document = version.document
    document.refresh_from_db()
    assert document.status == IKUDocument.Status.SIGNED
    assert version.pdf.name and not version.manual_pdf.name
    client.force_login(kepala)
    detail = client.get(reverse("indicators:document_detail", args=[document.pk])).content.decode()
    assert "Manual IKU-nya sedang ditandatangani" in detail
    assert 'http-equiv="refresh"' in detail  # until it is stored
    waiting = client.get(reverse("indicators:manual_preview", args=[document.pk]))
    assert waiting.status_code == 202
    assert "Dokumen sudah ditandatangani. Manual IKU-nya sedang ditandatangani" in (
        waiting.content.decode()
    )
    client.logout()
    public = client.get(reverse("indicators:verify", args=[version.code])).content.decode()
    assert "sedang disimpan" in public
    assert reverse("indicators:verify_manual_pdf", args=[version.code]) not in public


def test_the_manual_is_signed_with_the_document_code_and_then_offered(
    signed_without_manual, client, kepala
):
    version = signed_without_manual
    job = ManualSigningJob.objects.get(version=version)
    assert job.url == _url(version.code)  # the QR code of the document's own PDF
    sealing.manual_sign_run(job=job)
    version = SignedVersion.objects.get(pk=version.pk)
    assert not ManualSigningJob.objects.exists()
    with version.manual_pdf.open("rb") as stored:
        manual = stored.read()
    assert hashlib.sha256(manual).hexdigest() == version.manual_sha256
    client.force_login(kepala)
    detail = client.get(reverse("indicators:document_detail", args=[version.document_id]))
    assert "sedang ditandatangani" not in detail.content.decode()
    assert 'http-equiv="refresh"' not in detail.content.decode()
    pdf = client.get(reverse("indicators:manual_pdf", args=[version.document_id]))
    assert pdf.status_code == 200 and pdf.content == manual
    public = client.get(reverse("indicators:verify", args=[version.code])).content.decode()
    assert reverse("indicators:verify_manual_pdf", args=[version.code]) in public
    assert version.manual_sha256 in public


def test_a_manual_whose_signing_never_started_is_asked_again(
    signed_without_manual, client, kepala, settings
):
    """The worker died between the document's signature and the Manual IKU: the job was never
    heard of; past the lease, opening the Manual IKU asks a worker for it."""
    from datetime import timedelta

    from django.utils import timezone

    settings.TASK_LEASE_SECONDS = 60
    version = signed_without_manual
    ManualSigningJob.objects.filter(version=version).update(
        created_at=timezone.now() - timedelta(seconds=61)
    )
    client.force_login(kepala)
    manual = reverse("indicators:manual_pdf", args=[version.document_id])
    assert client.get(manual).status_code == 202  # asked again; the test backend runs it
    assert client.get(manual).status_code == 200
    assert SignedVersion.objects.get(pk=version.pk).manual_sha256
