"""A PK Perubahan: after a budget change, a member starts a revision of the signed PK (a draft
copy of its parties, indicators and programs); the comparison page shows what it changes; once
signed it replaces the first, which is superseded and stays verifiable."""

import datetime
import hashlib
from decimal import Decimal

import pytest
from django.urls import reverse

from agreements import services, signing
from agreements.models import AgreementProgram, PerformanceAgreement


@pytest.fixture
def signed(agreement, staf, kepala, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    agreement.place, agreement.date = "Palembang", datetime.date(2025, 1, 6)
    services.agreement_parties_update(agreement=agreement, version=agreement.version)
    program = services.agreement_program_save(
        program=AgreementProgram(agreement=agreement, name="Program Koperasi", budget=1000000),
        version=None,
    )
    services.agreement_program_save(
        program=AgreementProgram(
            agreement=agreement,
            level=AgreementProgram.Level.ACTIVITY,
            parent=program,
            name="Kegiatan Koperasi",
            budget=1000000,
        ),
        version=None,
    )
    services.agreement_indicator_leave_out(
        indicator=agreement.indicators.get(name="Jumlah UMKM naik kelas"), reason="Dialihkan"
    )
    signing.agreement_submit(agreement=agreement, user=staf)
    return signing.agreement_sign(agreement=agreement, user=kepala)


def test_a_pk_perubahan_replaces_the_signed_pk_once_signed(client, signed, staf, kepala):
    first = signed.agreement
    client.force_login(staf)
    page = client.post(reverse("agreements:revise", args=[first.pk]), follow=True)
    revision = PerformanceAgreement.objects.get(revises=first)
    assert (revision.revision, revision.status, revision.year) == (1, "draft", 2025)
    assert "PK Perubahan dimulai sebagai draf" in page.content.decode()
    # Everything copied: parties, indicators (one left out, with its reason), the programs' tree.
    assert revision.first_party_name == first.first_party_name and revision.place == "Palembang"
    copied = revision.indicators.get(name="Jumlah UMKM naik kelas")
    assert copied.left_out and copied.left_out_reason == "Dialihkan"
    kegiatan = revision.programs.get(name="Kegiatan Koperasi")
    assert (
        kegiatan.parent.agreement_id == revision.pk and kegiatan.parent.name == "Program Koperasi"
    )
    again = client.post(reverse("agreements:revise", args=[first.pk]), follow=True)
    assert "sedang disiapkan" in again.content.decode()
    assert PerformanceAgreement.objects.filter(revises=first).count() == 1
    # APBD-P: the program's anggaran raised, the kegiatan with it.
    for program in revision.programs.all():
        program.budget = Decimal("1500000")
        services.agreement_program_save(program=program, version=program.version)
    compare = client.get(reverse("agreements:compare", args=[revision.pk])).content.decode()
    assert "Rp 1.000.000" in compare and "Rp 1.500.000" in compare
    signing.agreement_submit(agreement=revision, user=staf)
    newer = signing.agreement_sign(agreement=revision, user=kepala)
    first.refresh_from_db()
    assert (first.status, PerformanceAgreement.objects.get(pk=revision.pk).status) == (
        "superseded",
        "signed",
    )
    assert "PERJANJIAN KINERJA PERUBAHAN TAHUN 2025" in newer.snapshot["title"]
    client.logout()
    verify = client.get(reverse("agreements:verify", args=[signed.code])).content.decode()
    assert "sudah diganti oleh PK Perubahan" in verify
    kept = client.get(reverse("agreements:verify_pdf", args=[signed.code])).content
    assert hashlib.sha256(kept).hexdigest() == signed.sha256  # the first, still as signed


def test_only_a_member_revises_and_only_a_signed_pk(client, agreement, signed, outsider, kepala):
    client.force_login(outsider)
    assert client.post(reverse("agreements:revise", args=[signed.agreement.pk])).status_code == (
        404
    )
    assert not PerformanceAgreement.objects.filter(revises__isnull=False).exists()


def test_a_pk_perubahan_without_a_change_cannot_be_submitted(client, signed, staf):
    first = signed.agreement
    revision = services.agreement_start_revision(agreement=first, user=staf)
    client.force_login(staf)
    submit = reverse("agreements:submit", args=[revision.pk])
    page = client.post(submit, follow=True).content.decode()
    assert "Tidak ada perubahan dari PK sebelumnya" in page
    assert PerformanceAgreement.objects.get(pk=revision.pk).status == "draft"
    # A changed anggaran is a change: now it is submitted.
    program = revision.programs.get(name="Program Koperasi")
    program.budget = 1250000
    services.agreement_program_save(program=program, version=program.version)
    page = client.post(submit, follow=True).content.decode()
    assert "Tidak ada perubahan" not in page
    assert PerformanceAgreement.objects.get(pk=revision.pk).status == "submitted"


def test_an_iku_left_out_reads_with_its_reason(client, signed, staf):
    client.force_login(staf)
    page = client.get(reverse("agreements:detail", args=[signed.agreement_id])).content.decode()
    assert "Tidak dimasukkan dalam PK — alasan: Dialihkan" in page
