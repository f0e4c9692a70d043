"""Signing a Perjanjian Kinerja: a member submits it; the unit's kepala (pihak pertama) signs
it, which stores the sealed PDF under a verification code and freezes the PK at every layer;
the kepala records pihak kedua's hand signature with the scan of the signed page; anyone can
verify a copy on the public page."""

import datetime
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from agreements import services, signing
from agreements.models import (
    AgreementCountersignature,
    AgreementIndicator,
    AgreementProgram,
    AgreementSignedVersion,
    PerformanceAgreement,
)
from core.errors import WorkflowError
from indicators.frozen import AppendOnlyError, FrozenDocumentError

SCAN = b"%PDF-1.7\n% the page pihak kedua signed by hand\n%%EOF\n"


def _ready(agreement):
    agreement.place, agreement.date = "Palembang", datetime.date(2025, 1, 6)
    services.agreement_parties_update(agreement=agreement, version=agreement.version)
    agreement.refresh_from_db()
    return agreement


@pytest.fixture
def signed(agreement, staf, kepala, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    _ready(agreement)
    signing.agreement_submit(agreement=agreement, user=staf)
    return signing.agreement_sign(agreement=agreement, user=kepala)


def test_the_kepala_signs_what_the_staf_submitted_through_the_pages(
    client, agreement, staf, kepala, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    detail = reverse("agreements:detail", args=[agreement.pk])
    client.force_login(staf)
    refused = client.post(reverse("agreements:submit", args=[agreement.pk]), follow=True)
    assert "Sebelum diajukan, lengkapi: tempat dan tanggal penandatanganan." in (
        refused.content.decode()
    )
    _ready(agreement)
    page = client.post(reverse("agreements:submit", args=[agreement.pk]), follow=True)
    assert "Diajukan" in page.content.decode()
    assert client.post(reverse("agreements:sign", args=[agreement.pk])).status_code == 403
    assert PerformanceAgreement.objects.get(pk=agreement.pk).status == "submitted"
    client.force_login(kepala)
    page = client.post(reverse("agreements:sign", args=[agreement.pk]), follow=True)
    text = page.content.decode()
    version = AgreementSignedVersion.objects.get(agreement=agreement)
    assert "Ditandatangani" in text and version.code in text
    assert "Menunggu tanda tangan pihak kedua." in text
    assert "NIP. 19680412 199403 1 005" in text  # the NIP as printed
    assert PerformanceAgreement.objects.get(pk=agreement.pk).status == "signed"
    pdf = client.get(reverse("agreements:pdf", args=[agreement.pk]))
    assert hashlib.sha256(pdf.content).hexdigest() == version.sha256  # as signed, byte for byte
    assert pdf.content.startswith(b"%PDF-")
    assert client.get(detail).status_code == 200


def test_only_the_kepala_signs_and_only_a_submitted_pk(agreement, staf, kepala):
    _ready(agreement)
    with pytest.raises(PermissionDenied):
        signing.agreement_sign(agreement=agreement, user=kepala)  # still a draft
    signing.agreement_submit(agreement=agreement, user=staf)
    with pytest.raises(PermissionDenied):
        signing.agreement_sign(agreement=agreement, user=staf)
    assert not AgreementSignedVersion.objects.exists()


def test_pihak_kedua_does_not_sign_as_pihak_pertama(agreement, staf, kepala):
    """One account may be kepala of a unit and of the unit above it: printed as pihak kedua,
    it does not sign as pihak pertama."""
    kepala.first_name, kepala.last_name = "Ir. H. GUBERNUR", "CONTOH, M.Si."
    kepala.save()
    _ready(agreement)
    signing.agreement_submit(agreement=agreement, user=staf)
    with pytest.raises(WorkflowError, match="Anda pihak kedua"):
        signing.agreement_sign(agreement=agreement, user=kepala)
    assert PerformanceAgreement.objects.get(pk=agreement.pk).status == "submitted"


def test_pihak_kedua_the_same_person_is_refused_at_submitting(agreement, staf):
    _ready(agreement)
    PerformanceAgreement.objects.filter(pk=agreement.pk).update(
        second_party_name=agreement.first_party_name, second_party_nip=agreement.first_party_nip
    )
    with pytest.raises(ValidationError, match="tidak boleh orang yang sama"):
        signing.agreement_submit(agreement=agreement, user=staf)
    assert PerformanceAgreement.objects.get(pk=agreement.pk).status == "draft"


def test_the_returned_pk_is_a_draft_again(agreement, staf, kepala):
    _ready(agreement)
    signing.agreement_submit(agreement=agreement, user=staf)
    with pytest.raises(WorkflowError):
        signing.agreement_return(agreement=agreement, user=kepala, reason=" ")
    signing.agreement_return(agreement=agreement, user=kepala, reason="Target belum sesuai")
    assert PerformanceAgreement.objects.get(pk=agreement.pk).status == "draft"


def test_a_signed_pk_is_frozen_in_the_services_and_the_orm(signed, staf):
    agreement = signed.agreement
    indicator = agreement.indicators.first()
    name = indicator.name
    program = AgreementProgram(agreement=agreement, name="Program baru", budget=1)
    with pytest.raises(PermissionDenied):
        services.agreement_program_save(program=program, version=None)
    attempts = [
        lambda: AgreementIndicator.objects.filter(pk=indicator.pk).update(name="Diubah"),
        lambda: setattr(indicator, "name", "Diubah") or indicator.save(),
        lambda: indicator.delete(),
        lambda: AgreementProgram.objects.create(agreement=agreement, name="Baru", budget=1),
        lambda: PerformanceAgreement.objects.filter(pk=agreement.pk).update(year=2026),
        lambda: PerformanceAgreement.objects.filter(pk=agreement.pk).update(status="draft"),
        lambda: PerformanceAgreement.objects.filter(pk=agreement.pk).delete(),
    ]
    for attempt in attempts:
        with pytest.raises(FrozenDocumentError), transaction.atomic():
            attempt()
    with pytest.raises(AppendOnlyError):
        AgreementSignedVersion.objects.filter(pk=signed.pk).update(sha256="0" * 64)
    assert AgreementIndicator.objects.get(pk=indicator.pk).name == name
    assert not AgreementProgram.objects.filter(agreement=agreement).exists()
    stored = PerformanceAgreement.objects.get(pk=agreement.pk)
    assert (stored.status, stored.year) == ("signed", 2025)
    # Superseding, the one change it takes.
    stored.status = PerformanceAgreement.Status.SUPERSEDED
    stored.save(update_fields=["status", "updated_at"])
    assert PerformanceAgreement.objects.get(pk=agreement.pk).status == "superseded"


on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the triggers exist on PostgreSQL only"
)


@on_postgresql
def test_raw_sql_changes_nothing_of_a_signed_pk(signed, kepala):
    agreement = signed.agreement
    indicator = agreement.indicators.first()
    statements = [
        ("UPDATE agreements_performanceagreement SET year = 2026 WHERE id = %s", [agreement.pk]),
        (
            "UPDATE agreements_performanceagreement SET status = 'draft' WHERE id = %s",
            [agreement.pk],
        ),
        ("DELETE FROM agreements_performanceagreement WHERE id = %s", [agreement.pk]),
        ("UPDATE agreements_agreementindicator SET name = 'X' WHERE id = %s", [indicator.pk]),
        ("DELETE FROM agreements_agreementindicator WHERE id = %s", [indicator.pk]),
        (
            'INSERT INTO agreements_agreementprogram (agreement_id, "order", level, name, '
            "budget, note, version) VALUES (%s, 9, 'program', 'X', 1, '', 0)",
            [agreement.pk],
        ),
        ("UPDATE agreements_agreementsignedversion SET sha256 = 'x' WHERE id = %s", [signed.pk]),
        ("DELETE FROM agreements_agreementsignedversion WHERE id = %s", [signed.pk]),
    ]
    for sql, params in statements:
        with (
            pytest.raises(IntegrityError, match="IKU:"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, params)
    assert PerformanceAgreement.objects.get(pk=agreement.pk).year == 2025
    assert AgreementIndicator.objects.get(pk=indicator.pk).name == indicator.name


@on_postgresql
def test_raw_sql_cannot_sign_a_pk_without_its_signed_version(agreement, staf):
    _ready(agreement)
    signing.agreement_submit(agreement=agreement, user=staf)
    with (
        pytest.raises(IntegrityError, match="no signed version"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE agreements_performanceagreement SET status = 'signed' WHERE id = %s",
            [agreement.pk],
        )


def _countersign(client, agreement, **data):
    fields = {
        "name": "Ir. H. GUBERNUR CONTOH, M.Si.",
        "signed_on": timezone.localdate().isoformat(),
        "scan": SimpleUploadedFile("ttd.pdf", SCAN, content_type="application/pdf"),
        **data,
    }
    return client.post(reverse("agreements:countersign", args=[agreement.pk]), fields)


def test_pihak_kedua_is_recorded_once_with_the_scan(client, signed, kepala, staf):
    agreement = signed.agreement
    client.force_login(kepala)
    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    before = (agreement.date - datetime.timedelta(days=1)).isoformat()  # before the PK's date
    for data, message in [
        ({"signed_on": future}, "tidak boleh di masa depan"),
        ({"signed_on": before}, "pada tanggal itu atau sesudahnya"),
        ({"scan": SimpleUploadedFile("ttd.txt", b"bukan pindaian")}, "PDF, PNG atau JPEG"),
    ]:
        answer = _countersign(client, agreement, **data)
        assert answer.status_code == 200 and message in answer.content.decode(), message
    assert not AgreementCountersignature.objects.exists()
    assert _countersign(client, agreement).status_code == 302
    record = AgreementCountersignature.objects.get()
    assert record.scan_sha256 == hashlib.sha256(SCAN).hexdigest()
    with record.scan.open("rb") as stored:
        assert stored.read() == SCAN
    page = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert "Pihak kedua (Ir. H. GUBERNUR CONTOH, M.Si.) menandatangani" in page
    assert reverse("agreements:countersign", args=[agreement.pk]) not in page
    again = _countersign(client, agreement)  # recorded once: back to the PK, which says so
    assert again.status_code == 302 and again["Location"] == reverse(
        "agreements:detail", args=[agreement.pk]
    )
    with pytest.raises(AppendOnlyError):
        AgreementCountersignature.objects.filter(pk=record.pk).update(name="Lain")
    client.force_login(staf)
    assert _countersign(client, agreement).status_code in (302, 403, 404)
    assert AgreementCountersignature.objects.get().pk == record.pk


def test_anyone_verifies_a_copy_on_the_public_page(client, signed):
    page = client.get(reverse("agreements:verify", args=[signed.code]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "PERJANJIAN KINERJA TAHUN 2025" in text and signed.sha256 in text
    assert "Dr. BUDI SANTOSO, S.E., M.M." in text
    pdf = client.get(reverse("agreements:verify_pdf", args=[signed.code])).content
    assert hashlib.sha256(pdf).hexdigest() == signed.sha256
    upload = reverse("agreements:verify_upload", args=[signed.code])
    same = client.post(upload, {"file": SimpleUploadedFile("pk.pdf", pdf)})
    assert "Identik" in same.content.decode()
    other = client.post(upload, {"file": SimpleUploadedFile("pk.pdf", pdf + b"\n")})
    assert "Tidak identik" in other.content.decode()
    assert client.get(reverse("agreements:verify", args=["XXXX-XXXX-XXXX"])).status_code == 404


def test_the_kepalas_dashboard_lists_what_a_pk_waits_for(client, agreement, staf, kepala):
    dashboard = reverse("indicators:dashboard")
    client.force_login(kepala)
    assert agreement.heading not in client.get(dashboard).content.decode()  # a draft
    _ready(agreement)
    signing.agreement_submit(agreement=agreement, user=staf)
    page = client.get(dashboard).content.decode()
    assert "menunggu tanda tangan Anda" in page
    assert reverse("agreements:detail", args=[agreement.pk]) in page
    signing.agreement_sign(agreement=agreement, user=kepala)
    assert "catat tanda tangan pihak kedua" in client.get(dashboard).content.decode()
    client.force_login(staf)
    assert "menunggu tanda tangan Anda" not in client.get(dashboard).content.decode()
