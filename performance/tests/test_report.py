"""The Pengukuran Kinerja report: the same numbers as the page, as PDF (nothing off the page)
and as .xlsx (numbers as numbers, A4, the header repeated, text never a formula)."""

import io
import re
from decimal import Decimal

from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from indicators.tests.pdf_words import words_outside_printable_area
from organizations.models import OrganizationUnit


def _demo(client):
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo_figures", stdout=io.StringIO())
    client.post(reverse("login"), {"username": "sumsel.kepala", "password": "iku-demo-2026"})
    return OrganizationUnit.objects.get(government="Provinsi Sumatera Selatan", parent=None)


def test_the_report_has_the_numbers_of_the_page_as_pdf_and_xlsx(client, db):
    unit = _demo(client)
    page = client.get(reverse("performance:dashboard") + f"?unit={unit.pk}&tahun=2022")
    shown = re.findall(r"<summary>([\d.,]+ %)</summary>", page.content.decode())
    assert shown[:2] == ["107,5 %", "92 %"]
    pdf = client.get(reverse("performance:report", args=[unit.pk, 2022, "pdf"]))
    assert pdf["Content-Disposition"].startswith("attachment")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "PENGUKURAN KINERJA TAHUN 2022" in text
    for value in shown:
        assert value in text
    assert not words_outside_printable_area(pdf.content)
    xlsx = client.get(reverse("performance:report", args=[unit.pk, 2022, "xlsx"]))
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
    from openpyxl import Workbook

    from performance.report import _text

    book = Workbook()
    for row, text in enumerate(['=HYPERLINK("http://x","klik")', "+1", "-2", "@SUM(A1)"], 1):
        assert _text(book.active.cell(row=row, column=1), text).data_type == "s"
    buffer = io.BytesIO()
    book.save(buffer)
    again = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert again.cell(row=1, column=1).data_type == "s"
    assert again.cell(row=1, column=1).value == '=HYPERLINK("http://x","klik")'


def test_an_outsider_gets_no_report(client, outsider, unit):
    client.force_login(outsider)
    url = reverse("performance:report", args=[unit.pk, 2022, "pdf"])
    assert client.get(url).status_code == 404
