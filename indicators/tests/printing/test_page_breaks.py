"""Page breaks of the printed table in one layout: the cells that go on over a page break are
repeated ("(lanjutan)") on the page they go on to, and the pages are those a second layout
with the cells split at the page starts gives."""

import copy
import io
import re

import pypdfium2
import pytest
from django.core.management import call_command
from django.test import override_settings
from PIL import ImageChops

from core.rendering import engine
from indicators.layouts import PRESETS
from indicators.models import IKUDocument
from indicators.printing import page_breaks
from indicators.printing.pdf import (
    _sheet_heights,
    manual_html,
    manual_pdf,
    print_snapshot,
    snapshot_pdf,
)
from indicators.printing.print_layout import manual_page_starts
from indicators.tests.factories import (
    DocumentFactory,
    GoalFactory,
    GoalIndicatorFactory,
    IndicatorFactory,
    StrategicTargetFactory,
)
from indicators.tests.printing.test_pdf import pdf_pages
from organizations.tests.factories import FunctionFactory, OfficialFactory


def _snapshot(count=25):
    """A lengkap document of `count` IKU under 2 tujuan and 10 sasaran, as it prints."""
    official = OfficialFactory(jabatan="Kepala Dinas Contoh", name="Ir. PENANDA TANGAN")
    document = DocumentFactory(unit=official.unit, signatory=official)
    FunctionFactory(unit=document.unit)
    targets = []
    for g in range(2):
        goal = GoalFactory(document=document, order=g, text=f"Tujuan pembangunan {g + 1}")
        GoalIndicatorFactory(goal=goal, text=f"Indikator tujuan {g + 1}")
        targets += [
            StrategicTargetFactory(
                document=document, goal=goal, order=s, text=f"Sasaran strategis {g + 1}.{s + 1}"
            )
            for s in range(5)
        ]
    for i in range(count):
        IndicatorFactory(
            strategic_target=targets[i % len(targets)],
            order=i,
            name=f"Persentase capaian layanan koperasi nomor {i + 1}",
            formula=f"(Jumlah capaian {i + 1} - Capaian tahun lalu) / Capaian tahun lalu × 100%",
            data_source="Bidang Pemberdayaan Koperasi\nBidang Kelembagaan",
            responsible="Dinas Koperasi, Usaha Kecil dan Menengah",
        )
    return print_snapshot(IKUDocument.objects.get(pk=document.pk))


def _variant(snapshot, layout, repeat, tall_row=False):
    """`snapshot` in `layout`, its tujuan and first sasaran `repeat` times as long; with
    `tall_row`, an IKU with sixty sumber data, which splits over two pages."""
    snapshot = copy.deepcopy(snapshot)
    if tall_row:
        snapshot["indicators"][5]["data_source"] = "\n".join(
            f"Bidang sumber data nomor {n}" for n in range(60)
        )
    snapshot["document"]["columns"] = PRESETS[layout]
    for goal in snapshot["goals"]:
        goal["text"] = " ".join(["Meningkatnya kualitas tata kelola koperasi"] * repeat)
    for target in snapshot["strategic_targets"][:3]:
        target["text"] = " ".join(["Sasaran pemberdayaan usaha mikro"] * repeat)
    return snapshot


def _pictures(pdf: bytes):
    document = pypdfium2.PdfDocument(pdf)
    return [page.render(scale=1.2).to_pil().convert("RGB") for page in document]


def _both_ways(monkeypatch, snapshot):
    """The PDF as printed, whether the cells went into the one layout, and the PDF laid out
    again with the cells split (the way it was printed before)."""
    real = page_breaks.continue_cells
    answers = []

    def recorded(*args, **kwargs):
        answers.append(real(*args, **kwargs))
        return answers[-1]

    monkeypatch.setattr(page_breaks, "continue_cells", recorded)
    once = snapshot_pdf(snapshot)
    monkeypatch.setattr(page_breaks, "continue_cells", lambda *args, **kwargs: False)
    twice = snapshot_pdf(snapshot)
    monkeypatch.setattr(page_breaks, "continue_cells", real)
    return once, False not in answers, twice


def _same_pages(first: bytes, second: bytes) -> list:
    """The numbers of the pages that differ, or that one has and the other not."""
    a, b = _pictures(first), _pictures(second)
    differ = [
        n
        for n, (x, y) in enumerate(zip(a, b, strict=False), start=1)
        if ImageChops.difference(x, y).getbbox()
    ]
    return differ + list(range(min(len(a), len(b)) + 1, max(len(a), len(b)) + 1))


