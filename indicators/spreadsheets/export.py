"""IKU documents as spreadsheets (.xlsx with openpyxl).

- `document_xlsx`: the document in the columns of its layout, as it prints: the title and the
  unit above the table, tujuan and sasaran cells merged over their rows, numbers as numbers
  with the Indonesian format, the header repeated on every printed page, A4 in the document's
  orientation, the signature block below.
- `flat_xlsx`: one row per IKU with every field and every yearly target, for analysis: one
  unit, or every unit under a pemda (or all, for the admin).

Spreadsheets are untrusted both ways: text is always written as text (`core.xlsx.text_cell`).
"""

import html as html_module
from decimal import Decimal

import nh3
from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.numbers import format_value
from core.xlsx import (
    BORDER,
    HEADER_FILL,
    WRAP,
    RowHeights,
    number_cell,
    print_font,
    print_setup,
    text_cell,
    workbook_bytes,
)
from indicators.labels import label
from indicators.layouts import MARGINS_MM
from indicators.models import Indicator, YearlyTarget
from indicators.printing.print_layout import print_context, signature_context


def plain(html: str) -> str:
    """The text of sanitized rich text: paragraphs and list items on lines of their own."""
    if not html:
        return ""
    for tag in ("</p>", "</li>", "<br>", "<br/>"):
        html = html.replace(tag, "\n")
    html = html.replace("<li>", "• ")
    text = nh3.clean(html, tags=set())

    return "\n".join(
        line.strip() for line in html_module.unescape(text).splitlines() if line.strip()
    )


def _penjelasan(indicator) -> str:
    parts = [
        ("Alasan Pemilihan Indikator", indicator.data.get("selection_reason", "")),
        ("Formulasi Pengukuran", indicator.data.get("formula", "")),
        ("Tipe Penghitungan", indicator.calculation_text),
        ("Penanggung Jawab", indicator.data.get("responsible", "")),
        ("Sumber Data", indicator.data.get("data_source", "")),
    ]
    return "\n".join(f"{label}: {value}" for label, value in parts if value)


def _cell_value(cell, code_in_iku: bool = False):
    """What a printed cell holds, for a spreadsheet cell (text, or None)."""
    indicator = cell.indicator
    kind = cell.kind
    if kind == "no":
        return cell.number
    if kind == "goal_target" and cell.goal_above:
        return f"{cell.goal_above['code']} {cell.goal_above['text']}\n{cell.text}".strip()
    if indicator is None:
        return cell.text
    if kind == "iku":
        name = indicator.data.get("name", "")
        code = indicator.data.get("code", "") if code_in_iku else ""
        if code:  # as the PDF prints it: "1.1.1.1 Persentase …", "IKU 1. Persentase …"
            name = f"{code}{'' if '.' in code else '.'} {name}"
        if cell.column.satuan and indicator.data.get("satuan"):
            name += f" ( satuan {indicator.data['satuan']} )"
        return name
    if kind == "formula":
        formula = indicator.data.get("formula", "")
        explanation = plain(indicator.data.get("explanation", ""))
        if cell.column.explanation and explanation:  # as the PDF prints it, under the formula
            return f"{formula}\n{explanation}".strip()
        return formula
    if kind == "explanation":
        return plain(indicator.data.get("explanation", ""))
    if kind == "penjelasan":
        return _penjelasan(indicator)
    if kind == "data_source":
        return indicator.data.get("data_source", "")
    if kind == "responsible":
        return cell.responsible
    return cell.text


# The document's .xlsx prints like its PDF in Excel and LibreOffice Calc: the text in the
# printing font, row heights that fit it (core.xlsx.RowHeights), the PDF's margins, fit to the
# page's width, "Halaman n dari m" in the footer.
MM_PER_WIDTH = 2.2  # millimetres of the PDF's column per unit of sheet column width


def _figures(snapshot: dict, column) -> list[str]:
    """Every figure a baseline or targets column shows, as printed (with its satuan)."""
    texts = []
    for indicator in snapshot["indicators"]:
        satuan = _suffix(indicator.get("satuan", "") if column.satuan else "")
        values = (
            [indicator.get("baseline_value")]
            if column.key == "baseline"
            else [indicator.get("targets", {}).get(str(year)) for year in column.years]
        )
        for value in values:
            if value is not None:
                texts.append(format_value(Decimal(value)) + satuan)
    return texts


