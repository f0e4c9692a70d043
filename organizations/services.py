"""Writes on units and their functions."""

from django.db import transaction
from django.db.models import Max

from core.locking import claim_version
from core.ordering import move_in_order
from organizations.models import Function, Official, OrganizationUnit


@transaction.atomic
def unit_update(*, unit: OrganizationUnit, version: int | None) -> OrganizationUnit:
    """Save the unit's profile, if nobody saved it since `version` (else EditConflict)."""
    claim_version(unit, version)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def function_save(*, function: Function, version: int | None) -> Function:
    claim_version(function, version)
    if function.pk is None:
        function.order = (
            Function.objects.filter(unit=function.unit).aggregate(m=Max("order"))["m"] or 0
        ) + 1
    function.full_clean()
    function.save()
    return function


@transaction.atomic
def function_move(*, function: Function, direction: str) -> bool:
    return move_in_order(Function.objects.filter(unit=function.unit), function, direction)


@transaction.atomic
def official_save(*, official: Official, version: int | None) -> Official:
    claim_version(official, version)
    official.full_clean()
    official.save()
    return official
