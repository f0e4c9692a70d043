"""The pohon kinerja's PDF: A3 landscape, a branch per page, a branch too wide for one page cut
over several, every word inside the page, no text drawn below 7 pt."""

import os

import pypdfium2 as pdfium
import pytest

from indicators.cascading.performance_tree import performance_tree
from indicators.tests.cascading.conftest import YEAR, member
from indicators.tests.factories import (
    DocumentFactory,
    IndicatorFactory,
    StrategicTargetFactory,
    YearlyTargetFactory,
    sign,
)
from indicators.tests.pdf_words import words, words_outside_printable_area
from organizations.models import Membership
from organizations.tests.factories import UnitFactory
from performance.pohon_kinerja.capaian import add_figures
from performance.pohon_kinerja.printing import MIN_SCALE, _scale, tree_pages, tree_pdf

A3_LANDSCAPE_PT = (1190.55, 841.89)
CAP_HEIGHT = 1409 / 2048  # Liberation Sans: the height of a capital letter, per point of size


@pytest.fixture
def wide_tree(tree_world):
    """Nine more dinas, each with a sasaran (a long one) under the pemda's first sasaran."""
    c = tree_world
    for n in range(9):
        unit = UnitFactory(name=f"Dinas Contoh Nomor {n + 1}", parent=c["pemda"])
        document = DocumentFactory(unit=unit, **c["period"])
        target = StrategicTargetFactory(
            document=document,
            supports=c["p1"],
            text=f"Meningkatnya kualitas layanan publik dan daya saing usaha mikro nomor {n + 1}",
        )
        indicator = IndicatorFactory(
            strategic_target=target, name="Indeks kepuasan masyarakat terhadap layanan"
        )
        YearlyTargetFactory(indicator=indicator, year=YEAR, value=n + 80)
        sign(
            document,
            staf=member(unit, Membership.Role.STAF, f"s{n}"),
            kepala=member(unit, Membership.Role.KEPALA, f"k{n}"),
        )
    tree = performance_tree(top=c["pemda"], user=c["pemda_kepala"], year=YEAR, indicators=False)
    tree = tree.own()
    add_figures(tree)
    return tree


def test_a_wide_branch_is_cut_over_pages_that_each_fit_at_readable_size(wide_tree):
    pages = tree_pages(wide_tree)
    assert all(_scale(page["drawing"]) >= MIN_SCALE for page in pages)
    first_branch = [p for p in pages if "Meningkatnya daya saing UMKM" in p["branch"]]
    assert [p["continued"] for p in first_branch] == [False, True]  # ten dinas: two pages
    branches = [p["branch"] for p in pages]
    # then the branch of the dinas that has a bidang under it, on its own page
    assert "Dinas Koperasi: Meningkatnya koperasi sehat" in branches
    drawn = [line.text for p in pages for n in p["drawing"].nodes for line in n.lines]
    for n in range(9):
        assert any(f"nomor {n + 1}" in text for text in drawn)
    assert any(text.startswith("▸ berlanjut: 1 sasaran") for text in drawn)


def test_the_pdf_keeps_every_word_on_its_a3_page_and_no_text_below_7_pt(wide_tree):
    pdf = tree_pdf(wide_tree)
    if os.environ.get("POHON_PDF"):  # to look at it: POHON_PDF=/tmp/out.pdf pytest …
        with open(os.environ["POHON_PDF"], "wb") as out:
            out.write(pdf)
    pages = words(pdf)
    assert len(pages) >= 4
    for _number, width, height, _words in pages:
        assert abs(width - A3_LANDSCAPE_PT[0]) < 0.5 and abs(height - A3_LANDSCAPE_PT[1]) < 0.5
    assert words_outside_printable_area(pdf) == []
    text = " ".join(w.text for _n, _w, _h, found in pages for w in found)
    assert "POHON KINERJA PEMERINTAH PROVINSI CONTOH TAHUN" in text
    assert "Halaman 1 dari" in text
    assert "Tidak selaras" in text
    document = pdfium.PdfDocument(pdf)
    try:
        smallest = min(_capital_heights(document))
    finally:
        document.close()
    assert smallest >= 7 * CAP_HEIGHT - 0.3


def _capital_heights(document):
    for page in document:
        textpage = page.get_textpage()
        for index in range(textpage.count_chars()):
            if textpage.get_text_range(index, 1) in "ABDEHIKLMNPRT":
                _left, bottom, _right, top = textpage.get_charbox(index)
                yield top - bottom
