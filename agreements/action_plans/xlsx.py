"""The Rencana Aksi as an .xlsx file: Sasaran | Indikator | Target tahunan | TW I | TW II |
TW III | TW IV | Kegiatan | Penanggung jawab, one row per activity (an indicator without one
takes one row), the cells of the sasaran and the indicator merged over its activities. Text
is written as text, targets as numbers with the Indonesian formats (a range as text,
'80–90'). Its words are the printed document's (Indonesian), whatever the interface's
language."""

from django.utils.text import slugify
from openpyxl import Workbook

from agreements.action_plans.selectors import action_plan_content
from agreements.models import ActionPlan
from core.numbers import format_value
from core.xlsx import (
    BORDER,
    WRAP,
    RowHeights,
    header_cell,
    number_cell,
    print_font,
    print_setup,
    text_cell,
    workbook_bytes,
)

HEADERS = [
    "Sasaran",
    "Indikator",
    "Target tahunan",
    "TW I",
    "TW II",
    "TW III",
    "TW IV",
    "Kegiatan",
    "Penanggung jawab",
]
WIDTHS = [30, 34, 12, 10, 10, 10, 10, 38, 22]
HEADER_ROW = 4
MARGINS_MM = (15.0, 15.0, 15.0, 15.0)


def _target(cell, value, upper):
    """A single target as a number with its format; a range as text ('80–90')."""
    if value is None:
        return cell
    if upper is not None:
        return text_cell(cell, format_value(value, upper))
    return number_cell(cell, value)


def action_plan_filename(plan: ActionPlan) -> str:
    unit = plan.agreement.unit
    name = slugify(unit.short_name or unit.name)[:60] or "unit"
    return f"rencana-aksi-{plan.agreement.year}-{name}.xlsx"


def action_plan_xlsx(plan: ActionPlan) -> bytes:
    content = action_plan_content(plan=plan)
    agreement = plan.agreement
    book = Workbook()
    sheet = book.active
    sheet.title = f"Rencana Aksi {agreement.year}"
    heights = RowHeights()
    text_cell(sheet.cell(row=1, column=1), plan.heading).font = print_font(bold=True, size=12)
    text_cell(sheet.cell(row=2, column=1), agreement.unit.name.upper()).font = print_font(bold=True)
    for column, header in enumerate(HEADERS, start=1):
        header_cell(sheet.cell(row=HEADER_ROW, column=column), header).font = print_font(bold=True)
    row_number = HEADER_ROW + 1
    for target, rows in content.targets:
        target_start = row_number
        for row in rows:
            indicator = row.indicator
            activities = row.activities or [None]
            span = len(activities)
            name = indicator.name + (f" ({indicator.satuan})" if indicator.satuan else "")
            text_cell(sheet.cell(row=row_number, column=2), name)
            heights.need(row_number, name, WIDTHS[1], span)
            _target(
                sheet.cell(row=row_number, column=3),
                indicator.target_value,
                indicator.target_value_upper,
            )
            for column, (_label, quarter) in enumerate(row.quarter_cells, start=4):
                if quarter is not None:
                    _target(
                        sheet.cell(row=row_number, column=column),
                        quarter.value,
                        quarter.value_upper,
                    )
            for offset, activity in enumerate(activities):
                r = row_number + offset
                if activity is not None:
                    kegiatan = f"{activity.name} ({activity.schedule_display})"
                    text_cell(sheet.cell(row=r, column=8), kegiatan)
                    text_cell(sheet.cell(row=r, column=9), activity.responsible)
                    heights.need(r, kegiatan, WIDTHS[7])
                    heights.need(r, activity.responsible, WIDTHS[8])
            if span > 1:
                for column in range(2, 8):
                    sheet.merge_cells(
                        start_row=row_number,
                        start_column=column,
                        end_row=row_number + span - 1,
                        end_column=column,
                    )
            row_number += span
        text_cell(sheet.cell(row=target_start, column=1), target.text)
        heights.need(target_start, target.text, WIDTHS[0], row_number - target_start)
        if row_number - target_start > 1:
            sheet.merge_cells(
                start_row=target_start, start_column=1, end_row=row_number - 1, end_column=1
            )
    for r in range(HEADER_ROW + 1, row_number):
        for column in range(1, len(HEADERS) + 1):
            cell = sheet.cell(row=r, column=column)
            cell.border, cell.alignment, cell.font = BORDER, WRAP, print_font()
    for column, width in zip("ABCDEFGHI", WIDTHS, strict=True):
        sheet.column_dimensions[column].width = width
    print_setup(
        sheet, orientation="landscape", margins_mm=MARGINS_MM, title_rows=(HEADER_ROW, HEADER_ROW)
    )
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    heights.apply(sheet)
    return workbook_bytes(book)
