"""The Pengukuran Kinerja report: the same numbers as the page, as PDF (nothing off the page)
and as .xlsx (numbers as numbers, A4, the header repeated, text never a formula)."""

import io
import re
import sys
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from core.numbers import format_fixed, format_number
from core.rendering import engine as pdf
from core.tests.waiting import get_when_ready
from core.xlsx import text_cell as _text
from indicators.demo.loader import demo_unit
from indicators.tests.factories import (
    DocumentFactory,
    GoalFactory,
    IndicatorFactory,
    StrategicTargetFactory,
    YearlyTargetFactory,
    sign,
)
from indicators.tests.pdf_words import words_outside_printable_area
from indicators.tree.selectors import document_tree
from performance import services
from performance.models import Realisasi, ReportRenderJob
from performance.report.data import report
from performance.report.html import report_html
from performance.selectors import _rows_for


def _demo(client):
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo_figures", stdout=io.StringIO())
    client.post(reverse("login"), {"username": "sumsel.kepala", "password": "iku-demo-2026"})
    return demo_unit("sumsel")


def test_the_report_has_the_numbers_of_the_page_as_pdf_and_xlsx(client, db):
    unit = _demo(client)
    page = client.get(reverse("performance:dashboard") + f"?unit={unit.pk}&tahun=2022")
    shown = re.findall(r"<summary>([\d.,]+ %)</summary>", page.content.decode())
    assert shown[:2] == ["107,50 %", "92,00 %"]
    pdf = get_when_ready(client, reverse("performance:report", args=[unit.pk, 2022, "pdf"]))
    assert pdf["Content-Disposition"].startswith("attachment")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "PENGUKURAN KINERJA TAHUN 2022" in text
    for value in shown:
        assert value in text
    assert not words_outside_printable_area(pdf.content)
    xlsx = get_when_ready(client, reverse("performance:report", args=[unit.pk, 2022, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    header = [cell.value for cell in sheet[4]]
    assert header[:8] == [
        "No",
        "Sasaran Strategis",
        "Indikator Kinerja",
        "Satuan",
        "Target",
        "Realisasi",
        "Capaian (%)",
        "Predikat",
    ]
    first = [cell.value for cell in sheet[5]]
    assert first[2] == "Jumlah UMKM Naik Kelas"
    assert (first[4], first[5], first[6], first[7]) == (160, 172, 107.5, "Sangat Baik")
    assert [c.value for c in sheet["G"][4 : 4 + len(shown)]] == [
        float(Decimal(v[:-2].replace(".", "").replace(",", "."))) for v in shown
    ]
    assert sheet.print_title_rows == "$4:$4" or sheet.print_title_rows == "4:4"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.page_setup.orientation == "landscape"


def test_text_that_starts_like_a_formula_is_written_as_text():
    book = Workbook()
    for row, text in enumerate(['=HYPERLINK("http://x","klik")', "+1", "-2", "@SUM(A1)"], 1):
        assert _text(book.active.cell(row=row, column=1), text).data_type == "s"
    buffer = io.BytesIO()
    book.save(buffer)
    again = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert again.cell(row=1, column=1).data_type == "s"
    assert again.cell(row=1, column=1).value == '=HYPERLINK("http://x","klik")'


def test_no_report_of_a_year_no_signed_document_covers(client, db):
    unit = _demo(client)
    for year in (1990, 2030):
        for fmt in ("pdf", "xlsx"):
            url = reverse("performance:report", args=[unit.pk, year, fmt])
            assert client.get(url).status_code == 404


def test_an_outsider_gets_no_report(client, outsider, unit):
    client.force_login(outsider)
    url = reverse("performance:report", args=[unit.pk, 2022, "pdf"])
    assert client.get(url).status_code == 404


DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _laid_out_in_the_request(html):
    raise AssertionError("WeasyPrint ran in the request")


@pytest.mark.django_db(transaction=True)
def test_the_report_pdf_is_laid_out_by_the_worker_not_the_request(
    client, settings, monkeypatch, tmp_path
):

    settings.TASKS = DATABASE_QUEUE
    settings.MEDIA_ROOT = str(tmp_path)  # no render of this content kept by another test
    unit = _demo(client)
    url = reverse("performance:report", args=[unit.pk, 2022, "pdf"])
    lay_out = pdf.html_to_pdf
    monkeypatch.setattr(pdf, "html_to_pdf", _laid_out_in_the_request)
    waiting = client.get(url)
    page = waiting.content.decode()
    assert waiting.status_code == 202
    assert "Menyiapkan PDF" in page and f'content="2; url={url}?tunggu=1"' in page
    assert f"?unit={unit.pk}&amp;tahun=2022" in page  # back to the unit's year
    assert client.get(url).status_code == 202  # opened again while it waits
    # (The demo's figures also asked the worker for their units' standings.)
    renders = DBTaskResult.objects.filter(task_path__endswith=".render_report")
    assert ReportRenderJob.objects.count() == 1 and renders.count() == 1
    monkeypatch.setattr(pdf, "html_to_pdf", lay_out)
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO())
    monkeypatch.setattr(pdf, "html_to_pdf", _laid_out_in_the_request)
    offered = client.get(url + "?tunggu=1")  # the waiting page's own refresh
    assert (
        "PDF sudah siap" in offered.content.decode() and f'href="{url}"' in offered.content.decode()
    )
    ready = client.get(url)
    assert ready.status_code == 200 and ready["Content-Disposition"].startswith("attachment")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(ready.content)).pages)
    assert "PENGUKURAN KINERJA TAHUN 2022" in text
    assert client.get(url).status_code == 200
    assert renders.count() == 1  # the same content is never laid out twice


