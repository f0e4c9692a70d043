"""Who may see and change what: every view goes through these predicates and helpers.

- A superuser (admin) may do everything.
- A member of a unit (staf or kepala) may read the unit and its documents and edit the unit's
  profile and its draft documents.
- Anyone else gets 404: they are not told that the object exists.
- A member who may read but not write (a document that is no longer a draft) gets 403.
- The approval flow: a member submits a draft; only the unit's kepala returns or signs a
  submitted document; a member starts the one revision (Perubahan) of a signed document.
  An admin who is not a member of the unit takes no part in it: a signature is the head's.

Services refuse what these predicates refuse, views ask them before acting, and templates show
only the buttons they allow (`document_actions`).
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Membership, OrganizationUnit


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


@rules.predicate
def is_draft(user, document) -> bool:
    return document.status == document.Status.DRAFT


@rules.predicate
def is_submitted(user, document) -> bool:
    return document.status == document.Status.SUBMITTED


@rules.predicate
def is_signed(user, document) -> bool:
    return document.status == document.Status.SIGNED


@rules.predicate
def has_revision(user, document) -> bool:
    return document.revisions.exists()


can_view_unit = is_admin | is_member
can_edit_unit = is_admin | is_member
can_view_document = is_admin | is_member
can_edit_document = is_draft & (is_admin | is_member)
can_submit_document = is_draft & is_member
can_return_document = is_submitted & is_kepala
can_sign_document = is_submitted & is_kepala
can_revise_document = is_signed & is_member & ~has_revision


def document_actions(user, document) -> dict[str, bool]:
    """What the user may do with the document now: the buttons a page shows."""
    return {
        "edit": can_edit_document.test(user, document),
        "submit": can_submit_document.test(user, document),
        "return": can_return_document.test(user, document),
        "sign": can_sign_document.test(user, document),
        "revise": can_revise_document.test(user, document),
    }


def check(user, obj, *, read, write=None):
    """404 when the user may not read `obj`, 403 when they may read but not `write` it."""
    if not read.test(user, obj):
        raise Http404
    if write is not None and not write.test(user, obj):
        raise PermissionDenied
    return obj


# --- measuring (realisasi): a reporting period of a unit ---------------------------------------
# The period objects live in performance/, which depends on this module (never the reverse);
# these predicates read only their `unit_id` and `status`.


@rules.predicate
def is_period_open(user, period) -> bool:
    return period.status == "draft"


@rules.predicate
def is_period_submitted(user, period) -> bool:
    return period.status == "submitted"


@rules.predicate
def is_period_approved(user, period) -> bool:
    return period.status == "approved"


can_view_figures = is_admin | is_member
can_record_figures = is_period_open & is_member
can_submit_period = is_period_open & is_member
can_approve_period = is_period_submitted & is_kepala
can_return_period = is_period_submitted & is_kepala
can_reopen_period = is_period_approved & is_kepala


def period_actions(user, period) -> dict[str, bool]:
    """What the user may do with a reporting period now: the buttons a page shows."""
    return {
        "record": can_record_figures.test(user, period),
        "submit": can_submit_period.test(user, period),
        "approve": can_approve_period.test(user, period),
        "return": can_return_period.test(user, period),
        "reopen": can_reopen_period.test(user, period),
    }
