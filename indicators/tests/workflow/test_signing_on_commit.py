"""Signing is asked of a worker when the request commits: a request that fails after asking
(its transaction rolled back) leaves nothing signed, no job and no file."""

import pytest
from django.db import transaction

from indicators.models import SignedVersion, SigningJob
from indicators.tests.factories import DocumentFactory, IndicatorFactory
from indicators.workflow import services as workflow
from organizations.tests.factories import OfficialFactory


class Refused(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_a_signing_asked_in_a_transaction_that_rolls_back_signs_nothing_and_writes_no_file(
    staf, kepala, unit, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    document = DocumentFactory(unit=unit, signatory=OfficialFactory(unit=unit))
    IndicatorFactory(strategic_target__document=document)
    workflow.document_submit(document=document, user=staf)
    with pytest.raises(Refused), transaction.atomic():
        workflow.request_signing(document=document, user=kepala)
        raise Refused
    document.refresh_from_db()
    assert document.status == document.Status.SUBMITTED
    assert not SignedVersion.objects.exists() and not SigningJob.objects.exists()
    assert list(tmp_path.rglob("*.pdf")) == []  # nothing rendered, nothing left behind


@pytest.mark.django_db(transaction=True)
def test_a_signing_asked_in_a_committed_transaction_is_done_after_the_commit(
    staf, kepala, unit, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    document = DocumentFactory(unit=unit, signatory=OfficialFactory(unit=unit))
    IndicatorFactory(strategic_target__document=document)
    workflow.document_submit(document=document, user=staf)
    with transaction.atomic():
        workflow.request_signing(document=document, user=kepala)
        assert not SignedVersion.objects.exists()  # not while the request is open
    document.refresh_from_db()
    assert document.status == document.Status.SIGNED
    assert SignedVersion.objects.filter(document=document).count() == 1
