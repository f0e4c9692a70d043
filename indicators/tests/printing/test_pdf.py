"""The printed documents: both demo documents read like their examples, page by page."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from pypdf import PdfReader

from core.rendering.engine import html_to_pdf
from indicators.models import IKUDocument
from indicators.printing.pdf import document_filename, document_html, document_pdf
from indicators.tests.factories import (
    DocumentFactory,
    GoalFactory,
    IndicatorFactory,
    StrategicTargetFactory,
)
from organizations.tests.factories import FunctionFactory, OfficialFactory

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples"


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_pages(pdf: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


# How the example texts differ from what a faithful print shows (see docs/examples and the
# seeds' notes): extraction artefacts, and the two places where the portal prints the
# standard form (the pangkat spelled right with its golongan). The Sumsel NIP prints as typed, in
# one run, as the document chooses.
ARTEFACTS = {
    "Pembina Utama Madya (IV.d)": "Pembina Utama Madya (IV/d)",
    "Pembina Uama Muda": "Pembina Utama Muda (IV/c)",
}
FRACTION_CELLS = {
    # Sumsel 1.1.1.3, shown as LaTeX: the stacked fraction prints its parts.
    "$\\frac{": ["Modal Sekarang", "Modal Tahun Lalu", "100%"],
    # Sumsel 1.1.1.5, a flattened stacked fraction.
    "Jumlah Koperasi yang meningkat kualitasnya berdasarkan RAT, Volume Usaha dan aset x 100%": [
        "Jumlah Koperasi yang meningkat kualitasnya berdasarkan RAT, Volume Usaha dan aset",
        "Jumlah seluruh koperasi",
        "100%",
    ],
    # Jambi prints its formulas on one line as typed, "( A / B ) X 100": compared as text.
}


def example_pieces(filename: str) -> list[str]:
    """Every line and table cell of an example, as text a reader would look for."""
    pieces = []
    for line in (EXAMPLES / filename).read_text().splitlines():
        for cell in line.split("\t"):
            fraction = next((v for k, v in FRACTION_CELLS.items() if cell.startswith(k)), None)
            if fraction:
                pieces.extend(fraction)
                # The explanation that follows the Jambi formula paragraph.
                rest = cell.split("</p>", 1)[1] if "</p>" in cell else ""
                cell = rest
            text = re.sub(r"<[^>]+>|▪|\*\*|^#+|^\s*- ", " ", cell)
            text = re.sub(r"^\s*([a-g])\.? (?=[A-Z])", r"\1. ", text)  # fungsi letters
            text = flat(text)
            if text:
                pieces.append(ARTEFACTS.get(text, text))
    return pieces


@pytest.fixture
def demo(db):
    with override_settings(DEBUG=True):
        call_command("load_demo", no_logins=True, stdout=io.StringIO())


def _demo(government):
    return IKUDocument.objects.get(unit__government=government)


@pytest.mark.parametrize(
    ("government", "example"),
    [
        ("Provinsi Sumatera Selatan", "iku-sumsel-2019-2023-perubahan.txt"),
        ("Provinsi Jambi", "iku-jambi.txt"),
    ],
)
def test_every_piece_of_the_example_is_printed(demo, government, example):
    document = _demo(government)
    text = " ".join(pdf_pages(document_pdf(document)))
    # The Jambi example prints the unit name in capitals; so does the ringkas layout.
    missing = [p for p in example_pieces(example) if p not in text]
    assert missing == []


@pytest.mark.parametrize(
    ("government", "size", "sections"),
    [
        (
            "Provinsi Sumatera Selatan",
            (842, 595),  # A4 landscape, in points
            [
                "PERUBAHAN INDIKATOR KINERJA UTAMA (IKU) TAHUN 2019-2023",
                "DINAS KOPERASI, USAHA KECIL DAN MENENGAH PROVINSI SUMATERA SELATAN",
                "1. Nama Unit Organisasi",
                "2. Tugas",
                "3. Fungsi",
                "a. Pelaksanaan Pembinaan Umum",
                "g. Pelaksanaan Tugas Kedinasan",
                "No. Tujuan Indikator Tujuan Sasaran Strategis Indikator Kinerja Utama Rumus "
                "Perhitungan Sumber Data Penanggung Jawab",
                "1.1.1.1 Jumlah UMKM Naik Kelas",
                "1.1.1.6 Prosentase Meningkatnya Usaha Kecil yang menjadi Wirausaha",
                "Palembang, Januari 2022",
                "KEPALA DINAS,",
                "H. H. AMIRUDDIN, M.Si",
                "NIP. 196605091992031003",
            ],
        ),
        (
            "Provinsi Jambi",
            (595, 842),  # A4 portrait
            [
                "Indikator Kinerja Utama (IKU)",
                "1. Nama Unit Organisasi : DINAS KOPERASI, UKM PROVINSI JAMBI",
                "2. Tugas",
                "3. Fungsi",
                "4. Indikator Kinerja Utama",
                "Sasaran Strategis Indikator Kinerja Utama Formulasi Data",
                "1. Terwujudnya Kapasitas Kelembagaan",
                "Koperasi yang melaksanakan RAT adalah",
                "4. Nilai Kepuasan Masyarakat",
                "Jambi, Januari 2022",
                "Kepala Dinas Koperasi dan UKM Provinsi Jambi",
                "HAMDAN, SH., M.Si",
                "NIP. 19630421 198503 1 008",
            ],
        ),
    ],
)
def test_sections_in_order_page_size_and_numbers(demo, government, size, sections):
    pdf = document_pdf(_demo(government))
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == size
    pages = pdf_pages(pdf)
    text = " ".join(pages)
    positions = [text.find(section) for section in sections]
    assert -1 not in positions, [s for s, p in zip(sections, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    for number, page in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in page


def test_table_header_repeats_on_every_page(db):
    document = _long_document(40)
    pages = pdf_pages(document_pdf(document))
    assert len(pages) > 2
    for page in pages:
        assert "Sasaran Strategis Indikator Kinerja Utama" in page


def _long_document(count, layout="lengkap"):
    official = OfficialFactory(jabatan="Kepala Dinas Contoh", name="Ir. PENANDA TANGAN")
    document = DocumentFactory(unit=official.unit, signatory=official, layout=layout)
    FunctionFactory(unit=document.unit)
    goal = GoalFactory(document=document)
    target = StrategicTargetFactory(document=document, goal=goal if layout == "lengkap" else None)
    for i in range(count):
        IndicatorFactory(
            strategic_target=target,
            order=i,
            name=f"Indikator nomor {i + 1} tentang capaian layanan",
            formula=f"Jumlah capaian {i + 1} / Jumlah target {i + 1} × 100%",
        )
    return document


@pytest.mark.parametrize("layout", ["lengkap", "ringkas"])
def test_signature_block_never_stands_alone(db, layout):
    """Whatever the length, the page with the signature also holds the last table row."""
    for count in range(6, 30, 3):
        document = _long_document(count, layout)
        pages = pdf_pages(document_pdf(document))
        signature_page = next(p for p in pages if "Ir. PENANDA TANGAN" in p)
        assert f"Indikator nomor {count} tentang" in signature_page, (count, len(pages))
        document.delete()


def test_rich_text_is_sanitized_in_the_pdf(db):
    document = _long_document(1, "ringkas")
    indicator = document.indicators.get()
    indicator.explanation = (
        '<p>Penjelasan aman.</p><script>document.write("DISISIPKAN")</script>'
        '<img src="file:///etc/passwd"><p onclick="x()">Lanjut</p>'
    )
    indicator.save()
    html = document_html(document)
    assert "<script" not in html and "/etc/passwd" not in html
    pdf = document_pdf(document)
    text = " ".join(pdf_pages(pdf))
    assert "Penjelasan aman." in text and "Lanjut" in text
    assert "DISISIPKAN" not in text
    assert b"/Image" not in pdf


def test_renderer_fetches_nothing_outside_static(tmp_path):
    """Even HTML that bypassed sanitizing cannot pull a local file or a URL into the PDF."""
    secret = tmp_path / "secret.svg"
    secret.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>')
    pdf = html_to_pdf(
        f'<p>x</p><img src="file://{secret}"><img src="file:///etc/passwd">'
        '<img src="http://127.0.0.1:9/x.png">'
    )
    assert b"/Image" not in pdf
    assert b"/XObject" not in pdf


def test_filename_and_render_command(demo, tmp_path):
    document = _demo("Provinsi Jambi")
    assert document_filename(document) == "IKU-dinas-koperasi-dan-ukm-jambi-2021-2026-rev0.pdf"
    target = tmp_path / "jambi.pdf"
    out = io.StringIO()
    call_command("render_iku", str(document.pk), "-o", str(target), stdout=out)
    assert target.read_bytes().startswith(b"%PDF")
    assert "HAMDAN, SH., M.Si" in " ".join(pdf_pages(target.read_bytes()))


def test_render_command_unknown_document(db):
    with pytest.raises(CommandError, match="No IKU document with id 999"):
        call_command("render_iku", "999")
