"""Reads for measuring: the document in force for a year (`indicators.in_force`), its IKU with
their targets and realisasi, and the capaian of each, in a constant number of queries. Where
the unit has a signed Perjanjian Kinerja for the year its targets are measured against, and
an adopted Rencana Aksi's for the quarters (`agreements.measuring`)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Min, OuterRef, Q, Subquery, Window
from django.db.models.functions import Rank
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.measuring import AgreedTargets, agreed_targets
from core.numbers import format_number
from core.pagination import CountedPaginator
from indicators.frozen import FROZEN_STATUSES
from indicators.in_force import document_in_force, documents_in_force
from indicators.models import IKUDocument, Indicator, YearlyTarget
from organizations.access import unit_roles
from organizations.models import Membership, OrganizationUnit
from organizations.selectors import units_overseen
from performance import capaian as engine
from performance.charts import trend
from performance.models import (
    Deadline,
    PeriodTransition,
    PredicateBand,
    Realisasi,
    ReportingPeriod,
    YearStanding,
)

# How many periods of its own an IKU has in a year, by its frekuensi pengukuran.
PERIODS = {
    Indicator.Frequency.YEARLY: (Realisasi.Kind.YEAR, 1),
    Indicator.Frequency.SEMESTER: (Realisasi.Kind.SEMESTER, 2),
    Indicator.Frequency.QUARTERLY: (Realisasi.Kind.QUARTER, 4),
    Indicator.Frequency.MONTHLY: (Realisasi.Kind.MONTH, 12),
}


def periods_of(indicator: Indicator) -> tuple[str, int]:
    """(kind, count): ('triwulan', 4) for a quarterly IKU, ('tahun', 1) for a yearly one."""
    return PERIODS.get(indicator.frequency, PERIODS[Indicator.Frequency.YEARLY])


def reporting_number(kind: str, number: int) -> int:
    """The reporting period (0 = the year, 1–4 = triwulan) a figure belongs to: the one its own
    period ends in."""
    if kind == Realisasi.Kind.YEAR:
        return 0
    if kind == Realisasi.Kind.QUARTER:
        return number
    if kind == Realisasi.Kind.SEMESTER:
        return number * 2
    return (number + 2) // 3  # a month


def opening_year(unit, years: list[int]) -> int | None:
    """The year the Kinerja page opens on: the latest year with figures (never a year that has
    not begun), else this year if measured, else the latest measured year before it."""
    this_year = timezone.localdate().year
    with_figures = (
        Realisasi.objects.filter(period__unit=unit, year__in=years, year__lte=this_year)
        .exclude(value=None)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if with_figures is not None:
        return with_figures
    past = [year for year in years if year <= this_year]
    return past[0] if past else (years[-1] if years else None)


def measured_years(unit) -> list[int]:
    """Every year covered by a signed document of the unit, latest first."""
    years = set()
    for start, end in IKUDocument.objects.filter(unit=unit, status__in=FROZEN_STATUSES).values_list(
        "period_start", "period_end"
    ):
        years.update(range(start, end + 1))
    return sorted(years, reverse=True)


def to_period_label(kind: str, number: int) -> str:
    """'Triwulan II', 'Semester I', 'Bulan 5'."""
    roman = {1: "I", 2: "II", 3: "III", 4: "IV"}
    if kind == Realisasi.Kind.QUARTER:
        return _("Quarter %(roman)s") % {"roman": roman[number]}
    if kind == Realisasi.Kind.SEMESTER:
        return _("Semester %(roman)s") % {"roman": roman[number]}
    return _("Month %(n)s") % {"n": number}


def to_date_label(kind: str, number: int) -> str:
    """'s.d. Triwulan II', 's.d. Semester I', 's.d. Bulan 5'."""
    return _("to %(period)s") % {"period": to_period_label(kind, number)}


@dataclass
class Row:
    indicator: Indicator
    kind: str
    count: int
    target: engine.Target | None
    figures: dict[int, Realisasi] = field(default_factory=dict)  # own period number → figure
    result: engine.Result | None = None
    band: engine.Band | None = None
    # A year not yet complete: measured to date, up to this period, and its progress toward
    # the year's target.
    to_date: int | None = None
    year_progress: engine.Result | None = None
    # Measured against a signed PK: the IKU document's own target beside it, and the
    # triwulan targets of its adopted Rencana Aksi ({quarter: Target}).
    iku_target: engine.Target | None = None
    agreed: bool = False
    quarter_targets: dict[int, engine.Target] = field(default_factory=dict)
    # Measured to a triwulan: that triwulan's Rencana Aksi target, shown beside the year's.
    shown_quarter_target: engine.Target | None = None

    @property
    def target_differs(self) -> bool:
        """Measured against a PK target other than the IKU document's."""
        return self.agreed and self.target != self.iku_target

    @property
    def lineage_id(self) -> int:
        return self.indicator.lineage_id

    @property
    def is_yearly(self) -> bool:
        return self.kind == Realisasi.Kind.YEAR

    @property
    def to_date_label(self) -> str:
        """'s.d. Triwulan II': how far a year not yet complete is measured."""
        return to_date_label(self.kind, self.to_date) if self.to_date else ""

    @property
    def periods(self) -> list[tuple[int, Realisasi | None]]:
        return [(n, self.figures.get(n)) for n in range(1, self.count + 1)]

    @property
    def realisasi(self) -> Decimal | None:
        """The year's realisasi: a yearly IKU's own figure; of periods, the figure their
        tipe perhitungan makes of them (kumulatif the sum, rata-rata the mean, akhir periode
        the last filled), the one the capaian measures."""
        values = [f.value for _n, f in sorted(self.figures.items())]
        return engine.year_realisasi(values, self.indicator.calculation_type)

    @property
    def year_value(self) -> str:
        figure = self.figures.get(1)
        return format_number(figure.value) if figure and figure.value is not None else "—"

    @property
    def period_values(self) -> list[tuple[int, str]]:
        return [
            (n, format_number(f.value) if f and f.value is not None else "—")
            for n, f in self.periods
        ]

    @property
    def filled(self) -> bool:
        """Every period of the year has its figure: a year measured only to date is not yet
        complete (the ranking's completeness counts it so)."""
        return sum(1 for f in self.figures.values() if f.value is not None) >= self.count


