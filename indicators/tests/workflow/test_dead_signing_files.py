"""A signing whose worker died after it wrote its files (seconds after its last sign of life)
leaves none of them once it is failed, and can no longer record a signature. Any database: the
worker's death is its missing sign of life, set here."""

import pytest
from django.urls import reverse

from core.errors import WorkflowError
from indicators.models import SignedVersion, SigningJob
from indicators.tests.factories import DocumentFactory, IndicatorFactory
from indicators.workflow import services as workflow
from organizations.tests.factories import OfficialFactory


def _document(unit, staf):
    document = DocumentFactory(unit=unit, signatory=OfficialFactory(unit=unit))
    IndicatorFactory(strategic_target__document=document)
    workflow.document_submit(document=document, user=staf)
    return document


def test_the_files_of_a_dead_signing_are_removed_however_late_it_wrote_them(
    client, staf, kepala, unit, settings, tmp_path
):
    """A worker that wrote the signed PDFs a moment before it died (seconds after its last
    sign of life): once the job is failed, its files are removed, not kept for being young;
    and a worker found dead cannot record its signature afterwards."""
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from indicators.workflow import signing

    settings.MEDIA_ROOT = str(tmp_path)
    settings.TASK_LEASE_SECONDS = 60
    document = _document(unit, staf)
    job = SigningJob.objects.create(
        document=document,
        user=kepala,
        code="ABCD-EFGH-JKLM",
        secret=b"credentials typed for it, encrypted",
        heartbeat_at=timezone.now() - timedelta(seconds=61),
    )
    written = [
        f"signed/{unit.pk}/ABCD-EFGH-JKLM.pdf",
        f"signed/{unit.pk}/ABCD-EFGH-JKLM-manual.pdf",
    ]
    for name in written:
        default_storage.save(name, ContentFile(b"%PDF-1.7 half a signature"))  # just now
    client.force_login(kepala)
    page = client.get(reverse("indicators:document_detail", args=[document.pk])).content.decode()
    assert "Pekerja yang menandatangani berhenti" in page
    assert page.count("Tidak ada yang ditandatangani") == 1  # said once
    assert not any(default_storage.exists(name) for name in written)
    assert bytes(SigningJob.objects.get(pk=job.pk).secret) == b""  # nor its credentials
    # The worker was not dead after all and comes to record its signature: refused.
    version = SignedVersion(document=document, code="ABCD-EFGH-JKLM")
    with pytest.raises(WorkflowError, match="dihentikan"):
        signing._record(version, kepala, job, "http://iku.example/v/ABCD-EFGH-JKLM/", None)
    assert not SignedVersion.objects.exists()