@pytest.mark.django_db(transaction=True)
def test_a_failed_report_render_is_shown_and_asked_again(client, settings, monkeypatch, tmp_path):
    settings.TASKS = DATABASE_QUEUE
    settings.MEDIA_ROOT = str(tmp_path)  # no render of this content kept by another test
    unit = _demo(client)
    url = reverse("performance:report", args=[unit.pk, 2022, "pdf"])
    assert client.get(url).status_code == 202
    monkeypatch.setattr(pdf, "html_to_pdf", _laid_out_in_the_request)
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO())
    renders = DBTaskResult.objects.filter(task_path__endswith=".render_report")  # not standings
    assert renders.get().status == "FAILED"
    failed = client.get(url)
    assert failed.status_code == 202
    assert "PDF tidak dapat disiapkan" in failed.content.decode()
    assert 'http-equiv="refresh"' not in failed.content.decode()
    assert client.get(url).status_code == 202
    assert renders.count() == 2  # asked again


def test_a_server_that_cannot_print_says_so_in_the_portals_frame(
    client, db, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)  # no render of this content kept by another test
    unit = _demo(client)
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # makes the import raise ImportError
    response = get_when_ready(client, reverse("performance:report", args=[unit.pk, 2022, "pdf"]))
    assert response.status_code == 503
    page = response.content.decode()
    assert "Pencetakan PDF tidak tersedia di server ini" in page and "<html" in page
    xlsx = get_when_ready(client, reverse("performance:report", args=[unit.pk, 2022, "xlsx"]))
    assert xlsx.status_code == 200


def test_the_report_prints_the_same_whatever_the_users_language(client, db):
    """Its words are the report's own (Indonesian): its content, and so the key its PDF is
    kept under, must not change with the interface's language (a worker renders in
    Indonesian; a key taken in English would never be found, and asked again forever)."""

    unit = _demo(client)
    for year in (2022, 2023):
        with translation.override("en"):
            english = report_html(unit, year)
        with translation.override("id"):
            indonesian = report_html(unit, year)
        assert english == indonesian


def test_the_measured_iku_come_in_the_order_the_document_prints_them(db):
    """Sasaran are numbered within their tujuan: ordered by the sasaran's own order alone,
    the IKU of two tujuan came interleaved."""
    document = DocumentFactory()
    loose = StrategicTargetFactory(document=document, goal=None, order=0)
    for goal_order in (2, 1):
        goal = GoalFactory(document=document, order=goal_order)
        for target_order in (1, 0):
            target = StrategicTargetFactory(document=document, goal=goal, order=target_order)
            for n in (2, 1):
                IndicatorFactory(strategic_target=target, order=n)
    IndicatorFactory(strategic_target=loose, order=0)
    printed = [i.pk for i in document_tree(document=document).indicators]
    measured = [
        row.indicator.pk for row in _rows_for([document], document.period_start)[document.pk]
    ]
    assert measured == printed


