"""Membership: who belongs to a unit, and in which role. The rules of each app (who may edit
a document, approve figures…) are built from these predicates in that app's `rules.py`.

- A superuser (admin) may do everything.
- A member of a unit (staf or kepala) may read the unit and edit its profile.
- Anyone else gets 404 (`check`): they are not told that the object exists; a user who may
  read but not write gets 403.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from organizations.models import Membership, OrganizationUnit


def unit_roles(user) -> dict[int, str]:
    """{unit id: role} for the user, read once per request (cached on the user object)."""
    if not user.is_authenticated:
        return {}
    if not hasattr(user, "_unit_roles"):
        # No ordering: the model's default (by unit and user name) would join two tables.
        user._unit_roles = dict(
            Membership.objects.filter(user=user).order_by().values_list("unit_id", "role")
        )
    return user._unit_roles


def _unit_id(obj) -> int:
    return obj.pk if isinstance(obj, OrganizationUnit) else obj.unit_id


@rules.predicate
def is_admin(user, obj=None) -> bool:
    return user.is_active and user.is_superuser


@rules.predicate
def is_member(user, obj) -> bool:
    """obj: a unit, or anything with a unit_id (a document, an official…)."""
    return _unit_id(obj) in unit_roles(user)


@rules.predicate
def is_kepala(user, obj) -> bool:
    return unit_roles(user).get(_unit_id(obj)) == Membership.Role.KEPALA


can_view_unit = is_admin | is_member
can_edit_unit = is_admin | is_member


def check(user, obj, *, read, write=None):
    """404 when the user may not read `obj`, 403 when they may read but not `write` it."""
    if not read.test(user, obj):
        raise Http404
    if write is not None and not write.test(user, obj):
        raise PermissionDenied
    return obj
