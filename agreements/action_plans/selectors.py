"""Reads of a Rencana Aksi: every sasaran and indicator of its PK with the triwulan targets,
the sum of a kumulatif IKU's quarters against its year, and the activities. Four queries
however many indicators and activities; nothing written."""

from dataclasses import dataclass, field

from agreements.action_plans.quarters import QuarterSum, quarter_sum
from agreements.models import QUARTER_LABELS, QUARTERS, ActionPlan, AgreementTarget
from indicators.models import Indicator


@dataclass
class PlanIndicator:
    """An indicator of the PK as the plan shows it."""

    indicator: object  # AgreementIndicator, with its IKU
    quarters: dict = field(default_factory=dict)  # {1–4: QuarterlyTarget}
    activities: list = field(default_factory=list)
    total: QuarterSum | None = None

    @property
    def quarter_cells(self) -> list:
        """[(label, QuarterlyTarget or None)] for TW I–IV."""
        return [(QUARTER_LABELS[q], self.quarters.get(q)) for q in QUARTERS]

    @property
    def warning(self) -> str:
        return self.total.message() if self.total else ""

    @property
    def reported_otherwise(self) -> str:
        """How its IKU is reported when not each triwulan (its triwulan targets then measure
        nothing on the Kinerja page), else ""."""
        iku = self.indicator.indicator
        if iku is None or iku.frequency == Indicator.Frequency.QUARTERLY:
            return ""
        return iku.get_frequency_display()


@dataclass
class PlanContent:
    targets: list[tuple[AgreementTarget, list[PlanIndicator]]]

    @property
    def indicators(self) -> list[PlanIndicator]:
        return [row for _target, rows in self.targets for row in rows]

    @property
    def warnings(self) -> list[tuple[PlanIndicator, str]]:
        return [(row, row.warning) for row in self.indicators if row.warning]


def action_plan_content(*, plan: ActionPlan) -> PlanContent:
    """The plan's rows in the PK's order; an IKU left out of the PK is not planned."""
    agreement = plan.agreement
    targets = list(agreement.targets.all())
    rows: dict[int, PlanIndicator] = {}
    by_target: dict[int, list[PlanIndicator]] = {t.pk: [] for t in targets}
    for indicator in (
        agreement.indicators.filter(left_out=False)
        .select_related("indicator")
        .order_by("order", "id")
    ):
        rows[indicator.pk] = PlanIndicator(indicator)
        by_target[indicator.target_id].append(rows[indicator.pk])
    for quarter in plan.quarter_targets.all():
        if quarter.indicator_id in rows:
            rows[quarter.indicator_id].quarters[quarter.quarter] = quarter
    for activity in plan.activities.all():
        if activity.indicator_id in rows:
            rows[activity.indicator_id].activities.append(activity)
    for row in rows.values():
        row.total = quarter_sum(
            row.indicator, {q: (t.value, t.value_upper) for q, t in row.quarters.items()}
        )
    return PlanContent([(t, by_target[t.pk]) for t in targets if by_target[t.pk]])