def test_a_cumulative_iku_reports_the_sum_of_its_quarters_and_its_progress_from_it(
    client, staf, kepala, unit
):
    """Kumulatif: Q1 20 and Q2 30 make a realisasi of 50 (not the last quarter's 30), and the
    progress toward the end-of-Renstra target (200) is taken from 50: 25,00 %."""
    year = timezone.localdate().year - 1
    document = DocumentFactory(unit=unit, period_start=year, period_end=year + 1)
    iku = IndicatorFactory(
        strategic_target=StrategicTargetFactory(document=document),
        name="Jumlah koperasi dibina",
        satuan="unit",
        formula="",
        frequency="triwulanan",
        calculation_type="kumulatif",
    )
    YearlyTargetFactory(indicator=iku, year=year, value=Decimal(100))
    YearlyTargetFactory(indicator=iku, year=year + 1, value=Decimal(200))
    sign(document, staf=staf, kepala=kepala)
    for quarter, value in ((1, 20), (2, 30)):
        services.realisasi_save(
            indicator=iku, year=year, number=quarter, user=staf, value=Decimal(value), version=None,
            analysis={"supporting_factors": "Pendampingan intensif"} if quarter == 1 else {},
        )  # fmt: skip
    _document, rows = report(unit, year)
    assert (rows[0].realisasi, rows[0].progress.display) == (Decimal(50), "25,00 %")
    # The analysis written on TW I stays when TW II is filled without one.
    assert rows[0].supporting == "Pendampingan intensif"
    client.force_login(staf)
    xlsx = get_when_ready(client, reverse("performance:report", args=[unit.pk, year, "xlsx"]))
    row = [cell.value for cell in load_workbook(io.BytesIO(xlsx.content)).active[5]]
    assert (row[2], row[5], row[10]) == ("Jumlah koperasi dibina", 50, 25.0)
    pdf = get_when_ready(client, reverse("performance:report", args=[unit.pk, year, "pdf"]))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Jumlah koperasi dibina unit 100 50 " in " ".join(text.split())
    assert "25,00 %" in text


class _Table(HTMLParser):
    """The cells of the printed report's tables, row by row, as their text."""

    def __init__(self):
        super().__init__()
        self.rows, self.cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def _as_printed(value) -> str:
    """An xlsx cell as the PDF prints it (numbers the Indonesian way, capaian with %)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, float | int):
        return format_number(Decimal(str(value)))
    return str(value)


def test_the_xlsx_holds_the_pdfs_tables_cell_by_cell_and_what_is_said_above_them(client, db):
    unit = _demo(client)
    figure = Realisasi.objects.filter(year=2022, period__unit=unit).exclude(value=None).first()
    Realisasi.objects.filter(pk=figure.pk).update(  # set up, below the lock of approved figures
        supporting_factors="Pendampingan intensif", follow_up="Perluas pelatihan"
    )
    html = report_html(unit, 2022)
    parser = _Table()
    parser.feed(html)
    printed = [row for row in parser.rows if row]
    xlsx = get_when_ready(client, reverse("performance:report", args=[unit.pk, 2022, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
    main = [row[:11] for row in cells[: len(printed)] if any(v not in (None, "") for v in row)]
    header, body = printed[0], printed[1:]
    assert [str(v).removesuffix(" (%)") for v in main[0]] == header  # numbers there, % here
    for pdf_row, xlsx_row in zip(body, main[1:], strict=False):
        if len(pdf_row) != 11:
            break  # the analysis table follows
        expected = [_as_printed(v) for v in xlsx_row]
        expected[1:4] = [v or "" for v in xlsx_row[1:4]]  # texts: empty stays empty
        for column in (6, 10):  # capaian and progress: two decimals and a percent sign
            if xlsx_row[column] is not None:
                expected[column] = f"{format_fixed(Decimal(str(xlsx_row[column])))} %"
        expected[7] = pdf_row[7].split(" ", 1)[-1] if xlsx_row[7] else "—"  # after the symbol
        assert [pdf_row[0], *pdf_row[1:7], expected[7], *pdf_row[8:]] == expected
    meta = sheet["A3"].value
    assert meta.startswith("Diukur terhadap: ") and "Status angka tahun 2022: " in meta
    assert "Dicetak pada " in meta
    analysis_rows = [r for r in printed if len(r) == 5]
    assert analysis_rows, "the demo has an analysis"
    flat = [[str(v) if v is not None else "" for v in row[:5]] for row in cells]
    for row in analysis_rows:
        assert row in [[" ".join(c.split()) for c in r] for r in flat]