def _own_target(figure: Realisasi | None) -> engine.Target | None:
    if figure is None or figure.target_value is None:
        return None
    return engine.Target(figure.target_value, figure.target_upper)


def bands_by_unit(units) -> dict[int, tuple]:
    """{unit id: predicate bands} from each unit's top unit (its pemda), the default bands where
    the pemda set none: two queries for any number of units (one when all are top units)."""
    units = list(units)
    # A unit without a parent is its own top unit: asked about only the others.
    roots = {u.pk: u.pk for u in units if "parent_id" in vars(u) and u.parent_id is None}
    below = [u.pk for u in units if u.pk not in roots]
    if below:
        roots.update(OrganizationUnit.objects.filter(pk__in=below).top_unit_ids())
    bands: dict[int, list] = {}
    # By the unit's id, not its name (the model's ordering would join the units for it).
    for band in PredicateBand.objects.filter(unit_id__in=set(roots.values())).order_by(
        "unit_id", "-minimum"
    ):
        bands.setdefault(band.unit_id, []).append(
            engine.Band(band.minimum, band.label, band.colour, band.symbol)
        )
    return {
        unit_id: tuple(bands[root]) if root in bands else engine.DEFAULT_BANDS
        for unit_id, root in roots.items()
    }


def _period_target(row: Row, number: int, figure: Realisasi | None) -> engine.Target | None:
    """A period's own target: the Rencana Aksi's for a triwulan where it has one, else the one
    typed with the figure (None: the year's target is used, as the engine says)."""
    if row.kind == Realisasi.Kind.QUARTER and number in row.quarter_targets:
        return row.quarter_targets[number]
    return _own_target(figure)