def test_a_tujuan_and_sasaran_going_on_over_a_page_repeat_there_marked_lanjutan(db):
    pages = pdf_pages(snapshot_pdf(_snapshot()))
    assert len(pages) > 2
    flat = [re.sub(r"\s+", " ", page) for page in pages]
    # The first rows of page 2 go on with tujuan 1 and its indikator tujuan and sasaran.
    assert "(lanjutan) Tujuan pembangunan 1" in flat[1]
    assert "(lanjutan) Indikator tujuan 1" in flat[1]
    assert re.search(r"\(lanjutan\) 1\.1\.\d Sasaran strategis 1\.\d", flat[1])
    assert "(lanjutan)" not in flat[0]


def test_the_document_is_laid_out_once(db, monkeypatch):
    snapshot = _snapshot()
    laid_out = []
    real = engine.layout
    monkeypatch.setattr(engine, "layout", lambda html: laid_out.append(html) or real(html))
    pdf = snapshot_pdf(snapshot)
    assert len(laid_out) == 1
    pages = [re.sub(r"\s+", " ", page) for page in pdf_pages(pdf)]
    # The cells laid out to be repeated print only where a page needs them: at its top, once.
    counts = [page.count("(lanjutan) Tujuan pembangunan") for page in pages]
    assert counts[0] == 0 and set(counts[1:]) == {1}


@pytest.mark.parametrize(
    ("layout", "repeat", "in_one_layout", "rows_grow", "tall_row"),
    [
        ("lengkap", 1, True, False, False),  # short texts: the cells fit beside their rows
        ("lengkap", 2, True, True, False),  # a cell taller than its rows: the rows grow
        ("ringkas", 6, True, False, False),
        ("penjelasan", 6, False, True, False),  # rows that would grow past the page: again
        ("lengkap", 1, True, False, True),  # a row split over two pages
    ],
)
def test_the_pages_are_those_of_a_layout_with_the_cells_split(
    db, monkeypatch, layout, repeat, in_one_layout, rows_grow, tall_row
):
    snapshot = _variant(_snapshot(), layout, repeat, tall_row)
    grown = []
    real = page_breaks._stretch
    monkeypatch.setattr(page_breaks, "_stretch", lambda *args: grown.append(args) or real(*args))
    once, one_layout, twice = _both_ways(monkeypatch, snapshot)
    assert one_layout == in_one_layout
    assert bool(grown) == rows_grow
    assert _same_pages(once, twice) == []
    assert len(pdf_pages(once)) > 1


def test_the_demo_documents_print_as_a_layout_with_the_cells_split_prints_them(db, monkeypatch):
    with override_settings(DEBUG=True):
        call_command("load_demo", no_logins=True, stdout=io.StringIO())
    # Sumatera Selatan: a long tujuan goes on beside one short row, which grows.
    for document in IKUDocument.objects.all():
        snapshot = print_snapshot(document)
        laid_out = []
        real = engine.layout
        monkeypatch.setattr(
            engine,
            "layout",
            lambda html, seen=laid_out, real=real: seen.append(html) or real(html),
        )
        snapshot_pdf(snapshot)
        monkeypatch.setattr(engine, "layout", real)
        # Jambi: a row taller than a quarter of a page, which stays where it is: laid out once.
        assert len(laid_out) == 1, document
        once, one_layout, twice = _both_ways(monkeypatch, snapshot)
        assert one_layout, document
        assert _same_pages(once, twice) == []


def _manual_as_before(snapshot) -> bytes:
    """The Manual IKU laid out twice, as it was: every sheet on a page of its own to measure
    them, then with the pages' first sheets named."""
    measured = engine.layout(manual_html(snapshot))
    heights, capacity, first_offset = _sheet_heights(measured)
    starts = manual_page_starts(heights, capacity=capacity, first_offset=first_offset)
    return engine.layout(manual_html(snapshot, page_starts=starts)).write_pdf()


def test_the_manual_is_laid_out_once_and_prints_as_before(db, monkeypatch):
    with override_settings(DEBUG=True):
        call_command("load_demo", no_logins=True, stdout=io.StringIO())
    snapshots = [print_snapshot(document) for document in IKUDocument.objects.all()]
    snapshots.append(_snapshot())
    real = engine.layout
    for snapshot in snapshots:
        laid_out = []
        monkeypatch.setattr(
            engine, "layout", lambda html, seen=laid_out: seen.append(html) or real(html)
        )
        once = manual_pdf(snapshot)
        monkeypatch.setattr(engine, "layout", real)
        assert len(laid_out) == 1
        assert _same_pages(once, _manual_as_before(snapshot)) == []
