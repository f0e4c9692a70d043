"""The Pengukuran Kinerja report's .xlsx prints in LibreOffice Calc with every IKU whole and no
text over other text (see indicators/tests/spreadsheets/test_xlsx_prints.py)."""

import io

from django.core.management import call_command
from django.test import override_settings

from indicators.demo.loader import demo_unit
from indicators.tests.pdf_words import words
from indicators.tests.spreadsheets.test_xlsx_prints import _calc_pdf, _overlapping, pytestmark
from performance.report.data import report
from performance.report.xlsx import report_xlsx

__all__ = ["pytestmark"]  # skipped where LibreOffice is not installed


def test_the_report_prints_from_calc_whole_and_unclipped(db, tmp_path):
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=io.StringIO())
        call_command("load_demo_figures", stdout=io.StringIO())
    unit = demo_unit("sumsel")
    _document, rows = report(unit, 2022)
    assert rows
    pages = words(_calc_pdf(report_xlsx(unit, 2022), tmp_path))
    texts = {word.text for _n, _w, _h, page in pages for word in page}
    for row in rows:
        for word in row.name.split():
            assert word in texts, f"“{word}” of “{row.name}” is not printed"
    for number, _width, _height, page in pages:
        assert not _overlapping(page), f"page {number}: {_overlapping(page)[:10]}"
