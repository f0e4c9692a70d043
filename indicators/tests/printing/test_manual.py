"""The Manual IKU: a label/value sheet of every field for each IKU, one or two to a page, with
the document's signature block; previewed as its PDF pages."""

import hashlib
from decimal import Decimal

import pypdfium2 as pdfium
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from core.tests.waiting import get_when_ready
from indicators.models import IKUDocument, Indicator
from indicators.printing.pdf import manual_pdf, print_snapshot
from indicators.printing.print_layout import manual_page_starts
from indicators.tests.factories import (
    DocumentFactory,
    GoalFactory,
    IndicatorFactory,
    StrategicTargetFactory,
    YearlyTargetFactory,
)
from indicators.tests.pdf_words import words_outside_printable_area
from indicators.tests.printing.test_print_fit import LONG, TOKEN, _generated
from indicators.workflow import services as workflow
from indicators.workflow import signing
from organizations.tests.factories import OfficialFactory

LABELS = [
    "Sasaran Strategis",
    "Kode",
    "Nama Indikator Kinerja Utama",
    "Definisi Operasional",
    "Alasan Pemilihan Indikator",
    "Formulasi Pengukuran",
    "Satuan",
    "Arah",
    "Tipe Perhitungan",
    "Frekuensi Pengukuran",
    "Baseline",
    "Target",
    "Sumber Data",
    "Penanggung Jawab",
    "Perspektif",
    "Jenis Cascading",
]