def measure(rows: list[Row], until: int | None = None, bands=engine.DEFAULT_BANDS) -> None:
    """Compute each row's capaian (up to reporting period `until`, or the whole year)."""
    for row in rows:
        if row.kind == Realisasi.Kind.YEAR:
            figure = row.figures.get(1)
            if until:  # a yearly IKU has no figure before the year is over
                row.result = engine.Result(None, [], "")
            else:
                row.result = engine.capaian(
                    figure.value if figure else None, row.target, row.indicator.direction
                )
        else:
            periods = []
            for number in range(1, row.count + 1):
                if until and reporting_number(row.kind, number) > until:
                    break
                figure = row.figures.get(number)
                periods.append(
                    engine.PeriodFigure(
                        figure.value if figure else None, _period_target(row, number, figure)
                    )
                )
            if until and row.kind == Realisasi.Kind.QUARTER:
                row.shown_quarter_target = row.quarter_targets.get(until)
            if until:  # the year's target spread over the whole year, not the part so far
                periods += [engine.PeriodFigure(None)] * (row.count - len(periods))
            row.result = engine.roll_up(
                periods, row.target, row.indicator.calculation_type, row.indicator.direction
            )
            filled = [n for n, f in row.figures.items() if f.value is not None]
            if not until and filled and len(filled) < row.count:
                # Not every period filled: the year is measured to date, never as final.
                row.to_date = max(filled)
                row.year_progress = engine.capaian(
                    row.realisasi, row.target, row.indicator.direction
                )
        row.band = engine.predicate(row.result.percent, bands)


def _rows_for(documents: list[IKUDocument], year: int) -> dict[int, list[Row]]:
    """{document id: rows} for documents measuring `year`: three queries for any number (the
    IKU with their target of the year, the figures, the PK's targets)."""
    # In the order the document prints them: by tujuan (sasaran without one last), sasaran, IKU.
    of_the_year = YearlyTarget.objects.filter(indicator_id=OuterRef("pk"), year=year).order_by()
    indicators = list(
        Indicator.objects.filter(document_id__in=[d.pk for d in documents])
        .select_related("strategic_target")
        .annotate(
            year_target=Subquery(of_the_year.values("value")[:1]),
            year_target_upper=Subquery(of_the_year.values("value_upper")[:1]),
        )
        .order_by(
            "document_id",
            F("strategic_target__goal__order").asc(nulls_last=True),
            "strategic_target__goal_id",
            "strategic_target__order",
            "strategic_target_id",
            "order",
            "id",
        )
    )
    lineages = {i.lineage_id for i in indicators}
    figures: dict[tuple[int, str], dict[int, Realisasi]] = {}
    for figure in Realisasi.objects.filter(indicator_id__in=lineages, year=year).order_by():
        figures.setdefault((figure.indicator_id, figure.kind), {})[figure.number] = figure
    agreed = agreed_targets({d.unit_id for d in documents}, year)
    units = {d.pk: d.unit_id for d in documents}
    rows: dict[int, list[Row]] = {d.pk: [] for d in documents}
    for indicator in indicators:
        kind, count = periods_of(indicator)
        # Figures of the IKU's present frekuensi (a revision may have changed it).
        own = figures.get((indicator.lineage_id, kind), {})
        target = (
            None
            if indicator.year_target is None
            else engine.Target(indicator.year_target, indicator.year_target_upper)
        )
        row = Row(indicator, kind, count, target, own)
        _agree(row, agreed.get(units[indicator.document_id]))
        rows[indicator.document_id].append(row)
    return rows


def _agree(row: Row, agreed: AgreedTargets | None) -> None:
    """Measure the row against its unit's signed PK where it has a target for the IKU, and its
    quarters against the adopted Rencana Aksi's; the IKU document's target kept beside."""
    row.iku_target = row.target
    if agreed is None:
        return
    lineage = row.lineage_id
    if lineage in agreed.year:
        row.target, row.agreed = engine.Target(*agreed.year[lineage]), True
    row.quarter_targets = {
        quarter: engine.Target(*bounds)
        for quarter, bounds in agreed.quarters.get(lineage, {}).items()
    }


def plan_quarter_target(indicator: Indicator, year: int, number: int) -> engine.Target | None:
    """The adopted Rencana Aksi's target for one triwulan of a quarterly IKU, if it has one
    (then it is what the quarter is measured against, not a target typed with the figure)."""
    if periods_of(indicator)[0] != Realisasi.Kind.QUARTER:
        return None
    unit_id = indicator.document.unit_id
    agreed = agreed_targets([unit_id], year).get(unit_id)
    quarter = agreed.quarters.get(indicator.lineage_id, {}).get(number) if agreed else None
    return engine.Target(*quarter) if quarter else None


