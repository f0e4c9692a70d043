"""The report's print HTML (the print conventions and fonts of the IKU document, with the
chart), always in Indonesian."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from performance import charts
from performance.report.data import analysed, figures_status, measured_against, report


def report_html(unit, year: int) -> str:
    """The report's print HTML, in Indonesian whatever the interface's language: its words
    are the report's own, and the key its PDF is kept under must not change with the user."""
    with translation.override("id"):
        return _report_html(unit, year, timezone.localdate())


def _report_html(unit, year: int, printed) -> str:
    document, rows = report(unit, year)
    chart = charts.capaian_bars([(r.name, r.result, r.band) for r in rows])
    return render_to_string(
        "print/performance_report.html",
        {
            "unit": unit,
            "year": year,
            "document": document,
            "measured_against": measured_against(unit, year, document) if document else "",
            "rows": rows,
            "chart": chart,
            "status": figures_status(unit, year),
            "printed": printed,
            "analysed": analysed(rows),
        },
    )
