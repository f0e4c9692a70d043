"""How the four triwulan targets of an indicator stand to its target for the year.

For a kumulatif IKU (`Indicator.CalculationType.CUMULATIVE`, as `performance.capaian` rolls its
quarters up: the sum of realisasi against the sum of the targets so far) the quarters are the
parts of the year: they should add up to the year's target. Quarters that add up to less, or
are not all filled yet, are kept and the page says by how much they fall short (a warning);
quarters that add up to more than the year's target are refused (nothing is saved). A range
adds up bound by bound (80–90 in four equal parts: 20–22,5 each); what exceeds the year is a
sum above its upper bound.

Any other tipe perhitungan (non-kumulatif, rata-rata, akhir periode) measures each quarter on
its own: its targets are not added up. So is an indikator kinerja lain, which has no IKU.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from core.numbers import format_value
from indicators.models import Indicator

ZERO = Decimal(0)


@dataclass(frozen=True)
class QuarterSum:
    low: Decimal
    high: Decimal
    year_low: Decimal
    year_high: Decimal

    @property
    def exceeds(self) -> bool:
        return self.high > self.year_high

    @property
    def matches(self) -> bool:
        return (self.low, self.high) == (self.year_low, self.year_high)

    @property
    def total_display(self) -> str:
        return format_value(self.low, self.high if self.high != self.low else None)

    @property
    def year_display(self) -> str:
        return format_value(
            self.year_low, self.year_high if self.year_high != self.year_low else None
        )

    @property
    def short_by(self) -> str:
        low, high = self.year_low - self.low, self.year_high - self.high
        return format_value(low, high if high != low else None)

    @property
    def over_by(self) -> str:
        return format_value(self.high - self.year_high)

    def message(self) -> str:
        """'' when the quarters add up to the year; else what the page says."""
        if self.matches:
            return ""
        if self.exceeds:
            return _(
                "The triwulan targets add up to %(total)s, more than the year's target of "
                "%(year)s (by %(over)s): for a kumulatif IKU the quarters are the parts of the "
                "year and add up to its target at most."
            ) % {"total": self.total_display, "year": self.year_display, "over": self.over_by}
        return _(
            "The triwulan targets add up to %(total)s, not to the year's target of %(year)s: "
            "%(short)s short."
        ) % {"total": self.total_display, "year": self.year_display, "short": self.short_by}


def is_cumulative(indicator) -> bool:
    """An indicator of the PK whose quarters add up to its year: a kumulatif IKU."""
    iku = indicator.indicator
    return iku is not None and iku.calculation_type == Indicator.CalculationType.CUMULATIVE


def quarter_sum(
    indicator, quarters: dict[int, tuple[Decimal, Decimal | None]]
) -> QuarterSum | None:
    """The sum of the quarters given ({quarter: (value, upper)}) against the year's target of a
    kumulatif indicator of the PK; None when they are not added up (not kumulatif, no target
    for the year, or no quarter given)."""
    if not is_cumulative(indicator) or indicator.target_value is None or not quarters:
        return None
    low = sum((value for value, _upper in quarters.values()), ZERO)
    high = sum((upper if upper is not None else value for value, upper in quarters.values()), ZERO)
    year_low = indicator.target_value
    year_high = (
        indicator.target_value_upper if indicator.target_value_upper is not None else year_low
    )
    return QuarterSum(low, high, year_low, year_high)
