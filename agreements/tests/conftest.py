"""A dinas under its pemerintah provinsi, with its head, the governor, and a signed IKU
document 2024-2026: two sasaran, three IKU with their 2025 targets (one a range)."""

from decimal import Decimal

import pytest
from django.utils import timezone

from agreements import services
from indicators.models import IKUDocument, SignedVersion
from indicators.tests.factories import (
    DocumentFactory,
    IndicatorFactory,
    StrategicTargetFactory,
    YearlyTargetFactory,
)
from indicators.workflow import services as workflow
from indicators.workflow.transitions import new_verification_code, record_transition
from organizations.models import Official, OrganizationUnit
from organizations.tests.factories import OfficialFactory, UnitFactory

HEAD_NIP = "196804121994031005"


@pytest.fixture
def pemda(db):
    pemda = UnitFactory(name="Pemerintah Provinsi Contoh", kind=OrganizationUnit.Kind.PROVINSI)
    OfficialFactory(
        unit=pemda,
        name="Ir. H. GUBERNUR CONTOH, M.Si.",
        kind=Official.Kind.STATE_OFFICIAL,
        nip="",
        golongan="",
        jabatan="Gubernur Contoh",
    )
    OfficialFactory(unit=pemda, name="SEKDA CONTOH, S.H.", jabatan="Sekretaris Daerah")
    return pemda


@pytest.fixture
def unit(pemda):
    """The dinas the cast's staf and kepala belong to (overrides the root fixture)."""
    return UnitFactory(name="Dinas Koperasi Provinsi Contoh", parent=pemda)


@pytest.fixture
def head(unit):
    return OfficialFactory(
        unit=unit,
        name="Dr. BUDI SANTOSO, S.E., M.M.",
        nip=HEAD_NIP,
        golongan="IV/c",
        jabatan="Kepala Dinas Koperasi Provinsi Contoh",
    )


@pytest.fixture
def iku_document(unit, staf, kepala, head):
    document = DocumentFactory(unit=unit, period_start=2024, period_end=2026, signatory=head)
    first = StrategicTargetFactory(document=document, text="Meningkatnya daya saing koperasi")
    second = StrategicTargetFactory(document=document, text="Meningkatnya kualitas layanan")
    sehat = IndicatorFactory(strategic_target=first, name="Persentase koperasi sehat", satuan="%")
    YearlyTargetFactory(indicator=sehat, year=2025, value=Decimal("35.5"))
    YearlyTargetFactory(indicator=sehat, year=2026, value=Decimal("40"))
    naik = IndicatorFactory(
        strategic_target=first, name="Jumlah UMKM naik kelas", satuan="unit usaha"
    )
    YearlyTargetFactory(indicator=naik, year=2025, value=Decimal("1250"))
    ikm = IndicatorFactory(strategic_target=second, name="Indeks kepuasan masyarakat", satuan="")
    YearlyTargetFactory(indicator=ikm, year=2025, value=Decimal(80), value_upper=Decimal(90))
    sign_without_pdf(document, staf=staf, kepala=kepala)
    return document


def sign_without_pdf(document, *, staf, kepala):
    """Sign as the signing service records it (submitted, a signed version, the step to
    signed, through the frozen guards) without laying out its PDF, which takes seconds and
    which nothing here reads: these tests need a signed IKU document, not its print."""
    workflow.document_submit(document=document, user=staf)
    SignedVersion.objects.create(
        document=document,
        code=new_verification_code(),
        signed_by=kepala,
        signed_at=timezone.now(),
        snapshot={},
        pdf=f"signed/{document.unit_id}/test.pdf",
        sha256="0" * 64,
    )
    record_transition(document, kepala, IKUDocument.Status.SIGNED)
    document.refresh_from_db()


@pytest.fixture
def agreement(unit, staf, iku_document):
    """The dinas's draft PK 2025, started as a staf starts it."""
    return services.agreement_start(unit=unit, year=2025, user=staf)


def sign_agreement(agreement, *, staf, kepala):
    """A PK submitted by `staf` and signed by `kepala` through the services (its PDF laid out
    and sealed, as the page does), its place and date filled in if they were not."""
    import datetime

    from agreements import signing

    agreement.place = agreement.place or "Palembang"
    agreement.date = agreement.date or datetime.date(agreement.year, 1, 6)
    agreement.first_party_name = agreement.first_party_name or "KEPALA DINAS CONTOH"
    agreement.second_party_name = agreement.second_party_name or "GUBERNUR CONTOH"
    services.agreement_parties_update(agreement=agreement, version=agreement.version)
    signing.agreement_submit(agreement=agreement, user=staf)
    signing.first_party_sign(agreement=agreement, user=kepala)
    agreement.refresh_from_db()
    return agreement
