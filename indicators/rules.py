"""Who may do what with an IKU document: the predicates every service, view and template asks.

- A member of the unit (staf or kepala) or an admin may read the unit's documents and edit
  its drafts; a member of a unit above it (its pemda, its dinas) may read its signed documents,
  never its drafts (pages and exports alike: `readable_documents`). A member who may read but
  not write (a document that is no longer a draft) gets 403, anyone else 404
  (`organizations.access.check`).
- The approval flow: a member submits a draft; only the unit's kepala returns or signs a
  submitted document; a member starts the one revision (Perubahan) of a signed document.
  An admin who is not a member of the unit takes no part in it: a signature is the head's.

Services refuse what these predicates refuse, views ask them before acting, and templates show
only the buttons they allow (`document_actions`).
"""

import rules
from django.db.models import Q

from indicators.frozen import FROZEN_STATUSES
from indicators.models import IKUDocument
from organizations.access import is_admin, is_kepala, is_member, unit_roles
from organizations.models import Membership, OrganizationUnit


@rules.predicate
def is_draft(user, document) -> bool:
    return document.status == IKUDocument.Status.DRAFT


@rules.predicate
def is_submitted(user, document) -> bool:
    return document.status == IKUDocument.Status.SUBMITTED


@rules.predicate
def is_signed(user, document) -> bool:
    return document.status == IKUDocument.Status.SIGNED


@rules.predicate
def has_revision(user, document) -> bool:
    return document.revisions.exists()


@rules.predicate
def is_frozen(user, document) -> bool:
    return document.is_frozen


@rules.predicate
def is_member_above(user, document) -> bool:
    """A member of a unit the document's unit lies under (one or two levels up)."""
    mine = unit_roles(user)
    if not mine:
        return False
    above = OrganizationUnit.objects.filter(pk=document.unit_id).values_list(
        "parent_id", "parent__parent_id"
    )
    return any(unit_id in mine for unit_id in (above.first() or ()) if unit_id)


can_view_document = is_admin | is_member | (is_frozen & is_member_above)
can_edit_document = is_draft & (is_admin | is_member)
can_submit_document = is_draft & is_member
can_return_document = is_submitted & is_kepala
can_sign_document = is_submitted & is_kepala


@rules.predicate
def can_sign_anything(user) -> bool:
    """A head (kepala) of some unit: one who signs documents."""
    return Membership.Role.KEPALA in unit_roles(user).values()


can_revise_document = is_signed & is_member & ~has_revision


# Cascading (indicators.cascading): the staff of a unit link the sasaran of their own draft
# to the parent unit's document in force, which they may read for choosing (its sasaran and
# IKU, nothing more of the parent); the alignment of a unit is seen by its members, by the
# members of the units above it (the parent's kepala sees what supports them) and the admin.
can_link_targets = is_draft & (is_admin | is_member)


@rules.predicate
def is_member_above_unit(user, unit) -> bool:
    """A member of a unit that `unit` lies under (its dinas, its pemda)."""
    mine = unit_roles(user)
    return bool(mine) and any(
        unit_id in mine for unit_id in (unit.parent_id, _grandparent_id(unit)) if unit_id
    )


def _grandparent_id(unit) -> int | None:
    if unit.parent_id is None:
        return None
    return (
        OrganizationUnit.objects.filter(pk=unit.parent_id)
        .values_list("parent_id", flat=True)
        .first()
    )


can_view_alignment = is_admin | is_member | is_member_above_unit


@rules.predicate
def is_member_of_a_unit_below(user, unit) -> bool:
    """A member of a unit directly under `unit` (a dinas's staf, for their pemda): they read
    its document in force, to link to it and to see where their own sasaran hang under it."""
    mine = unit_roles(user)
    return bool(mine) and OrganizationUnit.objects.filter(pk__in=mine, parent_id=unit.pk).exists()


# The pohon kinerja of a unit: whoever sees its alignment, and the members of the units right
# under it, who see in it the unit's document in force and their own branch, nothing more
# (`indicators.cascading.performance_tree` draws only the documents they may read).
can_view_tree = can_view_alignment | is_member_of_a_unit_below


def readable_documents(user, documents):
    """The documents of `documents` (a queryset) the user may read, by the rule above: every
    one for an admin; a member's own units' all, and the signed ones of the units under them."""
    if user.is_superuser:
        return documents
    mine = list(unit_roles(user))
    return documents.filter(
        Q(unit_id__in=mine)
        | Q(status__in=FROZEN_STATUSES, unit__in=OrganizationUnit.objects.within(mine))
    )


def document_actions(user, document) -> dict[str, bool]:
    """What the user may do with the document now: the buttons a page shows."""
    return {
        "edit": can_edit_document.test(user, document),
        "submit": can_submit_document.test(user, document),
        "return": can_return_document.test(user, document),
        "sign": can_sign_document.test(user, document),
        "revise": can_revise_document.test(user, document),
    }
