"""Reads of the unit tree for a user."""

from organizations.access import unit_roles
from organizations.models import OrganizationUnit


def units_for_user(*, user):
    """The units the user is a member of, by name."""
    return OrganizationUnit.objects.filter(pk__in=list(unit_roles(user))).order_by("name")


def units_user_may_pick(*, user):
    """The units a user may choose in a form (a new document, an import, figures): a member
    their own units; an admin (superuser) any unit."""
    if user.is_superuser:
        return OrganizationUnit.objects.order_by("name")
    return units_for_user(user=user)


def units_overseen(*, user):
    """The units a user oversees: the admin every unit; a member the units of which they are a
    member and the units under them (a pemda's OPD, a dinas's bidang)."""
    if user.is_superuser:
        return OrganizationUnit.objects.all()
    return OrganizationUnit.objects.within(list(unit_roles(user)))
