"""Starting a Perjanjian Kinerja from the IKU document in force: what is copied, the parties
proposed, and each start refused with its reason and nothing saved."""

from decimal import Decimal as D

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from agreements.models import AgreementIndicator, PerformanceAgreement
from agreements.tests.conftest import HEAD_NIP, sign_without_pdf
from indicators.tests.factories import DocumentFactory
from organizations.models import OrganizationUnit
from organizations.tests.factories import MembershipFactory, OfficialFactory, UnitFactory


def _start(client, unit, year):
    return client.post(reverse("agreements:create", args=[unit.pk]), {"year": year}, follow=True)


def test_staf_starts_the_pk_from_the_iku_document_in_force(client, staf, unit, iku_document):
    client.force_login(staf)
    page = _start(client, unit, "2025").content.decode()

    agreement = PerformanceAgreement.objects.get(unit=unit, year=2025)
    assert agreement.document == iku_document
    assert agreement.status == PerformanceAgreement.Status.DRAFT
    assert "Perjanjian Kinerja 2025 dibuat dari dokumen IKU 2024-2026: 3 indikator disalin." in page
    assert "PERJANJIAN KINERJA TAHUN 2025" in page
    rows = [
        (i.target.text, i.name, i.target_text, i.target_value, i.target_value_upper)
        for i in AgreementIndicator.objects.filter(agreement=agreement).order_by(
            "target__order", "order"
        )
    ]
    assert rows == [
        ("Meningkatnya daya saing koperasi", "Persentase koperasi sehat", "35,5", D("35.5"), None),
        ("Meningkatnya daya saing koperasi", "Jumlah UMKM naik kelas", "1.250", D(1250), None),
        ("Meningkatnya kualitas layanan", "Indeks kepuasan masyarakat", "80–90", D(80), D(90)),
    ]
    # Each indicator keeps its link to its IKU, each sasaran to the document's sasaran.
    for indicator in agreement.indicators.select_related("indicator", "target"):
        assert indicator.indicator.name == indicator.name
        assert indicator.indicator.document_id == iku_document.pk
        assert indicator.target.strategic_target.text == indicator.target.text
    # What the page shows: the sasaran, the targets as understood, with their satuan.
    assert "Meningkatnya kualitas layanan" in page
    assert "35,5 %" in page and "1.250 unit usaha" in page and "80–90" in page


def test_the_parties_are_proposed_from_the_unit_tree(client, staf, unit, iku_document):
    client.force_login(staf)
    _start(client, unit, "2025")
    agreement = PerformanceAgreement.objects.get(unit=unit, year=2025)
    # Pihak pertama: the dinas's head, an ASN with NIP and pangkat.
    assert agreement.first_party_name == "Dr. BUDI SANTOSO, S.E., M.M."
    assert agreement.first_party_nip == HEAD_NIP
    assert agreement.first_party_pangkat == "Pembina Utama Muda (IV/c)"
    assert agreement.first_party_position == "Kepala Dinas Koperasi Provinsi Contoh"
    # Pihak kedua: the dinas lies directly under the pemda, so its governor, by name only
    # (not the sekda, who is also an official of the pemda).
    assert agreement.second_party_name == "Ir. H. GUBERNUR CONTOH, M.Si."
    assert agreement.second_party_position == "Gubernur Contoh"
    assert (agreement.second_party_nip, agreement.second_party_pangkat) == ("", "")
    assert agreement.place == unit.seat_city


def test_a_bidang_has_the_head_of_its_dinas_as_pihak_kedua_and_a_plt_as_pihak_pertama(
    client, unit, head
):
    bidang = UnitFactory(name="Bidang Koperasi", kind=OrganizationUnit.Kind.BIDANG, parent=unit)
    OfficialFactory(
        unit=bidang,
        name="SITI AMINAH, S.Sos.",
        nip="197503152000032002",
        golongan="III/d",
        jabatan="Plt. Kepala Bidang Koperasi",
    )
    member = MembershipFactory(unit=bidang).user
    DocumentFactory(unit=bidang, period_start=2024, period_end=2026)
    document = bidang.documents.get()
    kepala = MembershipFactory(unit=bidang, role="kepala").user
    sign_without_pdf(document, staf=member, kepala=kepala)
    client.force_login(member)
    _start(client, bidang, "2026")
    agreement = PerformanceAgreement.objects.get(unit=bidang)
    assert agreement.first_party_position == "Plt. Kepala Bidang Koperasi"
    assert agreement.first_party_pangkat == "Penata Tingkat I (III/d)"
    assert agreement.second_party_name == head.name
    assert agreement.second_party_nip == HEAD_NIP
    assert agreement.second_party_pangkat == "Pembina Utama Muda (IV/c)"


@pytest.mark.parametrize("year", ["2023", "2027"])
def test_a_year_outside_the_iku_documents_period_is_refused(client, staf, unit, iku_document, year):
    client.force_login(staf)
    page = _start(client, unit, year).content.decode()
    assert (
        f"Tahun {year} di luar periode dokumen IKU {unit.name} yang telah ditandatangani "
        "(2024-2026). Pilih tahun di dalam periode itu." in page
    )
    assert not PerformanceAgreement.objects.exists()


def test_a_unit_without_a_signed_iku_document_is_told_so(client, staf, unit):
    DocumentFactory(unit=unit, period_start=2024, period_end=2026)  # a draft only
    client.force_login(staf)
    page = _start(client, unit, "2025").content.decode()
    assert "belum memiliki dokumen IKU yang ditandatangani" in page
    assert not PerformanceAgreement.objects.exists()


def test_a_second_pk_for_the_same_unit_and_year_is_refused(client, staf, unit, iku_document):
    client.force_login(staf)
    _start(client, unit, "2025")
    page = _start(client, unit, "2025").content.decode()
    assert f"{unit.name} sudah memiliki Perjanjian Kinerja tahun 2025." in page
    assert PerformanceAgreement.objects.filter(unit=unit, year=2025).count() == 1
    assert AgreementIndicator.objects.count() == 3  # nothing copied a second time


def test_a_year_that_is_not_a_number_is_refused(client, staf, unit, iku_document):
    client.force_login(staf)
    page = _start(client, unit, "dua ribu").content.decode()
    assert "Masukkan keseluruhan angka bilangan." in page
    assert not PerformanceAgreement.objects.exists()


def test_the_year_is_typed_into_a_text_input(client, staf, unit):
    client.force_login(staf)
    page = client.get(reverse("agreements:create", args=[unit.pk])).content.decode()
    assert "Buat Perjanjian Kinerja" in page
    assert 'inputmode="numeric"' in page and 'type="number"' not in page


def test_the_database_refuses_a_second_open_pk_of_a_unit_and_year(unit, iku_document, staf):
    PerformanceAgreement.objects.create(unit=unit, year=2025, document=iku_document)
    with pytest.raises(IntegrityError), transaction.atomic():
        PerformanceAgreement.objects.create(unit=unit, year=2025, document=iku_document, revision=1)
    assert PerformanceAgreement.objects.count() == 1


def test_the_year_field_names_the_periods_of_the_signed_iku_documents(
    client, staf, unit, iku_document
):
    client.force_login(staf)
    page = client.get(reverse("agreements:create", args=[unit.pk])).content.decode()
    assert "Dokumen IKU unit ini yang ditandatangani mencakup 2024-2026." in page


def test_the_year_field_says_when_there_is_no_signed_iku_document(client, staf, unit):
    client.force_login(staf)
    page = client.get(reverse("agreements:create", args=[unit.pk])).content.decode()
    assert "Unit ini belum memiliki dokumen IKU yang ditandatangani." in page
