"""The report as an .xlsx file (numbers as numbers, the Indonesian formats)."""

from decimal import Decimal

from django.utils import timezone, translation
from django.utils.formats import date_format
from openpyxl import Workbook

from core.xlsx import (
    BORDER,
    WRAP,
    RowHeights,
    header_cell,
    number_format,
    print_font,
    print_setup,
    text_cell,
    workbook_bytes,
)
from performance.report.data import analysed, figures_status, measured_against, report

WIDTHS = [5, 34, 40, 10, 11, 11, 11, 14, 12, 12, 14]
# The report PDF's margins (A4 landscape, mm: top, right, bottom, left).
MARGINS_MM = (15.0, 15.0, 15.0, 15.0)

HEADERS = [
    "No",
    "Sasaran Strategis",
    "Indikator Kinerja",
    "Satuan",
    "Target",
    "Realisasi",
    "Capaian (%)",
    "Predikat",
    "Realisasi Tahun Lalu",
    "Target Akhir Renstra",
    "Progres terhadap Target Akhir (%)",
]


IKU_TARGET_HEADER = "Target IKU (bila berbeda dengan PK)"


def _number(value: Decimal | None):
    return None if value is None else float(value)


def _target_value(target):
    """A target as a number, a range as text ('80–90')."""
    if target is not None and target.is_range:
        return str(target)
    return _number(target.low if target else None)


def report_xlsx(unit, year: int) -> bytes:
    with translation.override("id"):  # the report's own words, whatever the user's language
        document, rows = report(unit, year)
    book = Workbook()
    sheet = book.active
    sheet.title = f"Pengukuran Kinerja {year}"[:31]
    title = f"PENGUKURAN KINERJA TAHUN {year}"
    heights = RowHeights()
    text_cell(sheet.cell(row=1, column=1), title).font = print_font(bold=True, size=12)
    text_cell(sheet.cell(row=2, column=1), unit.name.upper()).font = print_font(bold=True)
    if document is not None:  # what the PDF says above its table, on one line
        with translation.override("id"):
            printed = date_format(timezone.localdate(), "j F Y")
            meta = (
                f"Diukur terhadap: {measured_against(unit, year, document)} · "
                f"Status angka tahun {year}: "
                f"{figures_status(unit, year)} · Dicetak pada {printed}"
            )
        meta_cell = text_cell(sheet.cell(row=3, column=1), meta)
        meta_cell.font, meta_cell.alignment = print_font(), WRAP
        sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=len(HEADERS))
        heights.need(3, meta, sum(WIDTHS))
    header_row = 4
    # Measured against a PK whose targets differ from the IKU document's: the IKU's beside.
    differs = any(row.target_differs for row in rows)
    headers = [*HEADERS, IKU_TARGET_HEADER] if differs else HEADERS
    widths = [*WIDTHS, 12] if differs else WIDTHS
    for column, header in enumerate(headers, start=1):
        header_cell(sheet.cell(row=header_row, column=column), header).font = print_font(bold=True)
        heights.need(header_row, header, widths[column - 1])
    for index, row in enumerate(rows, start=1):
        r = header_row + index
        values = [
            index,
            row.sasaran,
            row.name,
            row.satuan,
            _target_value(row.target),
            _number(row.realisasi),
            _number(row.result.rounded),
            (row.band.label if row.band else "")
            + (f" ({row.to_date_label})" if row.to_date_label and row.band else ""),
            _number(row.previous),
            _target_value(row.end_target),
            _number(row.progress.rounded),
        ]
        if differs:
            values.append(_target_value(row.iku_target) if row.target_differs else None)
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=column)
            if isinstance(value, str):
                text_cell(cell, value)
                heights.need(r, value, widths[column - 1])
            else:
                cell.value = value
                cell.number_format = "#,##0.00" if column in (7, 11) else number_format(value)
            cell.border = BORDER
            cell.alignment = WRAP
            cell.font = print_font()
    for column, width in zip("ABCDEFGHIJKL", widths, strict=False):
        sheet.column_dimensions[column].width = width
    print_setup(
        sheet, orientation="landscape", margins_mm=MARGINS_MM, title_rows=(header_row, header_row)
    )
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    if document is None:
        text_cell(
            sheet.cell(row=header_row + 1, column=2), "Belum ada dokumen IKU yang ditandatangani."
        )
    _analysis_table(sheet, analysed(rows), header_row + len(rows) + 2, heights)
    heights.apply(sheet)
    return workbook_bytes(book)


ANALYSIS_HEADERS = [
    "No",
    "Indikator Kinerja",
    "Faktor Pendukung",
    "Faktor Penghambat",
    "Upaya / Tindak Lanjut",
]


def _analysis_table(sheet, rows, start: int, heights: RowHeights) -> None:
    """The analysis table of the PDF (Analisis Capaian), below the main table."""
    if not rows:
        return
    text_cell(sheet.cell(row=start, column=1), "Analisis Capaian").font = print_font(bold=True)
    for column, header in enumerate(ANALYSIS_HEADERS, start=1):
        header_cell(sheet.cell(row=start + 1, column=column), header).font = print_font(bold=True)
    for index, row in enumerate(rows, start=1):
        values = [index, row.name, row.supporting, row.inhibiting, row.follow_up]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=start + 1 + index, column=column)
            if isinstance(value, str):
                text_cell(cell, value)
                heights.need(start + 1 + index, value, WIDTHS[column - 1])
            else:
                cell.value = value
            cell.border = BORDER
            cell.alignment = WRAP
            cell.font = print_font()