def _pages_text(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    finally:
        document.close()


@pytest.fixture
def document(unit):
    official = OfficialFactory(
        unit=unit, name="Dr. H. AL HARIS, S.Sos., M.H", kind="pejabat_negara", nip=""
    )
    document = DocumentFactory(
        unit=unit, signatory=official, period_start=2025, period_end=2026, layout="penjelasan"
    )
    goal = GoalFactory(document=document, text="Meningkatnya daya saing koperasi")
    target = StrategicTargetFactory(document=document, goal=goal, text="Koperasi yang sehat")
    indicator = IndicatorFactory(
        strategic_target=target,
        name="Persentase Koperasi Sehat",
        satuan="Persen",
        formula="(Koperasi sehat / Koperasi aktif) × 100%",
        definition="Koperasi yang dinilai sehat menurut Permenkop",
        selection_reason="Mengukur kualitas kelembagaan",
        data_source="Bidang Kelembagaan",
        responsible="Kepala Bidang Kelembagaan",
        direction="lower",
        calculation_type="kumulatif",
        frequency="triwulanan",
        perspective="Internal Process",
        cascading="CP",
        baseline_year=2024,
        baseline_value=Decimal("1250.5"),
    )
    YearlyTargetFactory(indicator=indicator, year=2025, value=Decimal("80"))
    YearlyTargetFactory(
        indicator=indicator, year=2026, value=Decimal("85"), value_upper=Decimal("90")
    )
    return document


def test_every_field_of_an_iku_prints_with_its_label(document):
    (page,) = _pages_text(manual_pdf(print_snapshot(document)))
    for label in LABELS:
        assert label in page
    for value in [
        "Koperasi yang sehat",
        "Persentase Koperasi Sehat",
        "Koperasi yang dinilai sehat menurut Permenkop",
        "Mengukur kualitas kelembagaan",
        "Persen",
        "Minimal",
        "Kumulatif",
        "Triwulanan",
        "1.250,5 (2024)",
        "80",
        "85–90",
        "Bidang Kelembagaan",
        "Kepala Bidang Kelembagaan",
        "Internal Process",
        "CP (cascading non-peta)",
        "Koperasi aktif",  # the formula, stacked: its denominator
    ]:
        assert value in page, value
    # The same signature block as the document: a governor signs with his name, no NIP.
    assert "Dr. H. AL HARIS, S.Sos., M.H" in page and "NIP" not in page


def test_one_iku_to_a_page_or_two_when_they_fit(db):
    short = _generated(0)
    target = StrategicTargetFactory(document=short, text="Sasaran")
    for n in range(5):
        IndicatorFactory(strategic_target=target, name=f"IKU pendek {n}")
    pages = _pages_text(manual_pdf(print_snapshot(short)))
    per_page = [page.count("Jenis Cascading") for page in pages]
    assert sum(per_page) == 5 and max(per_page) == 2, per_page

    long = _generated(4)  # every field a long text: a sheet fills most of a page
    Indicator.objects.filter(document=long).update(definition=" ".join([LONG] * 8))
    pages = _pages_text(manual_pdf(print_snapshot(long)))
    sheets = [page.count("Jenis Cascading") for page in pages]
    assert [count for count in sheets if count] == [1, 1, 1, 1]
    assert "NAMA PANJANG SEKALI" in pages[-1]  # the signature closes the manual


def test_the_page_pairs_follow_the_heights():
    # 1 and 2 fit together under the heading; 3 and 4 do not; 4 and 5 do; 6 would be a
    # third on that page, so it begins one, and 7 joins it.
    heights = {1: 300, 2: 300, 3: 700, 4: 400, 5: 200, 6: 200, 7: 100}
    assert manual_page_starts(heights, capacity=1000, first_offset=100) == {3, 4, 6}
    # A sheet running over a page stands alone, and the next one starts a new page.
    assert manual_page_starts({1: float("inf"), 2: 10}, capacity=1000, first_offset=0) == {2}


@pytest.mark.parametrize("size", [1, 30])
def test_the_manual_stays_inside_the_page(db, size):
    document = _generated(size)
    Indicator.objects.filter(document=document).update(definition=f"{LONG} {TOKEN}")
    pdf = manual_pdf(print_snapshot(document))
    assert not words_outside_printable_area(pdf)


def test_the_demo_manuals_stay_inside_the_page(db):
    call_command("load_demo", verbosity=0)
    for document in IKUDocument.objects.all():
        pdf = manual_pdf(print_snapshot(document))
        assert not words_outside_printable_area(pdf), document
        text = " ".join(_pages_text(pdf))
        for indicator in Indicator.objects.filter(document=document):
            assert " ".join(indicator.name.split()) in text


def test_preview_and_pdf_of_the_manual(client, staf, outsider, document):
    client.force_login(staf)
    preview = get_when_ready(client, reverse("indicators:manual_preview", args=[document.pk]))
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Manual IKU" in html
    pdf = get_when_ready(client, reverse("indicators:manual_pdf_download", args=[document.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert 'filename="Manual-IKU-' in pdf["Content-Disposition"]
    key = preview.context["render"].key
    page = client.get(reverse("indicators:document_preview_page", args=[document.pk, key, 1]))
    assert page["Content-Type"] == "image/png"
    assert "Persentase Koperasi Sehat" in _pages_text(pdf.content)[0]
    detail = client.get(reverse("indicators:document_detail", args=[document.pk]))
    assert reverse("indicators:manual_preview", args=[document.pk]) in detail.content.decode()

    client.force_login(outsider)
    assert (
        get_when_ready(client, reverse("indicators:manual_pdf", args=[document.pk])).status_code
        == 404
    )
    assert (
        get_when_ready(client, reverse("indicators:manual_preview", args=[document.pk])).status_code
        == 404
    )


def test_the_manual_is_signed_with_the_document_and_stays_as_signed(client, staf, kepala, document):
    workflow.document_submit(document=document, user=staf)
    version = signing.document_sign(
        document=document, user=kepala, verification_url=lambda c: f"https://iku.example/v/{c}/"
    )
    with version.manual_pdf.open("rb") as stored:
        signed_manual = stored.read()
    assert hashlib.sha256(signed_manual).hexdigest() == version.manual_sha256
    text = " ".join(_pages_text(signed_manual))
    assert version.code in text and "Persentase Koperasi Sehat" in text  # same code as the IKU

    # Renaming the official later changes nothing of what was signed.
    official = document.signatory
    type(official).objects.filter(pk=official.pk).update(name="NAMA BARU")
    client.force_login(staf)
    served = get_when_ready(client, reverse("indicators:manual_pdf", args=[document.pk])).content
    assert served == signed_manual
    preview = get_when_ready(client, reverse("indicators:manual_preview", args=[document.pk]))
    assert preview.context["render"].key == f"signed-{version.manual_sha256}"

    # The public page offers it and recognises a copy of it.
    client.logout()
    page = client.get(reverse("indicators:verify", args=[version.code])).content.decode()
    assert reverse("indicators:verify_manual_pdf", args=[version.code]) in page
    public = client.get(reverse("indicators:verify_manual_pdf", args=[version.code]))
    assert public.content == signed_manual
    upload = SimpleUploadedFile("manual.pdf", signed_manual, content_type="application/pdf")
    answer = client.post(reverse("indicators:verify", args=[version.code]), {"pdf": upload})
    assert "Identik: PDF ini sama persis dengan Manual IKU" in answer.content.decode()
