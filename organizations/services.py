"""Writes on units and their functions."""

from django.db import transaction
from django.db.models import Max

from .models import Function, Official, OrganizationUnit


@transaction.atomic
def unit_update(*, unit: OrganizationUnit) -> OrganizationUnit:
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def function_save(*, function: Function) -> Function:
    if function.pk is None:
        function.order = (
            Function.objects.filter(unit=function.unit).aggregate(m=Max("order"))["m"] or 0
        ) + 1
    function.full_clean()
    function.save()
    return function


@transaction.atomic
def function_move(*, function: Function, direction: str) -> None:
    ordered = list(Function.objects.filter(unit=function.unit).order_by("order", "id"))
    index = next(i for i, f in enumerate(ordered) if f.pk == function.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered, start=1):
        if item.order != position:
            Function.objects.filter(pk=item.pk).update(order=position)


@transaction.atomic
def official_save(*, official: Official) -> Official:
    official.full_clean()
    official.save()
    return official
