"""Pihak kedua's signature, by the path that applies: pihak kedua with an account (the kepala
of the unit above a bidang) sees the PK waiting on their dashboard and signs it in the portal;
pihak kedua without one (a kepala daerah, above a dinas) signs the printed page by hand and the
dinas's kepala records it with the scan, which whoever reads the signed PK can open."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from agreements import services, signing
from agreements.models import AgreementCountersignature
from agreements.tests.conftest import sign_agreement, sign_without_pdf
from indicators.tests.factories import (
    DocumentFactory,
    IndicatorFactory,
    StrategicTargetFactory,
    YearlyTargetFactory,
)
from organizations.models import Membership, OrganizationUnit
from organizations.tests.factories import MembershipFactory, OfficialFactory, UnitFactory

PDF_SCAN = b"%PDF-1.7\n% the page pihak kedua signed by hand\n%%EOF\n"
PNG_SCAN = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
NO_ACCOUNT = "Pihak kedua tidak memiliki akun di portal"
HAS_ACCOUNT = "Pihak kedua memiliki akun di portal dan menandatangani PK di sini."
WAITING = "menunggu tanda tangan Anda sebagai pihak kedua"
DASHBOARD = reverse("indicators:dashboard")
RECORDED = "Tanda tangan pihak kedua sudah dicatat."


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def dinas_pk(agreement, staf, kepala):
    """The dinas's PK 2025 (pihak kedua: the Gubernur, who has no account), signed."""
    return sign_agreement(agreement, staf=staf, kepala=kepala)


@pytest.fixture
def bidang(unit, head):
    """A bidang of the dinas, with its head, its staf and kepala, its IKU document signed."""
    bidang = UnitFactory(name="Bidang Koperasi", kind=OrganizationUnit.Kind.BIDANG, parent=unit)
    OfficialFactory(
        unit=bidang, name="SITI AMINAH, S.E.", nip="197501012000032001", jabatan="Kepala Bidang"
    )
    staf = MembershipFactory(unit=bidang, role=Membership.Role.STAF).user
    kepala = MembershipFactory(unit=bidang, role=Membership.Role.KEPALA).user
    document = DocumentFactory(unit=bidang, period_start=2024, period_end=2026)
    sasaran = StrategicTargetFactory(document=document, text="Meningkatnya koperasi sehat")
    iku = IndicatorFactory(strategic_target=sasaran, name="Jumlah koperasi dibina", satuan="")
    YearlyTargetFactory(indicator=iku, year=2025, value=Decimal(40))
    sign_without_pdf(document, staf=staf, kepala=kepala)
    return bidang, staf, kepala


@pytest.fixture
def bidang_pk(bidang):
    unit, staf, kepala = bidang
    agreement = services.agreement_start(unit=unit, year=2025, user=staf)
    return sign_agreement(agreement, staf=staf, kepala=kepala)


def _record(client, agreement, scan=PDF_SCAN, name="ttd.pdf"):
    return client.post(
        reverse("agreements:countersign", args=[agreement.pk]),
        {
            "name": "Ir. H. GUBERNUR CONTOH, M.Si.",
            "signed_on": timezone.localdate().isoformat(),
            "scan": SimpleUploadedFile(name, scan),
        },
    )


def test_pihak_kedua_with_an_account_signs_the_pk_in_the_portal(client, kepala, bidang, bidang_pk):
    _unit, _staf, bidang_kepala = bidang
    detail = reverse("agreements:detail", args=[bidang_pk.pk])
    countersign = reverse("agreements:countersign", args=[bidang_pk.pk])
    # The bidang's kepala, pihak pertama, has nothing to record: pihak kedua signs here.
    client.force_login(bidang_kepala)
    page = client.get(detail).content.decode()
    assert HAS_ACCOUNT in page and "Catat tanda tangan pihak kedua" not in page
    assert client.get(countersign).status_code == 403
    assert client.post(countersign).status_code == 403
    assert "catat tanda tangan pihak kedua" not in client.get(DASHBOARD).content.decode()
    # The dinas's kepala, pihak kedua, sees it waiting and signs it.
    client.force_login(kepala)
    dashboard = client.get(DASHBOARD).content.decode()
    assert WAITING in dashboard and detail in dashboard
    page = client.get(detail).content.decode()
    assert HAS_ACCOUNT in page and "Tandatangani sebagai pihak kedua" in page
    page = client.post(countersign, follow=True).content.decode()
    assert "Ditandatangani sebagai pihak kedua" in page
    assert "Ditandatangani di portal dengan akunnya sendiri." in page
    record = AgreementCountersignature.objects.get()
    assert (record.signed_by, record.recorded_by) == (kepala, kepala)
    assert (record.name, record.signed_on) == (
        "Dr. BUDI SANTOSO, S.E., M.M.",
        timezone.localdate(),
    )
    assert (record.scan.name, record.scan_sha256) == ("", "")
    assert WAITING not in client.get(DASHBOARD).content.decode()
    again = client.post(countersign, follow=True)  # once: the PK says it is done
    assert again.redirect_chain == [(detail, 302)]
    assert RECORDED in again.content.decode()
    assert AgreementCountersignature.objects.count() == 1
    assert reverse("agreements:countersignature_scan", args=[bidang_pk.pk]) not in page