def unit_year(unit, year: int, until: int | None = None, bands=None):
    """(document in force, rows, reporting periods by number) for a unit and year: six queries
    however many IKU and figures there are."""
    document = document_in_force(unit, year)
    periods = {p.number: p for p in ReportingPeriod.objects.filter(unit=unit, year=year)}
    if document is None:
        return None, [], periods
    rows = _rows_for([document], year)[document.pk]
    measure(rows, until, bands or bands_by_unit([unit])[unit.pk])
    return document, rows, periods


def measured_by_indicator(documents, year: int, bands=None) -> dict[int, Row]:
    """{IKU id: its row measured for the whole of `year`} for the IKU of signed `documents`
    (anything with `pk` and `unit_id`; with their `unit` unless `bands` are given, the
    predicate bands of them all), as the measuring pages compute it (the PK's targets where
    signed, each unit's predicate bands): a fixed number of queries however many documents."""
    documents = list(documents)
    rows = _rows_for(documents, year)
    if bands is None:
        by_unit = bands_by_unit([d.unit for d in documents]) if documents else {}
    measured = {}
    for document in documents:
        measure(rows[document.pk], bands=by_unit[document.unit_id] if bands is None else bands)
        measured.update((row.indicator.pk, row) for row in rows[document.pk])
    return measured


@dataclass
class Standing:
    """Where a unit stands in a year: average capaian, completeness, lateness."""

    unit: object
    document_id: int | None
    average: Decimal | None
    filled: int
    total: int
    status: str | None
    overdue: bool
    bands: tuple = engine.DEFAULT_BANDS
    band: engine.Band | None = None
    rank: int | None = None  # None: no figures, not ranked

    @property
    def complete(self) -> bool:
        """Every IKU of the year has its figure (RANKED_COMPLETENESS)."""
        return self.completeness >= RANKED_COMPLETENESS

    def __post_init__(self):
        self.band = engine.predicate(self.average, self.bands)

    @property
    def status_display(self) -> str:
        return dict(ReportingPeriod.Status.choices).get(self.status, "")

    @property
    def completeness(self) -> int:
        return round(100 * self.filled / self.total) if self.total else 0

    @property
    def average_display(self) -> str:
        return engine.pct(self.average) if self.average is not None else "—"


def compute_standings(units, year: int) -> dict[int, tuple]:
    """{unit id: (document in force, average capaian, IKU with figures, IKU)} computed from the
    figures: a fixed number of queries however many units there are."""
    units = list(units)
    in_force = documents_in_force(units, year)
    rows = _rows_for(list(in_force.values()), year)
    result = {}
    for unit in units:
        document = in_force.get(unit.pk)
        unit_rows = rows.get(document.pk, []) if document else []
        measure(unit_rows)
        percents = [r.result.percent for r in unit_rows if r.result.percent is not None]
        average = sum(percents, Decimal(0)) / len(percents) if percents else None
        result[unit.pk] = (document, average, sum(1 for r in unit_rows if r.filled), len(unit_rows))
    return result


def first_submissions(units, year: int, number: int) -> dict[int, object]:
    """{unit id: date} on which each unit first submitted the period's figures."""
    rows = (
        PeriodTransition.objects.filter(
            period__unit__in=units,
            period__year=year,
            period__number=number,
            to_status=ReportingPeriod.Status.SUBMITTED,
        )
        .values("period__unit_id")
        .annotate(first=Min("created_at"))
    )
    return {r["period__unit_id"]: timezone.localtime(r["first"]).date() for r in rows}


def is_late(deadline, first_submitted, today) -> bool:
    """Late: the due date has passed, and the figures were not submitted by then."""
    if deadline is None or deadline.due >= today:
        return False
    return first_submitted is None or first_submitted > deadline.due


