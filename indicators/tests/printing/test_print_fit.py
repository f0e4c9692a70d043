"""Nothing leaves the page: every preset, for the demo documents and for generated documents of
1, 30 and 120 IKU with long names and a 60-character unbroken token, checked from the word
boxes of the PDF itself."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from indicators.layouts import CATALOG, MARGINS_MM, PRESETS
from indicators.models import IKUDocument, Indicator, YearlyTarget
from indicators.printing.pdf import document_pdf
from indicators.tests.factories import (
    DocumentFactory,
    GoalFactory,
    GoalIndicatorFactory,
    IndicatorFactory,
    StrategicTargetFactory,
)
from indicators.tests.pdf_words import MM, words, words_outside_printable_area
from organizations.tests.factories import FunctionFactory, OfficialFactory

TOKEN = "X" * 30 + "Y" * 30  # 60 characters, no place to break
LONG = (
    "Persentase peningkatan kapasitas kelembagaan koperasi dan usaha mikro, kecil dan "
    "menengah yang berkualitas sesuai standar nasional dan daerah"
)


def _generated(n_indicators: int) -> IKUDocument:
    official = OfficialFactory(name="Dr. Ir. H. NAMA PANJANG SEKALI, S.E., M.Si., M.M.")
    document = DocumentFactory(
        unit=official.unit, signatory=official, period_start=2021, period_end=2026
    )
    FunctionFactory(unit=document.unit, text=f"Fungsi dengan kata {TOKEN} yang panjang")
    goals = [GoalFactory(document=document, text=f"Tujuan {g}: {LONG}") for g in range(3)]
    for goal in goals:
        GoalIndicatorFactory(goal=goal, text=f"Indikator tujuan {TOKEN}")
        GoalIndicatorFactory(goal=goal, text=LONG)
    targets = [
        StrategicTargetFactory(document=document, goal=goals[t % 3], text=f"Sasaran {t} {LONG}")
        for t in range(max(1, n_indicators // 5))
    ]
    indicators = Indicator.objects.bulk_create(
        Indicator(
            document=document,
            strategic_target=targets[i % len(targets)],
            order=i,
            name=f"{LONG} {i}" if i % 2 else f"IKU {TOKEN}",
            satuan="Persen",
            formula="(Jumlah koperasi berkualitas tahun ini / Jumlah seluruh koperasi) × 100%",
            definition=LONG,
            explanation=f"<p>{LONG}</p><ul><li>{TOKEN}</li></ul>",
            selection_reason=LONG,
            data_source=f"Bidang Kelembagaan\n{TOKEN}",
            responsible=f"Kepala Bidang {TOKEN}",
            perspective="Internal Process",
            cascading="CP",
            baseline_year=2020,
            baseline_value=Decimal("1250000.75"),
        )
        for i in range(n_indicators)
    )
    YearlyTarget.objects.bulk_create(
        YearlyTarget(indicator=indicator, year=year, value=Decimal("1234567.5"))
        for indicator in indicators
        for year in range(2021, 2027)
    )
    return document


def _assert_fits(pdf: bytes, label: str):
    outside = words_outside_printable_area(pdf)
    assert not outside, f"{label}: words outside the printable area: {outside[:10]}"
    # The check itself reads the words: a document prints text on every page.
    assert all(page_words for _n, _w, _h, page_words in words(pdf)), label


@pytest.fixture
def demo_documents(db):
    call_command("load_demo", verbosity=0)
    return list(IKUDocument.objects.order_by("pk"))


@pytest.mark.parametrize("layout", list(PRESETS))
def test_demo_documents_fit_the_page_in_every_preset(demo_documents, layout):
    for document in demo_documents:
        IKUDocument.objects.filter(pk=document.pk).update(layout=layout)
        document.refresh_from_db()
        _assert_fits(document_pdf(document), f"{document.unit} / {layout}")


@pytest.mark.parametrize("size", [1, 30, 120])
@pytest.mark.parametrize("layout", list(PRESETS))
def test_generated_documents_fit_the_page(db, size, layout):
    document = _generated(size)
    IKUDocument.objects.filter(pk=document.pk).update(layout=layout)
    document.refresh_from_db()
    _assert_fits(document_pdf(document), f"{size} IKU / {layout}")


def test_every_column_at_once_still_fits_on_a_page_of_either_orientation(db):
    document = _generated(5)
    every_column = [{"key": key} for key in CATALOG]
    for orientation in ("portrait", "landscape"):
        IKUDocument.objects.filter(pk=document.pk).update(
            columns=every_column, orientation=orientation
        )
        document.refresh_from_db()
        _assert_fits(document_pdf(document), f"all columns / {orientation}")


def test_page_breaks_keep_short_rows_whole_and_split_only_tall_ones(db):
    """A row stays on one page; a row taller than a quarter of a page may split rather than
    leave more than a quarter of the page empty."""
    document = _generated(0)
    target = StrategicTargetFactory(document=document, text="Sasaran")
    short_text = " ".join(["teks penjelasan singkat"] * 12)  # a few lines
    tall_text = "</p><p>".join(["paragraf panjang penjelasan indikator"] * 40)  # most of a page
    for n in range(24):
        tall = n % 6 == 5
        Indicator.objects.create(
            document=document,
            strategic_target=target,
            order=n,
            name=f"AWAL{n:02d} indikator",
            explanation=f"<p>{tall_text if tall else short_text} AKHIR{n:02d}</p>",
            responsible="Bidang",
        )
    IKUDocument.objects.filter(pk=document.pk).update(
        columns=[{"key": "no"}, {"key": "iku"}, {"key": "explanation"}, {"key": "responsible"}],
        orientation="portrait",
    )
    document.refresh_from_db()
    pdf = document_pdf(document)
    pages = words(pdf)
    where = {}
    for number, _width, _height, page_words in pages:
        for word in page_words:
            for marker in ("AWAL", "AKHIR"):
                if word.text.startswith(marker):
                    where.setdefault(
                        (marker, int(word.text[len(marker) : len(marker) + 2])), []
                    ).append(number)
    for n in range(24):
        start, end = where[("AWAL", n)][0], where[("AKHIR", n)][0]
        if n % 6 != 5:
            assert start == end, f"short row {n} split over pages {start} and {end}"
    top_mm, _right, bottom_mm, _left = MARGINS_MM["portrait"]
    for number, _width, height, page_words in pages[:-1]:
        content = height - (top_mm + bottom_mm) * MM
        body_words = [w for w in page_words if w.bottom > bottom_mm * MM]
        lowest = min(w.bottom for w in body_words)
        empty = lowest - bottom_mm * MM
        assert empty <= content / 4 + 12, f"page {number}: {empty / MM:.0f} mm left empty"


@pytest.mark.parametrize("layout", ["lengkap", "ringkas"])
def test_a_formula_name_written_as_one_long_word_stays_on_the_page(db, layout):
    """ "Jumlah_koperasi_yang_meningkat_…" has no space to break at: it breaks inside the word
    rather than run out of its cell and off the page (the "× 100%" after it disappeared)."""
    document = DocumentFactory(layout=layout)
    IndicatorFactory(
        strategic_target__document=document,
        formula=(
            "Jumlah_koperasi_yang_meningkat_kualitasnya_berdasarkan_RAT_volume_usaha_dan_aset"
            " / Jumlah_seluruh_koperasi_aktif_terdaftar × 100%"
        ),
    )
    pdf = document_pdf(document)
    assert not words_outside_printable_area(pdf)
    assert "100%" in [word.text for _n, _w, _h, page in words(pdf) for word in page]


def test_an_iku_code_prints_as_typed(db):
    """'1)' is printed '1)', never '1).'; a bare '3' reads '3.' as the documents write it."""
    document = DocumentFactory(layout="ringkas")
    target = StrategicTargetFactory(document=document)
    IndicatorFactory(strategic_target=target, code="1)", name="Persentase koperasi sehat", order=1)
    IndicatorFactory(strategic_target=target, code="3", name="Jumlah UMKM binaan", order=2)
    printed = [word.text for _n, _w, _h, page in words(document_pdf(document)) for word in page]
    assert "1)" in printed and "1)." not in printed
    assert "3." in printed
