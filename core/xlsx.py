"""Spreadsheet helpers shared by every export (openpyxl).

Spreadsheets are untrusted both ways: text is always written as text, so a cell that starts
with =, +, -, @, a tab or a carriage return is never a formula (`text_cell`). Numbers are
written as numbers with a format that Excel and LibreOffice show with the reader's separators
(dots and a comma in Indonesian).
"""

import io
from decimal import Decimal

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.page import PageMargins

from core.http import attachment

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(vertical="top", wrap_text=True)
HEADER_FILL = PatternFill("solid", fgColor="E6E6E6")
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)


def text_cell(cell, value: str):
    """Write text as text: never as a formula, whatever it starts with."""
    cell.value = value
    cell.data_type = "s"
    return cell


def header_cell(cell, value: str):
    """A column header: bold, shaded, bordered, centred and wrapped."""
    text_cell(cell, value)
    cell.font = Font(bold=True)
    cell.fill = HEADER_FILL
    cell.border = BORDER
    cell.alignment = HEADER_ALIGNMENT
    return cell


def number_format(value) -> str:
    """Whole numbers without a decimal sign, others with their decimals."""
    if value is None or float(value).is_integer():
        return "#,##0"
    return "#,##0.0###"


def number_cell(cell, value: Decimal | None):
    """A number as a number (empty for None), with its format."""
    if value is None:
        return cell
    cell.value = float(value)
    cell.number_format = number_format(value)
    return cell


def workbook_bytes(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str):
    """The spreadsheet as a download."""
    return attachment(content, CONTENT_TYPE, filename)


# Printing from a spreadsheet program: Excel and LibreOffice Calc neither fit a row to the
# wrapped text of a merged cell nor, reliably, of any cell written by a program; so the rows
# are given heights that fit their text, measured for the printing font (Arial, LibreOffice's
# Liberation Sans: the same widths).
PRINT_FONT = "Arial"
PRINT_FONT_SIZE = 9
LINE_PT = 11.5  # one line of 9 pt text
PAD_PT = 4  # above and below the text of a cell
CHARS_PER_WIDTH = 1.45  # 9 pt Arial characters per unit of column width, measured in Calc


def print_font(**options) -> Font:
    return Font(name=PRINT_FONT, size=options.pop("size", PRINT_FONT_SIZE), **options)


def text_lines(text: str, width: float) -> int:
    """How many lines `text` takes wrapped in a cell `width` units wide."""
    per_line = max(1, int(width * CHARS_PER_WIDTH) - 1)
    return sum(max(1, -(-len(part) // per_line)) for part in str(text).split("\n")) or 1


class RowHeights:
    """Row heights that fit every cell, merged ones included: a merged cell's rows grow
    together until they fit its text."""

    def __init__(self):
        self.rows, self.merged = {}, []

    def need(self, row: int, text: str, width: float, rows: int = 1) -> None:
        height = text_lines(text, width) * LINE_PT + PAD_PT
        if rows > 1:
            self.merged.append((row, rows, height))
        else:
            self.rows[row] = max(self.rows.get(row, LINE_PT + PAD_PT), height)

    def apply(self, sheet) -> None:
        for row, rows, needed in self.merged:
            span = range(row, row + rows)
            for r in span:
                self.rows.setdefault(r, LINE_PT + PAD_PT)
            missing = needed - sum(self.rows[r] for r in span)
            if missing > 0:
                for r in span:
                    self.rows[r] += missing / rows
        for row, height in self.rows.items():
            sheet.row_dimensions[row].height = min(round(height, 1), 409)  # Excel's tallest


def print_setup(sheet, *, orientation, margins_mm, title_rows, page_numbers=True) -> None:
    """A4 in `orientation` with the PDF's margins (top, right, bottom, left in mm), fit to the
    page's width, the table's header rows on every page, "Halaman n dari m" in the footer."""
    sheet.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = orientation
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    top, right, bottom, left = (mm / 25.4 for mm in margins_mm)
    sheet.page_margins = PageMargins(
        left=left, right=right, top=top, bottom=bottom, header=0.2, footer=0.25
    )
    if page_numbers:
        sheet.oddFooter.right.text = "Halaman &P dari &N"
        sheet.oddFooter.right.size = 8
