"""The steps of a document's approval flow as recorded: each change of status is kept with who
made it and why (the document's history), and the checks a signature needs."""

import secrets

from django.utils.translation import gettext as _

from core.errors import WorkflowError
from indicators import rules
from indicators.models import DocumentTransition, IKUDocument, SignedVersion


def record_transition(document: IKUDocument, user, to_status: str, note: str = "") -> None:
    """Move the document to `to_status`, keeping the step in its history."""
    DocumentTransition.objects.create(
        document=document, from_status=document.status, to_status=to_status, user=user, note=note
    )
    document.status = to_status
    document.save(update_fields=["status", "updated_at"])


def check_signable(document: IKUDocument, user) -> None:
    """What a signature needs, asked when it is requested and again when it is made."""
    if document.status != IKUDocument.Status.SUBMITTED:
        raise WorkflowError(_("Only a submitted document can be signed."))
    if not rules.can_sign_document.test(user, document):
        raise WorkflowError(_("Only the head of the unit can sign its document."))
    if document.signatory_id is None:
        raise WorkflowError(_("Choose the signatory in the document settings first."))


VERIFICATION_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off paper


def new_verification_code() -> str:
    """A code no signed version has yet: 'ABCD-EFGH-JKLM'."""
    while True:
        raw = "".join(secrets.choice(VERIFICATION_ALPHABET) for _ in range(12))
        code = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
        if not SignedVersion.objects.filter(code=code).exists():
            return code