def test_pihak_kedua_without_an_account_is_recorded_by_the_kepala_with_the_scan(
    client, staf, kepala, dinas_pk
):
    detail = reverse("agreements:detail", args=[dinas_pk.pk])
    client.force_login(kepala)
    page = client.get(detail).content.decode()
    assert NO_ACCOUNT in page and "Tandatangani sebagai pihak kedua" not in page
    assert "catat tanda tangan pihak kedua" in client.get(DASHBOARD).content.decode()
    assert WAITING not in client.get(DASHBOARD).content.decode()
    assert _record(client, dinas_pk).status_code == 302
    record = AgreementCountersignature.objects.get()
    assert record.signed_by is None and record.recorded_by == kepala
    page = client.get(detail).content.decode()
    assert "Dicatat dari pindaian halaman yang ditandatangani." in page


def test_the_scan_opens_for_whoever_reads_the_signed_pk_and_nobody_else(
    client, staf, kepala, outsider, pemda, dinas_pk
):
    client.force_login(kepala)
    _record(client, dinas_pk)
    url = reverse("agreements:countersignature_scan", args=[dinas_pk.pk])
    assert url in client.get(reverse("agreements:detail", args=[dinas_pk.pk])).content.decode()
    overseer = MembershipFactory(unit=pemda, role=Membership.Role.STAF).user
    for user in (kepala, staf, overseer):
        client.force_login(user)
        shown = client.get(url)
        assert shown.status_code == 200 and shown.content == PDF_SCAN
        assert shown["Content-Type"] == "application/pdf"
        assert shown["Content-Disposition"].startswith("inline;")
        downloaded = client.get(url + "?unduh=1")
        assert downloaded["Content-Disposition"] == (
            f'attachment; filename="{dinas_pk.signed_version.code}-pihak-kedua.pdf"'
        )
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_a_png_scan_is_served_as_an_image(client, kepala, dinas_pk):
    client.force_login(kepala)
    _record(client, dinas_pk, scan=PNG_SCAN, name="ttd.png")
    shown = client.get(reverse("agreements:countersignature_scan", args=[dinas_pk.pk]))
    assert shown["Content-Type"] == "image/png" and shown.content == PNG_SCAN


def test_no_scan_before_pihak_kedua_signed(client, kepala, dinas_pk):
    client.force_login(kepala)
    url = reverse("agreements:countersignature_scan", args=[dinas_pk.pk])
    assert client.get(url).status_code == 404


def test_the_service_refuses_whoever_is_neither_path(staf, dinas_pk):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        signing.agreement_countersign(
            agreement=dinas_pk, user=staf, name="X", signed_on=datetime.date(2025, 2, 1)
        )


def test_pihak_kedua_does_not_sign_in_the_portal_before_the_pks_date(kepala, bidang):
    """A PK dated ahead (signed by pihak pertama early) waits for its date: pihak kedua's
    signature in the portal is dated today, which may not come before the date printed."""
    from core.errors import WorkflowError

    unit, staf, bidang_kepala = bidang
    agreement = services.agreement_start(unit=unit, year=2025, user=staf)
    agreement.date = timezone.localdate() + datetime.timedelta(days=10)
    services.agreement_parties_update(agreement=agreement, version=agreement.version)
    agreement = sign_agreement(agreement, staf=staf, kepala=bidang_kepala)
    with pytest.raises(WorkflowError, match="pihak kedua menandatangani pada tanggal itu atau"):
        signing.agreement_countersign(agreement=agreement, user=kepala)
    assert not AgreementCountersignature.objects.exists()


def _badges(client, agreement):
    """The status badge of the PK on its page and on its unit's list."""
    badge = 'class="badge text-bg-secondary">{}</span>'
    pages = [
        client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode(),
        client.get(reverse("agreements:unit_list", args=[agreement.unit_id])).content.decode(),
    ]
    return [
        label
        for page in pages
        for label in (
            "Ditandatangani",
            "Menunggu tanda tangan pihak kedua",
            "Ditandatangani kedua pihak",
        )
        if badge.format(label) in page
    ]


def test_the_badge_says_pihak_kedua_has_not_signed_yet_until_they_have(client, kepala, dinas_pk):
    client.force_login(kepala)
    assert _badges(client, dinas_pk) == ["Menunggu tanda tangan pihak kedua"] * 2
    assert _record(client, dinas_pk).status_code == 302
    assert _badges(client, dinas_pk) == ["Ditandatangani kedua pihak"] * 2


def test_recording_pihak_kedua_again_says_it_is_already_recorded(
    client, staf, kepala, outsider, dinas_pk
):
    detail = reverse("agreements:detail", args=[dinas_pk.pk])
    countersign = reverse("agreements:countersign", args=[dinas_pk.pk])
    client.force_login(kepala)
    assert _record(client, dinas_pk).status_code == 302
    client.get(detail)  # its success shown ("… sudah dicatat." too), out of the way
    for method in ("get", "post"):
        answer = getattr(client, method)(countersign, follow=True)
        assert answer.redirect_chain == [(detail, 302)], method
        assert RECORDED in answer.content.decode(), method
    assert AgreementCountersignature.objects.count() == 1
    client.force_login(outsider)
    assert client.get(countersign).status_code == 404