def _figure_format(value: Decimal, suffix: str) -> str:
    """A number format that shows the figure the Indonesian way with what the PDF prints after
    it ("kali", "%", "(2023)") as literal text: the cell stays a number."""
    base = "#,##0" if value == value.to_integral_value() else "#,##0.0###"
    return f'{base}"{suffix}"' if suffix else base


def _suffix(satuan: str, year=None) -> str:
    text = ""
    if satuan:
        text = "%" if satuan.strip() == "%" else f" {satuan}"
    if year:
        text += f" ({year})"
    return text.replace('"', "")


def _merge_span(width_of: list[float], least: float) -> int:
    """How many of the first columns together are at least `least` wide (at least one)."""
    total, count = 0.0, 0
    for width in width_of:
        total, count = total + width, count + 1
        if total >= least:
            break
    return max(1, min(count, len(width_of) - 1))


def document_xlsx(snapshot: dict) -> bytes:
    """The document as it prints (from the snapshot a PDF would print), as .xlsx bytes."""
    document = snapshot["document"]
    context = print_context(snapshot)
    columns, orientation = context["columns"], context["page"]["orientation"]
    rows = context["rows"]
    book = Workbook()
    sheet = book.active
    sheet.title = f"IKU {document['period_start']}-{document['period_end']}"
    heights = RowHeights()
    # Sheet columns: one per printed column, one per year for the targets.
    positions, width_of = {}, []
    for column in columns:
        positions[id(column)] = len(width_of) + 1
        span = len(column.years) if column.kind.per_year else 1
        least = 8
        if column.kind.per_year or column.key == "baseline":  # the widest figure fits whole
            least = max([least, *(len(text) + 2 for text in _figures(snapshot, column))])
        width_of.extend([max(column.width_mm / MM_PER_WIDTH / span, least)] * span)
    last_column = len(width_of)
    whole = sum(width_of)
    row = 1

    def merged_text(r, first, last, text, *, font=None, alignment=WRAP):
        cell = text_cell(sheet.cell(row=r, column=first), text)
        cell.font = font or print_font()
        cell.alignment = alignment
        if last > first:
            sheet.merge_cells(start_row=r, start_column=first, end_row=r, end_column=last)
        heights.need(r, text, sum(width_of[first - 1 : last]))
        return cell

    # The lines above the title (LAMPIRAN …) on the right, as the PDF prints them.
    right_half = _merge_span(width_of, whole * 0.55) + 1
    for line in context["header_lines"]:
        merged_text(row, min(right_half, last_column), last_column, line)
        row += 1
    for line in context["heading_lines"]:
        merged_text(
            row,
            1,
            last_column,
            line,
            font=print_font(bold=True, size=11),
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        )
        row += 1
    row += 1
    # The unit's identity block, as the PDF prints it above the table.
    unit, numbers = context["unit"], context["identity_number"]
    identity = []
    if numbers.get("name"):
        name = unit["name"].upper() if context["numbered_iku_heading"] else unit["name"]
        identity.append((numbers["name"], "Nama Unit Organisasi", name))
    if numbers.get("tugas"):
        identity.append((numbers["tugas"], "Tugas", unit["tugas"]))
    if numbers.get("functions"):
        functions = "\n".join(f"{letter}. {text}" for letter, text in context["functions"])
        identity.append((numbers["functions"], "Fungsi", functions))
    label_columns = _merge_span(width_of, 24)
    for number, heading, text in identity:
        merged_text(row, 1, label_columns, f"{number} {heading}")
        merged_text(row, label_columns + 1, last_column, f": {text}")
        row += 1
    if context["numbered_iku_heading"]:
        merged_text(row, 1, last_column, f"{numbers['iku']} Indikator Kinerja Utama")
        row += 1
    row += 1
    # The table's header, repeated on every printed page.
    header_top, has_years = row, any(c.kind.per_year for c in columns)
    code_in_iku = context["code_in_iku"]
    for column in columns:
        start = positions[id(column)]
        text_cell(sheet.cell(row=row, column=start), column.header)
        if column.kind.per_year:
            end = start + len(column.years) - 1
            if end > start:
                sheet.merge_cells(start_row=row, start_column=start, end_row=row, end_column=end)
            for offset, year in enumerate(column.years):
                text_cell(sheet.cell(row=row + 1, column=start + offset), str(year))
        elif has_years:
            sheet.merge_cells(start_row=row, start_column=start, end_row=row + 1, end_column=start)
        heights.need(row, column.header, width_of[start - 1], 2 if has_years else 1)
    header_bottom = row + (1 if has_years else 0)
    for r in range(header_top, header_bottom + 1):
        for c in range(1, last_column + 1):
            cell = sheet.cell(row=r, column=c)
            cell.font = print_font(bold=True)
            cell.fill = HEADER_FILL
            cell.border = BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    # The rows of the table: text as it prints, figures as numbers.
    first_body = header_bottom + 1
    centred = Alignment(horizontal="center", vertical="top", wrap_text=True)
    for index, printed in enumerate(rows):
        r = first_body + index
        for cell in printed.cells:
            start = positions[id(cell.column)]
            indicator = cell.indicator
            satuan = indicator.data.get("satuan", "") if indicator and cell.column.satuan else ""
            if cell.kind == "targets":
                for offset, year in enumerate(cell.column.years):
                    target = sheet.cell(row=r, column=start + offset)
                    target.alignment = centred
                    data = indicator.data if indicator else {}
                    value = data.get("targets", {}).get(str(year))
                    upper = data.get("target_ranges", {}).get(str(year))
                    if value is not None and upper is None:
                        number_cell(target, Decimal(value))
                        target.number_format = _figure_format(Decimal(value), _suffix(satuan))
                    elif value is not None:
                        text = format_value(Decimal(value), Decimal(upper)) + _suffix(satuan)
                        text_cell(target, text)
                        heights.need(r, text, width_of[start + offset - 1])
                continue
            target = sheet.cell(row=r, column=start)
            baseline = indicator.data.get("baseline_value") if indicator else None
            if cell.kind == "baseline" and baseline is not None:
                number_cell(target, Decimal(baseline))
                year = indicator.data.get("baseline_year")
                target.number_format = _figure_format(Decimal(baseline), _suffix(satuan, year))
                target.alignment = centred
            else:
                value = _cell_value(cell, code_in_iku)
                if value:
                    text_cell(target, str(value))
                    heights.need(r, str(value), width_of[start - 1], cell.span)
                if cell.column.key in ("no", "code", "baseline", "cascading", "direction"):
                    target.alignment = centred
            if cell.span > 1:
                sheet.merge_cells(
                    start_row=r, start_column=start, end_row=r + cell.span - 1, end_column=start
                )
    last_body = first_body + len(rows) - 1
    for r in range(first_body, last_body + 1):
        for c in range(1, last_column + 1):
            cell = sheet.cell(row=r, column=c)
            cell.border = BORDER
            cell.font = print_font()
            if cell.alignment != centred:
                cell.alignment = WRAP
    for number, width in enumerate(width_of, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    # The signature block on the right under the table, as in the PDF: each line centred over
    # the right part of the page.
    signature = signature_context(snapshot)
    lines = [*signature["place_lines"], *signature["jabatan"], "", "", signature["name"]]
    lines += [signature["pangkat"], f"NIP. {signature['nip']}" if signature["nip"] else ""]
    sign_from = min(_merge_span(width_of, whole * 0.55) + 1, last_column)
    r = last_body + 2
    middle = Alignment(horizontal="center", vertical="top", wrap_text=True)
    for line in lines:
        if line is None:
            continue
        cell = merged_text(r, sign_from, last_column, line, alignment=middle)
        if line == signature["name"] and line:
            underline = "single" if signature["underline"] else None
            cell.font = print_font(bold=True, underline=underline)
        r += 1
    heights.apply(sheet)
    print_setup(
        sheet,
        orientation=orientation,
        margins_mm=MARGINS_MM[orientation],
        title_rows=(header_top, header_bottom),
        page_numbers=document.get("show_page_numbers", True),
    )
    return workbook_bytes(book)


FLAT_HEADERS = [
    "Unit",
    "Dokumen",
    "Periode",
    "Status",
    "Kode Tujuan",
    label("goal"),
    label("goal_indicators"),
    "Kode Sasaran",
    label("target"),
    label("code"),
    label("name"),
    label("satuan"),
    label("formula"),
    label("explanation"),
    label("selection_reason"),
    label("definition"),
    label("direction"),
    label("calculation_type"),
    label("frequency"),
    label("baseline_year"),
    label("baseline"),
    label("data_source"),
    label("responsible"),
    label("perspective"),
    label("cascading"),
]


def flat_xlsx(documents) -> bytes:
    """One row per IKU of `documents` (a queryset), every field and every yearly target, in
    a form the import reads back into the identical tree whatever the interface language:
    choices by their Indonesian names, penjelasan as its (sanitized) rich text."""
    with translation.override("id"):
        return _flat_xlsx(documents)


def _flat_xlsx(documents) -> bytes:
    indicators = list(
        Indicator.objects.filter(document__in=documents)
        .select_related("document__unit", "strategic_target__goal")
        .prefetch_related("strategic_target__goal__indicators")
        .order_by(
            "document__unit__name",
            "document__period_start",
            "document__revision",
            "strategic_target__goal__order",
            "strategic_target__order",
            "order",
            "id",
        )
    )
    targets: dict[int, dict[int, tuple]] = {}
    for indicator_id, year, value, upper in YearlyTarget.objects.filter(
        indicator__in=[i.pk for i in indicators]
    ).values_list("indicator_id", "year", "value", "value_upper"):
        targets.setdefault(indicator_id, {})[year] = (value, upper)
    years = sorted({year for by_year in targets.values() for year in by_year})
    book = Workbook()
    sheet = book.active
    sheet.title = "IKU"
    headers = FLAT_HEADERS + [f"Target {year}" for year in years]
    for column, header in enumerate(headers, start=1):
        cell = text_cell(sheet.cell(row=1, column=column), header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for r, indicator in enumerate(indicators, start=2):
        document, target = indicator.document, indicator.strategic_target
        goal = target.goal
        values = [
            document.unit.name,
            document.heading,
            document.period,
            document.get_status_display(),
            goal.code if goal else "",
            goal.text if goal else "",
            "; ".join(gi.text for gi in goal.indicators.all()) if goal else "",
            target.code,
            target.text,
            indicator.code,
            indicator.name,
            indicator.satuan,
            indicator.formula,
            indicator.explanation,
            indicator.selection_reason,
            indicator.definition,
            indicator.get_direction_display(),
            indicator.get_calculation_type_display(),
            indicator.get_frequency_display(),
            indicator.baseline_year,
            format_value(None, not_available=True, as_typed=indicator.baseline_not_available_text)
            if indicator.baseline_not_available
            else indicator.baseline_value,
            indicator.data_source,
            indicator.responsible,
            indicator.perspective,
            indicator.cascading,
        ]
        for year in years:
            value, upper = targets.get(indicator.pk, {}).get(year, (None, None))
            values.append(format_value(value, upper) if upper is not None else value)
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=column)
            if isinstance(value, Decimal | int) and not isinstance(value, bool):
                number_cell(cell, Decimal(value))
            elif value not in (None, ""):
                text_cell(cell, str(value))
    for column, header in enumerate(headers, start=1):
        wide = header in {"Tujuan", "Sasaran Strategis", "Indikator Kinerja", "Formulasi"}
        sheet.column_dimensions[get_column_letter(column)].width = 40 if wide else 14
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    return workbook_bytes(book)


TEMPLATE_COLUMNS = [
    (label("goal"), "Tujuan yang didukung sasaran ini. Boleh digabung (merge) ke bawah.", "Meningkatnya kualitas kelembagaan koperasi"),  # noqa: E501
    (label("target"), "Wajib. Sel yang digabung ke bawah atau dikosongkan berlaku untuk baris-baris di bawahnya.", "Meningkatnya koperasi yang berkualitas"),  # noqa: E501
    (label("code"), "Tidak wajib. Kode IKU, unik dalam dokumen.", "IKU 1"),
    (label("name"), "Wajib. Nama IKU.", "Persentase koperasi berkualitas"),
    (label("satuan"), "Mis. %, unit, indeks.", "%"),
    (label("formula"), "Rumus perhitungan, ditulis seperti biasa: (A / B) x 100%.", "(Jumlah koperasi berkualitas / Jumlah koperasi aktif) x 100%"),  # noqa: E501
    (label("selection_reason"), "Mengapa indikator ini dipilih.", "Mengukur hasil pembinaan kelembagaan koperasi"),  # noqa: E501
    (label("data_source"), "Dari mana angkanya.", "Bidang Kelembagaan"),
    (label("responsible"), "Unit atau jabatan yang bertanggung jawab.", "Kepala Bidang Kelembagaan"),  # noqa: E501
    (label("baseline"), "Angka cara Indonesia (3,4 atau 1.250) atau 'tidak ada'.", "12,5"),
    (label("baseline_year"), "Tahun nilai baseline.", "2024"),
    (label("direction"), "Makin tinggi makin baik, Makin rendah makin baik, atau Stabil (dalam rentang). Kosong: makin tinggi makin baik.", "Makin tinggi makin baik"),  # noqa: E501
    (label("calculation_type"), "Kumulatif, Non-kumulatif, Rata-rata, atau Akhir periode. Kosong: non-kumulatif.", "Non-kumulatif"),  # noqa: E501
    (label("frequency"), "Bulanan, Triwulanan, Semesteran, atau Tahunan. Kosong: tahunan.", "Tahunan"),  # noqa: E501
    (label("cascading"), "C (cascading peta), CP (cascading non-peta), N (non-cascading), atau kosong.", "C"),  # noqa: E501
    (label("explanation"), "Penjelasan rumus; paragraf dipisah baris kosong.", "Koperasi berkualitas: koperasi yang melaksanakan RAT tepat waktu."),  # noqa: E501
]  # fmt: skip


def template_xlsx(years: list[int]) -> bytes:
    """The import template: the expected headers, an example row, and a sheet of guidance."""
    book = Workbook()
    sheet = book.active
    sheet.title = "IKU"
    headers = [c[0] for c in TEMPLATE_COLUMNS] + [f"Target {year}" for year in years]
    example = [c[2] for c in TEMPLATE_COLUMNS] + [f"{15 + 2 * n},5" for n in range(len(years))]
    for column, (header, value) in enumerate(zip(headers, example, strict=True), start=1):
        cell = text_cell(sheet.cell(row=1, column=column), header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        text_cell(sheet.cell(row=2, column=column), value).alignment = WRAP
        sheet.column_dimensions[get_column_letter(column)].width = 14 if column > 9 else 28
    sheet.freeze_panes = "A2"
    guide = book.create_sheet("Petunjuk")
    text_cell(guide.cell(row=1, column=1), "Kolom").font = Font(bold=True)
    text_cell(guide.cell(row=1, column=2), "Isi").font = Font(bold=True)
    rows = [(c[0], c[1]) for c in TEMPLATE_COLUMNS] + [
        ("Target <tahun>", "Satu kolom per tahun periode. Angka cara Indonesia (75,5; 1.250) atau rentang (80–90)."),  # noqa: E501
        ("Baris kosong", "Tabel berakhir pada baris kosong pertama; yang di bawahnya tidak dibaca."),  # noqa: E501
        ("Rumus Excel", "Sel berisi rumus dibaca dengan nilai hasil hitungnya; rumus yang belum pernah dihitung (berkas tidak pernah dibuka di Excel) disebutkan sebagai masalah."),  # noqa: E501
        ("Lembar, baris, kolom tersembunyi", "Tidak dibaca; yang dilewati disebutkan di pratinjau."),  # noqa: E501
    ]  # fmt: skip
    for r, (name, text) in enumerate(rows, start=2):
        text_cell(guide.cell(row=r, column=1), name)
        text_cell(guide.cell(row=r, column=2), text).alignment = WRAP
    guide.column_dimensions["A"].width = 22
    guide.column_dimensions["B"].width = 90
    return workbook_bytes(book)
