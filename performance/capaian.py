"""The capaian engine: how far a realisasi reaches its target, as PermenPAN-RB 6/2022 (Bab VI)
defines it. Pure functions over Decimals; every result carries its working in words, so that
every capaian on screen can show how it was computed.

Directions
    higher is better   capaian = R / T × 100 %
    lower is better    capaian = (1 + (1 − R / T)) × 100 %, never below 0
    range target L–U   inside: 100 %; below: measured against L; above: measured against U
                       (with the formula of the IKU's direction)
    stabil             inside the range (or equal to a single target): 100 %; outside, it falls
                       by the distance to the nearer bound, relative to that bound:
                       (1 − |R − B| / B) × 100 %, never below 0

Edges (each with a defined answer and a reason the page shows)
    realisasi not filled in (None)  no capaian: "belum diisi" (0 is a value, and is measured)
    target 0                        no ratio exists: capaian 100 % if R is 0 too (met exactly);
                                    otherwise higher: 100 % if R > 0, lower: 0 % if R > 0,
                                    with the reason stated
    a negative target or bound      a ratio against it means nothing: no capaian, reason stated
    a negative realisasi            computed by the formula, then never below 0 %

Roll-up of the periods of a year (triwulan, semester or month) by tipe perhitungan
    kumulatif       the sum of realisasi so far against the sum of the targets so far
    rata-rata       the average realisasi of the filled periods against the average target
    akhir periode   the last filled period's realisasi against its target
    non-kumulatif   each period measured on its own; the year's capaian is their average
A period without its own target is measured against the year's target (kumulatif: the year's
target spread evenly over the periods).
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from core.numbers import format_fixed, format_number
from indicators.choices import Direction

HUNDRED = Decimal(100)
ZERO = Decimal(0)

HIGHER, LOWER, STABLE = Direction.HIGHER, Direction.LOWER, Direction.STABLE
CUMULATIVE, NON_CUMULATIVE, AVERAGE, LAST_PERIOD = (
    "kumulatif",
    "non_kumulatif",
    "rata_rata",
    "akhir_periode",
)


@dataclass(frozen=True)
class Target:
    """A target: one value, or a range low–high."""

    low: Decimal
    high: Decimal | None = None

    @property
    def is_range(self) -> bool:
        return self.high is not None and self.high != self.low

    def __str__(self) -> str:
        if self.is_range:
            return f"{format_number(self.low)}–{format_number(self.high)}"
        return format_number(self.low)


@dataclass
class Result:
    """A capaian in percent (exact; shown rounded to two decimals), or None with the reason."""

    percent: Decimal | None
    working: list[str] = field(default_factory=list)
    reason: str = ""

    @property
    def rounded(self) -> Decimal | None:
        if self.percent is None:
            return None
        return self.percent.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def display(self) -> str:
        return "" if self.percent is None else pct(self.percent)


def pct(value: Decimal) -> str:
    """A capaian as shown everywhere: two decimals, '115,00 %', '87,50 %'."""
    return f"{format_fixed(value, 2)} %"


def _ratio(realisasi: Decimal, bound: Decimal, direction: str) -> Result:
    """R against one bound, higher or lower is better."""
    r, b = format_number(realisasi), format_number(bound)
    if bound < 0:
        return Result(
            None,
            [],
            _("The target %(target)s is negative: a percentage of it means nothing.")
            % {"target": b},
        )
    if bound == 0:
        if realisasi == 0:
            return Result(HUNDRED, [_("Target 0 and realisasi 0: met exactly, 100 %.")])
        if direction == LOWER:
            percent = HUNDRED if realisasi < 0 else ZERO
        else:
            percent = HUNDRED if realisasi > 0 else ZERO
        return Result(
            percent,
            [
                _(
                    "The target is 0, so no ratio exists: realisasi %(r)s %(verdict)s it, "
                    "capaian %(percent)s."
                )
                % {
                    "r": r,
                    "verdict": _("meets") if percent == HUNDRED else _("does not meet"),
                    "percent": pct(percent),
                }
            ],
        )
    if direction == LOWER:
        raw = (2 - realisasi / bound) * HUNDRED
        working = [
            _("Lower is better: (1 + (1 − %(r)s / %(t)s)) × 100 %% = %(raw)s")
            % {"r": r, "t": b, "raw": pct(raw)}
        ]
    else:
        raw = realisasi / bound * HUNDRED
        working = [_("%(r)s / %(t)s × 100 %% = %(raw)s") % {"r": r, "t": b, "raw": pct(raw)}]
    if raw < 0:
        working.append(_("A capaian is never below 0 %: 0 %."))
        raw = ZERO
    return Result(raw, working)


def capaian(realisasi: Decimal | None, target: Target | None, direction: str) -> Result:
    """The capaian of one realisasi against one target."""
    if realisasi is None:
        return Result(None, [], _("No realisasi yet."))
    if target is None:
        return Result(None, [], _("No target for this period."))
    if target.low < 0 or (target.high is not None and target.high < 0):
        return Result(
            None,
            [],
            _("The target %(target)s is negative: a percentage of it means nothing.")
            % {"target": str(target)},
        )
    low, high = target.low, target.high if target.high is not None else target.low
    if low > high:
        low, high = high, low
    r = format_number(realisasi)
    if direction == STABLE:
        if low <= realisasi <= high:
            return Result(
                HUNDRED,
                [_("Stable: %(r)s lies within %(t)s, 100 %%.") % {"r": r, "t": str(target)}],
            )
        bound = low if realisasi < low else high
        if bound == 0:
            return Result(ZERO, [_("Stable: the target is 0 and %(r)s is not, 0 %%.") % {"r": r}])
        distance = abs(realisasi - bound)
        raw = (1 - distance / bound) * HUNDRED
        working = [
            _(
                "Stable: %(r)s lies %(d)s from the nearer bound %(b)s: "
                "(1 − %(d)s / %(b)s) × 100 %% = %(raw)s"
            )
            % {"r": r, "d": format_number(distance), "b": format_number(bound), "raw": pct(raw)}
        ]
        if raw < 0:
            working.append(_("A capaian is never below 0 %: 0 %."))
            raw = ZERO
        return Result(raw, working)
    if target.is_range:
        if low <= realisasi <= high:
            return Result(
                HUNDRED,
                [_("%(r)s lies within the range %(t)s: 100 %%.") % {"r": r, "t": str(target)}],
            )
        bound = low if realisasi < low else high
        note = (
            _("%(r)s is below the range %(t)s: measured against its lower bound %(b)s.")
            if realisasi < low
            else _("%(r)s is above the range %(t)s: measured against its upper bound %(b)s.")
        ) % {"r": r, "t": str(target), "b": format_number(bound)}
        result = _ratio(realisasi, bound, direction)
        result.working.insert(0, note)
        return result
    return _ratio(realisasi, low, direction)


@dataclass(frozen=True)
class PeriodFigure:
    """One period of a year (a triwulan, semester or month): its realisasi (None: not filled
    in) and its own target if it has one."""

    realisasi: Decimal | None
    target: Target | None = None


def roll_up(
    periods: list[PeriodFigure],
    year_target: Target | None,
    calculation_type: str,
    direction: str,
) -> Result:
    """The capaian of a year so far from its periods, by the IKU's tipe perhitungan."""
    filled = [(i, p) for i, p in enumerate(periods) if p.realisasi is not None]
    if not filled:
        return Result(None, [], _("No realisasi yet."))
    count = len(periods)

    def target_of(index: int, period: PeriodFigure) -> Target | None:
        return period.target or year_target

    if calculation_type == CUMULATIVE:
        if year_target is None and any(p.target is None for _i, p in filled):
            return Result(None, [], _("No target for this period."))
        total_r = sum((p.realisasi for _i, p in filled), ZERO)
        last = filled[-1][0]
        total_low = total_high = ZERO
        for i in range(last + 1):
            own = periods[i].target
            if own is not None:
                total_low += own.low
                total_high += own.high if own.high is not None else own.low
            else:
                total_low += year_target.low / count
                high = year_target.high if year_target.high is not None else year_target.low
                total_high += high / count
        target = Target(total_low, total_high if total_high != total_low else None)
        result = capaian(total_r, target, direction)
        result.working.insert(
            0,
            _(
                "Cumulative: the sum of realisasi of periods 1–%(n)s is %(r)s, "
                "against the sum of their targets %(t)s."
            )
            % {"n": last + 1, "r": format_number(total_r), "t": str(_rounded_target(target))},
        )
        return result
    if calculation_type == AVERAGE:
        values = [p.realisasi for _i, p in filled]
        targets = [target_of(i, p) for i, p in filled]
        if any(t is None for t in targets):
            return Result(None, [], _("No target for this period."))
        mean_r = sum(values, ZERO) / len(values)
        low = sum((t.low for t in targets), ZERO) / len(targets)
        high = sum((t.high if t.high is not None else t.low for t in targets), ZERO) / len(targets)
        target = Target(low, high if high != low else None)
        result = capaian(mean_r, target, direction)
        result.working.insert(
            0,
            _("Average: the mean realisasi of %(n)s filled periods is %(r)s, against %(t)s.")
            % {"n": len(values), "r": format_number(_round4(mean_r)), "t": str(target)},
        )
        return result
    if calculation_type == LAST_PERIOD:
        index, last = filled[-1]
        result = capaian(last.realisasi, target_of(index, last), direction)
        result.working.insert(
            0,
            _("End of period: the last filled period (%(n)s) counts.") % {"n": index + 1},
        )
        return result
    # Non-cumulative: each period on its own, the year is their average.
    results = [capaian(p.realisasi, target_of(i, p), direction) for i, p in filled]
    if any(r.percent is None for r in results):
        return next(r for r in results if r.percent is None)
    mean = sum((r.percent for r in results), ZERO) / len(results)
    working = [_("Non-cumulative: each period on its own, the year is their average.")]
    for (i, _p), r in zip(filled, results, strict=True):
        working.append(_("Period %(n)s: %(c)s") % {"n": i + 1, "c": r.display})
    working.append(_("Average of %(n)s periods: %(c)s") % {"n": len(results), "c": pct(mean)})
    return Result(mean, working)


