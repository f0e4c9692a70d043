"""The Pengukuran Kinerja report, as LKjIP chapter III tables it: Sasaran | IKU | Satuan |
Target | Realisasi | Capaian | Predikat, with the previous year's realisasi, the target at the
end of the Renstra period and the progress toward it. As a PDF (the print conventions and fonts
of the IKU document, with the chart) and as an .xlsx file (numbers as numbers)."""

import io
from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string

from indicators import render_cache
from indicators.models import YearlyTarget
from indicators.numbers import format_number
from indicators.spreadsheets import number_format
from indicators.spreadsheets import text_cell as _text

from . import capaian as engine
from . import charts, selectors


@dataclass
class ReportRow:
    sasaran: str
    name: str
    satuan: str
    target: engine.Target | None
    realisasi: Decimal | None
    result: engine.Result
    band: engine.Band | None
    previous: Decimal | None
    end_target: engine.Target | None
    progress: engine.Result
    supporting: str = ""
    inhibiting: str = ""
    follow_up: str = ""

    @property
    def realisasi_text(self) -> str:
        return format_number(self.realisasi)

    @property
    def previous_text(self) -> str:
        return format_number(self.previous)


def report(unit, year: int):
    """(document in force, rows) of the unit's report for `year`."""
    document, rows, _periods = selectors.unit_year(unit, year)
    if document is None:
        return None, []
    _previous_document, previous_rows, _p = selectors.unit_year(unit, year - 1)
    previous = {row.lineage_id: row.realisasi for row in previous_rows}
    end_targets = {
        t.indicator_id: engine.Target(t.value, t.value_upper)
        for t in YearlyTarget.objects.filter(
            indicator_id__in=[r.indicator.pk for r in rows], year=document.period_end
        )
    }
    out = []
    for row in rows:
        end_target = end_targets.get(row.indicator.pk)
        latest = [f for _n, f in sorted(row.figures.items()) if f.value is not None]
        figure = latest[-1] if latest else None
        out.append(
            ReportRow(
                sasaran=row.indicator.strategic_target.text,
                name=row.indicator.name,
                satuan=row.indicator.satuan,
                target=row.target,
                realisasi=row.realisasi,
                result=row.result,
                band=row.band,
                previous=previous.get(row.lineage_id),
                end_target=end_target,
                progress=engine.capaian(row.realisasi, end_target, row.indicator.direction),
                supporting=figure.supporting_factors if figure else "",
                inhibiting=figure.inhibiting_factors if figure else "",
                follow_up=figure.follow_up if figure else "",
            )
        )
    return document, out


def report_html(unit, year: int) -> str:
    """The report's print HTML, in Indonesian whatever the interface's language: its words
    are the report's own, and the key its PDF is kept under must not change with the user."""
    from django.utils import timezone, translation

    with translation.override("id"):
        return _report_html(unit, year, timezone.localdate())


def _report_html(unit, year: int, printed) -> str:

    from .models import ReportingPeriod

    document, rows = report(unit, year)
    chart = charts.capaian_bars([(r.name, r.result, r.band) for r in rows])
    period = ReportingPeriod.objects.filter(unit=unit, year=year, number=0).first()
    return render_to_string(
        "print/performance_report.html",
        {
            "unit": unit,
            "year": year,
            "document": document,
            "rows": rows,
            "chart": chart,
            "status": _STATUS_WORDS.get(period.status if period else "draft"),
            "printed": printed,
            "analysed": [r for r in rows if r.supporting or r.inhibiting or r.follow_up],
        },
    )


# The report's own words (Indonesian, like the printed IKU document), not the interface's.
_STATUS_WORDS = {
    "draft": "belum diajukan (angka sementara)",
    "submitted": "diajukan, menunggu persetujuan kepala",
    "approved": "disetujui kepala",
}


def report_filename(unit, year: int, extension: str) -> str:
    from django.utils.text import slugify

    name = slugify(unit.short_name or unit.name)[:60] or "unit"
    return f"pengukuran-kinerja-{year}-{name}.{extension}"


# --- the PDF rendered off the request ------------------------------------------------------


@dataclass
class ReportRender:
    key: str
    pdf: bytes


def _report_path(unit_id: int, key: str) -> str:
    return f"reports/{unit_id}/{key}.pdf"


def render_report_pdf(unit, year: int) -> ReportRender:
    """The report's PDF as it prints now, rendered and stored unless this content already is
    (the worker's task)."""
    from indicators.pdf import html_to_pdf

    html = report_html(unit, year)
    key = render_cache.content_key(html)
    pdf = render_cache.stored_pdf(_report_path(unit.pk, key))
    if pdf is None:
        pdf = html_to_pdf(html)
        render_cache.store(_report_path(unit.pk, key), pdf)
    return ReportRender(key, pdf)


def report_pdf_or_wait(unit, year: int):
    """The report's PDF if this content is rendered; otherwise a render is asked for (once
    per content) and a render_jobs.Waiting returned. Never lays out a page in the request."""
    from indicators.render_jobs import ask_once

    from .models import ReportRenderJob
    from .tasks import render_report

    key = render_cache.content_key(report_html(unit, year))

    def stored():
        pdf = render_cache.stored_pdf(_report_path(unit.pk, key))
        return None if pdf is None else ReportRender(key, pdf)

    ready = stored()
    if ready is not None:
        return ready
    return ask_once(
        ReportRenderJob,
        {"unit": unit, "year": year, "key": key},
        render_report,
        (unit.pk, year),
        stored,
    )


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


def _number(value: Decimal | None):
    return None if value is None else float(value)


def report_xlsx(unit, year: int) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.page import PageMargins

    document, rows = report(unit, year)
    book = Workbook()
    sheet = book.active
    sheet.title = f"Pengukuran Kinerja {year}"[:31]
    title = f"PENGUKURAN KINERJA TAHUN {year}"
    _text(sheet.cell(row=1, column=1), title).font = Font(bold=True, size=12)
    _text(sheet.cell(row=2, column=1), unit.name.upper()).font = Font(bold=True)
    header_row = 4
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for column, header in enumerate(HEADERS, start=1):
        cell = _text(sheet.cell(row=header_row, column=column), header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E6E6E6")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    for index, row in enumerate(rows, start=1):
        r = header_row + index
        values = [
            index,
            row.sasaran,
            row.name,
            row.satuan,
            str(row.target)
            if row.target and row.target.is_range
            else _number(row.target.low if row.target else None),
            _number(row.realisasi),
            _number(row.result.rounded),
            row.band.label if row.band else "",
            _number(row.previous),
            str(row.end_target)
            if row.end_target and row.end_target.is_range
            else _number(row.end_target.low if row.end_target else None),
            _number(row.progress.rounded),
        ]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=column)
            if isinstance(value, str):
                _text(cell, value)
            else:
                cell.value = value
                cell.number_format = "#,##0.00" if column in (7, 11) else number_format(value)
            cell.border = border
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    for column, width in zip(
        "ABCDEFGHIJK", [5, 34, 40, 10, 11, 11, 11, 14, 12, 12, 14], strict=True
    ):
        sheet.column_dimensions[column].width = width
    sheet.print_title_rows = f"{header_row}:{header_row}"  # the header on every printed page
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.6, right=0.6, top=0.8, bottom=0.8)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    if document is None:
        _text(
            sheet.cell(row=header_row + 1, column=2), "Belum ada dokumen IKU yang ditandatangani."
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
