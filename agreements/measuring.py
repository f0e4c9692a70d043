"""What measuring reads of the Perjanjian Kinerja (performance imports this; nothing here
imports performance).

Where a unit has a signed PK for a year, the year is measured against the PK's targets: the
target agreed for each IKU in it, matched by the IKU's lineage (so an IKU carried into a
Perubahan of the IKU document keeps its PK target). An IKU left out of the PK, or given no
target there, is measured against the IKU document's target as before. Of a PK Perubahan
signed later the latest signed revision counts (the one it superseded is no longer signed).

Where that PK has an adopted Rencana Aksi, a quarter is measured against the Rencana Aksi's
target for it. A draft plan is not measured against.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from agreements.models import (
    ActionPlan,
    AgreementIndicator,
    PerformanceAgreement,
    QuarterlyTarget,
)

Bounds = tuple[Decimal, Decimal | None]


@dataclass
class AgreedTargets:
    """A unit's signed PK of a year: {IKU lineage id: target} for the year, and
    {IKU lineage id: {triwulan: target}} from its adopted Rencana Aksi."""

    agreement: PerformanceAgreement
    year: dict[int, Bounds] = field(default_factory=dict)
    quarters: dict[int, dict[int, Bounds]] = field(default_factory=dict)
    has_plan: bool = False


def agreed_targets(unit_ids, year: int) -> dict[int, AgreedTargets]:
    """{unit id: AgreedTargets} for the units with a signed PK of `year`: three queries for any
    number of units."""
    by_unit: dict[int, AgreedTargets] = {}
    for agreement in PerformanceAgreement.objects.filter(
        unit_id__in=list(unit_ids), year=year, status=PerformanceAgreement.Status.SIGNED
    ).order_by("unit_id", "revision"):
        by_unit[agreement.unit_id] = AgreedTargets(agreement)  # the latest revision wins
    if not by_unit:
        return {}
    by_agreement = {agreed.agreement.pk: agreed for agreed in by_unit.values()}
    for agreement_id, iku_id, origin_id, value, upper in AgreementIndicator.objects.filter(
        agreement_id__in=by_agreement,
        indicator__isnull=False,
        left_out=False,
        target_value__isnull=False,
    ).values_list(
        "agreement_id", "indicator_id", "indicator__origin_id", "target_value", "target_value_upper"
    ):
        by_agreement[agreement_id].year[origin_id or iku_id] = (value, upper)
    for agreement_id, iku_id, origin_id, quarter, value, upper in QuarterlyTarget.objects.filter(
        plan__agreement_id__in=by_agreement,
        plan__status=ActionPlan.Status.ADOPTED,
        indicator__indicator__isnull=False,
        indicator__left_out=False,
    ).values_list(
        "plan__agreement_id",
        "indicator__indicator_id",
        "indicator__indicator__origin_id",
        "quarter",
        "value",
        "value_upper",
    ):
        agreed = by_agreement[agreement_id]
        agreed.has_plan = True
        agreed.quarters.setdefault(origin_id or iku_id, {})[quarter] = (value, upper)
    return by_unit


def agreement_measured(unit, year: int) -> PerformanceAgreement | None:
    """The signed PK a unit's year is measured against, with its Rencana Aksi if it has one
    (`action_plan`), or None: one query."""
    return (
        PerformanceAgreement.objects.filter(
            unit=unit, year=year, status=PerformanceAgreement.Status.SIGNED
        )
        .select_related("action_plan")
        .order_by("-revision")
        .first()
    )