def year_realisasi(values: list[Decimal | None], calculation_type: str) -> Decimal | None:
    """The year's realisasi from its periods' (None: not filled in), by tipe perhitungan, the
    figure its capaian measures: kumulatif the sum, rata-rata the mean, akhir periode (and
    non-kumulatif, whose periods each stand alone) the last filled period's."""
    filled = [value for value in values if value is not None]
    if not filled:
        return None
    if calculation_type == CUMULATIVE:
        return sum(filled, ZERO)
    if calculation_type == AVERAGE:
        return _round4(sum(filled, ZERO) / len(filled))
    return filled[-1]


def _round4(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def _rounded_target(target: Target) -> Target:
    return Target(_round4(target.low), None if target.high is None else _round4(target.high))


@dataclass(frozen=True)
class Band:
    """A predicate band: capaian from `minimum` (inclusive) upwards, until the next band."""

    minimum: Decimal
    label: str
    colour: str  # a background that also reads in grey print
    pattern: str  # a second cue besides colour: a symbol printed beside the label


DEFAULT_BANDS = (
    Band(Decimal(91), "Sangat Baik", "#1b5e20", "▲▲"),
    Band(Decimal(76), "Baik", "#66bb6a", "▲"),
    Band(Decimal(66), "Cukup", "#fdd835", "●"),
    Band(Decimal(51), "Kurang", "#fb8c00", "▼"),
    Band(Decimal("-Infinity"), "Sangat Kurang", "#b71c1c", "▼▼"),
)


def predicate(percent: Decimal | None, bands=DEFAULT_BANDS) -> Band | None:
    """The band of a capaian (rounded to two decimals, as shown): ≥ 91 Sangat Baik, 76–90 Baik,
    66–75 Cukup, 51–65 Kurang, ≤ 50 Sangat Kurang by default. A capaian between two whole
    numbers (90,5) falls in the lower band: the bands start at whole numbers."""
    if percent is None:
        return None
    shown = percent.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    for band in sorted(bands, key=lambda b: b.minimum, reverse=True):
        if shown >= band.minimum:
            return band
    return None
