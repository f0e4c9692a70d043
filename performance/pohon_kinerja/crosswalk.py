"""The crosswalk of the pohon kinerja as an .xlsx file: Unit atas | Sasaran atas | IKU atas | Unit
| Sasaran | IKU | Jenis cascading, one row per IKU of a lower unit (a sasaran without IKU takes
one row), in the tree's order. The upper IKU is the one the lower IKU names
(`Indicator.supports`, or its version in the tree when the link names an older one); a sasaran
that supports nothing shown reads "Tidak selaras" in the upper columns, an upper sasaran of a
unit with units below that no sasaran supports reads "Belum di-cascade" in the lower ones, a
link to an older version of the upper sasaran says it is to be linked again, and the jenis
cascading is the IKU's own (blank when nobody chose one). Text is written as text (`core.xlsx`);
the words are the printed documents' (Indonesian), whatever the interface's language."""

from openpyxl import Workbook

from core.xlsx import (
    BORDER,
    WRAP,
    RowHeights,
    header_cell,
    print_font,
    print_setup,
    text_cell,
    workbook_bytes,
)
from indicators.cascading.performance_tree import PerformanceTree

HEADERS = ["Unit atas", "Sasaran atas", "IKU atas", "Unit", "Sasaran", "IKU", "Jenis cascading"]
WIDTHS = [22, 34, 30, 22, 34, 30, 10]
HEADER_ROW = 3
NOT_ALIGNED = "Tidak selaras"
NOT_CASCADED = "Belum di-cascade"
STALE = "tautan ke versi lama: perlu ditautkan ulang"


def crosswalk_rows(tree: PerformanceTree) -> list[list[str]]:
    indicators = {}
    for node in tree.nodes():
        for indicator in node.indicators:
            indicators[indicator.pk] = indicator
            indicators.setdefault(("lineage", node.document_id, indicator.lineage_id), indicator)
    rows = []

    def lower_rows(node):
        if node.unit_id in tree.units_with_children and not any(
            not child.group for child in node.children
        ):  # no sasaran below supports it
            for indicator in node.indicators or [None]:
                rows.append(
                    [
                        node.unit_name,
                        node.text,
                        indicator.name if indicator else "",
                        "",
                        NOT_CASCADED,
                        "",
                        "",
                    ]
                )
        for child in node.children:
            if child.group:
                continue
            for indicator in child.indicators or [None]:
                upper_iku = ""
                if indicator and indicator.supports_id:
                    upper = indicators.get(indicator.supports_id) or indicators.get(
                        ("lineage", node.document_id, indicator.supports_lineage)
                    )
                    upper_iku = upper.name if upper else ""
                rows.append(
                    [
                        node.unit_name,
                        f"{node.text} ({STALE})" if child.stale else node.text,
                        upper_iku,
                        child.unit_name,
                        child.text,
                        indicator.name if indicator else "",
                        indicator.cascading if indicator else "",
                    ]
                )
            lower_rows(child)

    for root in tree.roots:
        if root.group:
            for child in root.children:
                for indicator in child.indicators or [None]:
                    rows.append(
                        [
                            root.text,  # the unit above, which it supports nothing of
                            NOT_ALIGNED,
                            "",
                            child.unit_name,
                            child.text,
                            indicator.name if indicator else "",
                            indicator.cascading if indicator else "",
                        ]
                    )
                lower_rows(child)
        else:
            lower_rows(root)
    return rows


def crosswalk_xlsx(tree: PerformanceTree) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Crosswalk"
    title = sheet.cell(row=1, column=1)
    text_cell(title, f"CROSSWALK POHON KINERJA {tree.top.name.upper()} TAHUN {tree.year}")
    title.font = print_font(bold=True, size=11)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    heights = RowHeights()
    for column, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        header_cell(sheet.cell(row=HEADER_ROW, column=column), header).font = print_font(bold=True)
        heights.need(HEADER_ROW, header, width)
        sheet.column_dimensions[chr(64 + column)].width = width
    for number, row in enumerate(crosswalk_rows(tree), start=HEADER_ROW + 1):
        for column, (value, width) in enumerate(zip(row, WIDTHS, strict=True), start=1):
            cell = text_cell(sheet.cell(row=number, column=column), value)
            cell.border, cell.alignment, cell.font = BORDER, WRAP, print_font()
            heights.need(number, value, width)
    heights.apply(sheet)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    print_setup(
        sheet,
        orientation="landscape",
        margins_mm=(15.0, 15.0, 15.0, 15.0),
        title_rows=(HEADER_ROW, HEADER_ROW),
    )
    return workbook_bytes(book)