def kept_standings(*, user, year: int):
    """The standings kept for `year` of the units the user oversees (every unit for the admin:
    no filter at all, so that the ranking reads its page straight off its index)."""
    standings = YearStanding.objects.filter(year=year)
    if user.is_superuser:
        return standings
    return standings.filter(unit__in=units_overseen(user=user).values("pk"))


def standings_by_level(standings, *, user, job) -> dict[str, int]:
    """{level: how many of the `standings` are kept at it}: for the admin, the counts the worker
    keeps on the year's finished `job` (StandingsJob); for others, counted (their units)."""
    if user.is_superuser and job.finished_at is not None and job.counts:
        return job.counts
    return dict(standings.order_by().values_list("level").annotate(n=Count("pk")))


# The ranking's order (`ranked` states the rule): complete units first, then the average as
# shown, best first; units without capaian last; names within a tie. Served by the index
# `standing_rank_order`, so a page is the first rows of an index scan.
RANK_KEY = [F("complete").desc(), F("ranked").desc(), F("shown").desc()]
ORDERS = {
    "capaian": [*RANK_KEY, "unit_name", "unit_id"],
    "kelengkapan": ["-completeness", "unit_name", "unit_id"],
}


def ranking_page(
    standings, *, counts: dict[str, int], level: str, query: str, order: str, number, year, today
):
    """One page (50) of the ranking of the kept `standings` at `level`, each a Standing with its
    rank (ties shared; by average capaian whatever the order shown); `counts` from
    `standings_by_level`. A fixed number of queries; in the ranking's own order the rows read
    are the page's (and those before it), however many units there are."""
    rows = standings.filter(level=level)
    if query:
        rows = rows.filter(unit_name__icontains=query)
        count = rows.count()
    else:
        count = counts.get(level, 0)
    fields = ("unit_id", "document_id", "average", "filled", "total", "complete", "shown")
    if order == "kelengkapan":
        # Another order than the ranks': each row's rank from a window over every standing.
        ordered = rows.annotate(rank=Window(Rank(), order_by=RANK_KEY)).order_by(*ORDERS[order])
        page = CountedPaginator(ordered.values_list(*fields, "rank"), 50, count=count)
        page = page.get_page(number)
        page.object_list = [(*row[:5], row[7]) for row in page.object_list]
    else:
        # In the ranks' order the page is the first rows of the index `standing_rank_order`: its
        # first rank counts the standings strictly before it, each next one follows (ties
        # shared: 1, 2, 2, 4). A window function would have the database sort every unit.
        page = CountedPaginator(
            rows.order_by(*ORDERS["capaian"]).values_list(*fields), 50, count=count
        )
        page = page.get_page(number)
        page.object_list = _ranks(rows, list(page.object_list), page.start_index())
    page.object_list = _standings(page.object_list, year, today)
    return page


def _ranks(rows, page_rows, start: int) -> list[tuple]:
    """(unit id, document id, average, filled, total, rank) of the rows of one page in the
    ranks' order, the first at position `start`; one count for the first rank."""
    ranked, previous_key, previous_rank = [], None, None
    for position, (*row, complete, shown) in enumerate(page_rows, start=start):
        key = (complete, shown)
        if shown is None:
            rank = None
        elif previous_key is None:
            before = Q(complete=True, shown__gt=shown) if complete else Q(complete=True)
            if not complete:
                before |= Q(complete=False, ranked=True, shown__gt=shown)
            rank = rows.filter(before).count() + 1
        else:
            rank = previous_rank if key == previous_key else position
        ranked.append((*row, rank))
        previous_key, previous_rank = key, rank
    return ranked


def _standings(rows, year: int, today) -> list[Standing]:
    """Standings of the kept rows (unit id, document id, average, filled, total, rank) of one
    page: their units, the year's statuses, lateness and predicate bands, in six queries."""
    ids = [row[0] for row in rows]
    units = OrganizationUnit.objects.select_related("parent").only("pk", "name", "parent__name")
    units = units.in_bulk(ids)
    statuses = dict(
        ReportingPeriod.objects.filter(unit__in=ids, year=year, number=0).values_list(
            "unit_id", "status"
        )
    )
    deadline = Deadline.objects.filter(year=year, number=0).first()
    submitted = first_submissions(ids, year, 0) if deadline else {}
    bands = bands_by_unit(list(units.values()))
    standings = []
    for unit_id, document_id, average, filled, total, rank in rows:
        if unit_id not in units:  # removed meanwhile
            continue
        standing = Standing(
            units[unit_id],
            document_id,
            average,
            filled,
            total,
            statuses.get(unit_id),
            bool(document_id) and is_late(deadline, submitted.get(unit_id), today),
            bands[unit_id],
        )
        standing.rank = rank if average is not None else None
        standings.append(standing)
    return standings


