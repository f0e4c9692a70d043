"""Spreadsheet helpers shared by every export (openpyxl).

Spreadsheets are untrusted both ways: text is always written as text, so a cell that starts
with =, +, -, @, a tab or a carriage return is never a formula (`text_cell`). Numbers are
written as numbers with a format that Excel and LibreOffice show with the reader's separators
(dots and a comma in Indonesian).
"""

import io
from decimal import Decimal

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

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
