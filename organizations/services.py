"""Writes on units and their functions."""

from django.db import transaction
from django.db.models import Max

from iku_portal.ordering import move_in_order

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
    move_in_order(Function.objects.filter(unit=function.unit), function, direction)


@transaction.atomic
def official_save(*, official: Official) -> Official:
    official.full_clean()
    official.save()
    return official