# The stated rule of the ranking: only units with figures are ranked; those whose figures are
# complete (every IKU filled) come first, those below it after them, marked; equal averages
# (to two decimals, as shown) share a rank; units without figures are listed apart.
RANKED_COMPLETENESS = 100


def ranked(standings: list[Standing]) -> list[Standing]:
    """The standings in ranking order, each with its rank (ties shared: 1, 2, 2, 4)."""

    def shown(standing):
        return None if standing.average is None else round(standing.average, 2)

    with_figures = sorted(
        (s for s in standings if s.average is not None),
        key=lambda s: (not s.complete, -shown(s), s.unit.name),
    )
    previous_rank, previous_key = None, None
    for position, standing in enumerate(with_figures, start=1):
        key = (standing.complete, shown(standing))
        standing.rank = previous_rank if key == previous_key else position
        previous_rank, previous_key = standing.rank, key
    without = sorted((s for s in standings if s.average is None), key=lambda s: s.unit.name)
    return with_figures + without


# The levels of the unit tree a ranking compares (never a bidang beside a province).
LEVELS = {
    "pemda": Q(parent__isnull=True),
    "opd": Q(parent__isnull=False, parent__parent__isnull=True),
    "bidang": Q(parent__parent__isnull=False),
}


def ranking_level(counts: dict[str, int], chosen: str) -> str:
    """The level ranked: the one chosen, else the level holding most of the units (`counts`,
    from `standings_by_level`; the OPD while none is known)."""
    if chosen in LEVELS:
        return chosen
    return max(LEVELS, key=lambda name: (counts.get(name, 0), name == "opd"))


def waiting_for(user) -> list[ReportingPeriod]:
    """Reporting periods submitted in the units the user heads: what waits for their approval."""
    headed = [unit for unit, role in unit_roles(user).items() if role == Membership.Role.KEPALA]
    return list(
        ReportingPeriod.objects.filter(unit_id__in=headed, status=ReportingPeriod.Status.SUBMITTED)
        .select_related("unit")
        .order_by("year", "number")
    )


def returned_to(user) -> list[ReportingPeriod]:
    """Reporting periods returned to (or reopened for) the staf of the units the user is staf
    of, with the reason: what waits for them to correct."""
    staffed = [unit for unit, role in unit_roles(user).items() if role == Membership.Role.STAF]
    return list(
        ReportingPeriod.objects.filter(unit_id__in=staffed, status=ReportingPeriod.Status.DRAFT)
        .exclude(returned_reason="")
        .select_related("unit")
        .order_by("year", "number")
    )


def period_or_new(unit, year: int, number: int) -> ReportingPeriod:
    """The reporting period, or an unsaved open one (nothing is written on reading)."""
    return ReportingPeriod.objects.filter(unit=unit, year=year, number=number).first() or (
        ReportingPeriod(unit=unit, year=year, number=number)
    )


def trends(unit, document, year: int, rows: list[Row]) -> dict:
    """{lineage id: small SVG line} of each IKU's capaian over the document's years up to
    `year`: one unit_year per year of the period (at most ten), whatever the number of IKU."""
    years = range(document.period_start, year + 1)
    by_year = {}
    for each in years:
        _document, year_rows, _periods = (
            unit_year(unit, each, bands=engine.DEFAULT_BANDS)  # only the percent is drawn
            if each != year
            else (document, rows, {})
        )
        by_year[each] = {r.lineage_id: r.result.percent for r in year_rows}
    return {
        row.lineage_id: trend([(each, by_year[each].get(row.lineage_id)) for each in years])
        for row in rows
    }
