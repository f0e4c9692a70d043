"""The Pengukuran Kinerja report's content, as LKjIP chapter III tables it: Sasaran | IKU |
Satuan | Target | Realisasi | Capaian | Predikat, with the previous year's realisasi, the target
at the end of the Renstra period and the progress toward it. Printed by `html` and `pdf`,
written as a spreadsheet by `xlsx`."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import slugify

from agreements.measuring import agreement_measured
from core.numbers import format_number
from indicators.models import YearlyTarget
from performance import capaian as engine
from performance import selectors
from performance.models import ReportingPeriod
from performance.selectors import to_period_label


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
    to_date_label: str = ""  # a year not yet complete: 's.d. Triwulan II'
    year_progress: engine.Result | None = None  # …and how far toward the year's target
    supporting: str = ""
    inhibiting: str = ""
    follow_up: str = ""
    # Measured against a signed PK whose target differs: the IKU document's own target.
    iku_target: engine.Target | None = None
    target_differs: bool = False

    @property
    def realisasi_text(self) -> str:
        return format_number(self.realisasi)

    @property
    def previous_text(self) -> str:
        return format_number(self.previous)


def _analysis(row, filled, field: str) -> str:
    """The analysis written on each filled period, each named when there are several (a text
    written on TW I stays when TW II is filled without one)."""
    texts = [(n, getattr(f, field).strip()) for n, f in filled if getattr(f, field).strip()]
    if len(texts) <= 1 or row.is_yearly:
        return texts[-1][1] if texts else ""
    return "\n".join(f"{to_period_label(row.kind, n)}: {text}" for n, text in texts)


def report(unit, year: int):
    """(document in force, rows) of the unit's report for `year`. Where a signed PK of the
    year is measured against, a row's target is the PK's and `iku_target` the IKU document's
    (`target_differs` when they are not the same)."""
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
        filled = [(n, f) for n, f in sorted(row.figures.items()) if f.value is not None]
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
                to_date_label=row.to_date_label,
                year_progress=row.year_progress,
                supporting=_analysis(row, filled, "supporting_factors"),
                inhibiting=_analysis(row, filled, "inhibiting_factors"),
                follow_up=_analysis(row, filled, "follow_up"),
                iku_target=row.iku_target,
                target_differs=row.target_differs,
            )
        )
    return document, out


def measured_against(unit, year: int, document) -> str:
    """What the report says it measures against, in its own words: the IKU document, and the
    Perjanjian Kinerja of the year where a signed one gives the targets."""
    agreement = agreement_measured(unit, year)
    if agreement is None:
        return document.heading
    return f"Perjanjian Kinerja {year} (target) dan {document.heading}"


def report_filename(unit, year: int, extension: str) -> str:
    name = slugify(unit.short_name or unit.name)[:60] or "unit"
    return f"pengukuran-kinerja-{year}-{name}.{extension}"


# The report's own words (Indonesian, like the printed IKU document), not the interface's.
STATUS_WORDS = {
    ReportingPeriod.Status.DRAFT: "belum diajukan (angka sementara)",
    ReportingPeriod.Status.SUBMITTED: "diajukan, menunggu persetujuan kepala",
    ReportingPeriod.Status.APPROVED: "disetujui kepala",
}


def figures_status(unit, year: int) -> str:
    """The status of the year's figures, in the report's words (with the reason when they were
    returned or reopened)."""
    period = ReportingPeriod.objects.filter(unit=unit, year=year, number=0).first()
    words = STATUS_WORDS[period.status if period else ReportingPeriod.Status.DRAFT]
    if period is not None and period.returned_reason:
        state = "dibuka kembali" if period.was_reopened else "dikembalikan"
        words = f"{words}; {state}: {period.returned_reason}"
    return words


def analysed(rows: list[ReportRow]) -> list[ReportRow]:
    """The rows with an analysis (faktor pendukung, penghambat, upaya): the analysis table."""
    return [r for r in rows if r.supporting or r.inhibiting or r.follow_up]
