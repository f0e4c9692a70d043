"""Writes that carry rules. Views call these; these call full_clean() before saving."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils.translation import gettext as _

from core.locking import claim_version
from core.numbers import Range, bounds
from core.ordering import move_in_order
from indicators.models import (
    Goal,
    GoalIndicator,
    IKUDocument,
    Indicator,
    StrategicTarget,
    YearlyTarget,
)
from indicators.tree.numbering import assign_codes


def _next_order(queryset) -> int:
    return (queryset.aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def strategic_target_save(*, target: StrategicTarget, version: int | None) -> StrategicTarget:
    claim_version(target, version)
    if target.pk is None:
        target.order = _next_order(
            StrategicTarget.objects.filter(document=target.document, goal=target.goal)
        )
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def indicator_save(
    *,
    indicator: Indicator,
    targets: dict[int, "Decimal | Range | None"],
    version: int | None,
) -> Indicator:
    """Save an indicator and its yearly targets (a None value removes that year's target; a
    Range is a range target such as 80–90)."""
    claim_version(indicator, version)
    if indicator.pk is None:
        indicator.order = _next_order(
            Indicator.objects.filter(strategic_target=indicator.strategic_target)
        )
    indicator.full_clean()
    indicator.save()
    existing = {t.year: t for t in indicator.targets.all()}
    for year, value in targets.items():
        if value is None:
            if year in existing:
                existing[year].delete()
            continue
        low, upper = bounds(value)
        target = existing.get(year) or YearlyTarget(indicator=indicator, year=year)
        if target.pk and target.value == low and target.value_upper == upper:
            continue
        target.value, target.value_upper = low, upper
        target.full_clean()
        target.save()
    return indicator


@transaction.atomic
def item_move(*, item, direction: str) -> bool:
    """Swap an item (tujuan, sasaran or IKU) with its neighbour among its siblings; False
    when it is already the first (moved up) or the last (down)."""
    if isinstance(item, Indicator):
        siblings = Indicator.objects.filter(strategic_target=item.strategic_target)
    elif isinstance(item, Goal):
        siblings = Goal.objects.filter(document=item.document)
    else:
        siblings = StrategicTarget.objects.filter(document=item.document, goal=item.goal)
    return move_in_order(siblings, item, direction)


@transaction.atomic
def goal_save(*, goal: Goal, indicator_texts: list[str], version: int | None) -> Goal:
    """Save a tujuan with its indikator tujuan (one text each, in order)."""
    claim_version(goal, version)
    if goal.pk is None:
        goal.order = _next_order(Goal.objects.filter(document=goal.document))
    goal.full_clean()
    goal.save()
    existing = list(goal.indicators.all())
    for order, text in enumerate(indicator_texts):
        item = existing[order] if order < len(existing) else GoalIndicator(goal=goal)
        if item.pk and item.text == text and item.order == order:
            continue
        item.text, item.order = text, order
        item.full_clean()
        item.save()
    for item in existing[len(indicator_texts) :]:
        item.delete()
    return goal


@transaction.atomic
def document_create(*, document: IKUDocument, user) -> IKUDocument:
    document.created_by = user
    if not document.signature_place:
        document.signature_place = document.unit.seat_city
    if document.signatory_id is None:
        document.signatory = document.unit.officials.head()
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def document_copy(*, source: IKUDocument, document: IKUDocument, user) -> IKUDocument:
    """A new document with the whole tree of `source`; targets outside the new period are
    left out."""
    document_create(document=document, user=user)
    goals = {}
    for goal in source.goals.prefetch_related("indicators"):
        old_pk = goal.pk
        copy = Goal.objects.create(
            document=document, order=goal.order, code=goal.code, text=goal.text
        )
        goals[old_pk] = copy
        GoalIndicator.objects.bulk_create(
            GoalIndicator(goal=copy, order=gi.order, text=gi.text) for gi in goal.indicators.all()
        )
    targets = {}
    for target in source.strategic_targets.all():
        old_pk = target.pk
        targets[old_pk] = StrategicTarget.objects.create(
            document=document,
            goal=goals.get(target.goal_id),
            order=target.order,
            code=target.code,
            text=target.text,
            # Its link to the upper sasaran goes with it (a link to a sasaran since superseded
            # is then shown as needing relinking), and its lineage, by which one is proposed.
            supports_id=target.supports_id,
            origin_id=target.lineage_id,
        )
    years = range(document.period_start, document.period_end + 1)
    for indicator in source.indicators.prefetch_related("targets"):  # its link goes with it
        yearly = [t for t in indicator.targets.all() if t.year in years]
        indicator.origin_id = indicator.lineage_id  # the copy carries the IKU's lineage
        indicator.pk = indicator.id = None
        indicator._state.adding = True
        indicator.document = document
        indicator.strategic_target = targets[indicator.strategic_target_id]
        indicator.version = 0
        indicator.save()
        YearlyTarget.objects.bulk_create(
            YearlyTarget(indicator=indicator, year=t.year, value=t.value, value_upper=t.value_upper)
            for t in yearly
        )
    return document


@transaction.atomic
def document_update(*, document: IKUDocument, version: int | None) -> IKUDocument:
    """Save a document's settings. A period may not shrink past targets already set."""
    claim_version(document, version)
    document.full_clean()
    outside = sorted(
        set(
            YearlyTarget.objects.filter(indicator__document=document)
            .exclude(year__range=(document.period_start, document.period_end))
            .values_list("year", flat=True)
        )
    )
    if outside:
        raise ValidationError(
            _("Targets exist for years outside the new period: %(years)s. Remove them first.")
            % {"years": ", ".join(map(str, outside))}
        )
    document.save()
    return document


def limit_warnings(document: IKUDocument) -> list[str]:
    """What breaks the unit's own limits (at most N IKU per sasaran, M per document)."""
    unit = document.unit
    per_target, per_document = unit.max_iku_per_target, unit.max_iku_per_document
    if per_target is None and per_document is None:
        return []
    counts = {
        row["strategic_target"]: row["n"]
        for row in Indicator.objects.filter(document=document)
        .values("strategic_target")
        .annotate(n=Count("id"))
    }
    warnings = []
    if per_target is not None:
        goals, targets = list(document.goals.all()), list(document.strategic_targets.all())
        assign_codes(goals, targets, [])
        for target in targets:
            if counts.get(target.pk, 0) > per_target:
                warnings.append(
                    _("Strategic target %(code)s has %(n)s IKU; the unit allows at most %(max)s.")
                    % {"code": target.display_code, "n": counts[target.pk], "max": per_target}
                )
    total = sum(counts.values())
    if per_document is not None and total > per_document:
        warnings.append(
            _("The document has %(n)s IKU; the unit allows at most %(max)s.")
            % {"n": total, "max": per_document}
        )
    return warnings


@transaction.atomic
def item_delete(*, item) -> None:
    """Delete a tujuan, sasaran or IKU and everything under it (refused in a frozen document
    by the model's guard)."""
    item.delete()
