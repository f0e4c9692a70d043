"""Who may do what with an IKU document: the predicates every service, view and template asks.

- A member of the unit (staf or kepala) or an admin may read the unit's documents and edit
  its drafts; a member who may read but not write (a document that is no longer a draft) gets
  403, anyone else 404 (`organizations.access.check`).
- The approval flow: a member submits a draft; only the unit's kepala returns or signs a
  submitted document; a member starts the one revision (Perubahan) of a signed document.
  An admin who is not a member of the unit takes no part in it: a signature is the head's.

Services refuse what these predicates refuse, views ask them before acting, and templates show
only the buttons they allow (`document_actions`).
"""

import rules

from indicators.models import IKUDocument
from organizations.access import is_admin, is_kepala, is_member


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
