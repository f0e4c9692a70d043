"""Writes that carry rules. Views call these; these call full_clean() before saving."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from .models import IKUDocument, Indicator, StrategicTarget, YearlyTarget


def _next_order(queryset) -> int:
    return (queryset.aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def strategic_target_save(*, target: StrategicTarget) -> StrategicTarget:
    if target.pk is None:
        target.order = _next_order(
            StrategicTarget.objects.filter(document=target.document, goal=target.goal)
        )
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def indicator_save(*, indicator: Indicator, targets: dict[int, Decimal | None]) -> Indicator:
    """Save an indicator and its yearly targets (a None value removes that year's target)."""
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
        target = existing.get(year) or YearlyTarget(indicator=indicator, year=year)
        if target.pk and target.value == value:
            continue
        target.value = value
        target.full_clean()
        target.save()
    return indicator


@transaction.atomic
def item_move(*, item, direction: str) -> None:
    """Swap an item (sasaran or IKU) with its neighbour among its siblings."""
    if isinstance(item, Indicator):
        siblings = Indicator.objects.filter(strategic_target=item.strategic_target)
    else:
        siblings = StrategicTarget.objects.filter(document=item.document, goal=item.goal)
    ordered = list(siblings.order_by("order", "id"))
    index = next(i for i, s in enumerate(ordered) if s.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, sibling in enumerate(ordered, start=1):
        if sibling.order != position:
            type(sibling).objects.filter(pk=sibling.pk).update(order=position)


def document_touch(*, document: IKUDocument) -> None:
    """Record that the document's content changed."""
    document.save(update_fields=["updated_at"])
