"""The approval flow of a document: submit, return with a reason, ask for the signature (the
worker signs, `signing`), start a revision (Perubahan). Each step checks `indicators.rules`."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import pades, second_factor
from core.errors import WorkflowError
from core.jobs import enqueue_on_commit
from core.rendering.engine import weasyprint
from indicators import rules
from indicators.jobs import signing_in_progress
from indicators.models import IKUDocument, SignerCertificate, SigningJob
from indicators.tree.services import document_copy, limit_warnings
from indicators.workflow.tasks import sign_document
from indicators.workflow.transitions import check_signable, record_transition


@transaction.atomic
def document_submit(*, document: IKUDocument, user) -> IKUDocument:
    if document.status != IKUDocument.Status.DRAFT:
        raise WorkflowError(_("Only a draft can be submitted."))
    if not rules.can_submit_document.test(user, document):
        raise WorkflowError(_("Only the staff or the head of the unit can submit its document."))
    if document.unit.enforce_iku_limits and (warnings := limit_warnings(document)):
        raise WorkflowError(" ".join([_("The document is over the unit's limits:"), *warnings]))
    record_transition(document, user, IKUDocument.Status.SUBMITTED)
    return document


@transaction.atomic
def document_return(*, document: IKUDocument, user, reason: str) -> IKUDocument:
    if document.status != IKUDocument.Status.SUBMITTED:
        raise WorkflowError(_("Only a submitted document can be returned."))
    if (signing := signing_in_progress(document)) is not None and not signing.error:
        raise WorkflowError(_("The document is being signed; it cannot be returned now."))
    if not rules.can_return_document.test(user, document):
        raise WorkflowError(_("Only the head of the unit can return a document."))
    if not reason.strip():
        raise WorkflowError(_("Say why the document is returned."))
    record_transition(document, user, IKUDocument.Status.DRAFT, note=reason.strip())
    return document


def request_signing(
    *, document: IKUDocument, user, token: str = "", nik: str = "", passphrase: str = ""
) -> SigningJob:
    """Ask a worker to sign: the signed PDFs are rendered off the request. The rules are
    checked now, and again by the signing itself; the signer confirms with a second factor
    (`token`, when SIGNING_SECOND_FACTOR is on), checked outside the signing's own transaction
    so that a wrong code is counted (and guessing slowed down) even though nothing is asked."""
    check_signable(document, user)
    pending = signing_in_progress(document)
    if pending is not None and not pending.error:  # before a code is used up for nothing
        raise WorkflowError(_("The document is already being signed."))
    second_factor.check(user, token)
    secret = b""
    if settings.PDF_SIGNING_BACKEND == "bsre":  # typed for this signing, kept encrypted till used
        nik = "".join(ch for ch in nik if ch.isdigit())
        if len(nik) != 16 or not passphrase:
            raise WorkflowError(_("Type your NIK (16 digits) and BSrE passphrase to sign."))
        try:
            secret = pades.encrypt_secret({"nik": nik, "passphrase": passphrase})
        except pades.SigningKeyError as error:
            raise WorkflowError(str(error)) from None
    return _request_signing(document=document, user=user, secret=secret)


@transaction.atomic
def _request_signing(*, document: IKUDocument, user, secret: bytes = b"") -> SigningJob:
    document = IKUDocument.objects.select_for_update().get(pk=document.pk)
    check_signable(document, user)
    weasyprint()  # PDFUnavailable at once, asking nothing, on a server that cannot print
    pending = signing_in_progress(document)
    if pending is not None and not pending.error:
        raise WorkflowError(_("The document is already being signed."))
    if pending is not None:
        pending.delete()  # a failed attempt: sign again
    if document.signature_date is None:  # signed electronically: dated the day it is signed
        document.signature_date = timezone.localdate()
        document.save(update_fields=["signature_date", "updated_at"])
    job = SigningJob.objects.create(document=document, user=user, secret=secret)
    # Queued when the request commits: a worker never looks for a job that is not there yet.
    enqueue_on_commit(sign_document, job.pk, job=job)
    return job


# What a revision prints as its signed version did: every print setting is carried over.
PRINT_SETTINGS = (
    "layout",
    "columns",
    "orientation",
    "hide_empty_columns",
    "formula_style",
    "header_lines",
    "show_unit_heading",
    "show_page_numbers",
    "show_identity_name",
    "show_identity_tugas",
    "show_identity_functions",
    "signatory_underline",
    "show_pangkat",
    "nip_style",
    "signature_place",
    "signature_date_format",
    "signatory_title",
)


@transaction.atomic
def document_start_revision(*, document: IKUDocument, user) -> IKUDocument:
    """A Perubahan: a new draft with everything copied, revision + 1, linked to `document`."""
    if document.status != IKUDocument.Status.SIGNED:
        raise WorkflowError(_("Only the signed version of a document can be revised."))
    if document.revisions.exists():
        raise WorkflowError(_("A revision of this version has already been started."))
    if not rules.can_revise_document.test(user, document):
        raise WorkflowError(_("Only the staff or the head of the unit can start a revision."))
    latest = (
        IKUDocument.objects.filter(
            unit=document.unit,
            period_start=document.period_start,
            period_end=document.period_end,
        )
        .order_by("-revision")
        .values_list("revision", flat=True)
        .first()
    )
    revision = IKUDocument(
        unit=document.unit,
        title="",  # the standard title of a revision: PERUBAHAN INDIKATOR KINERJA UTAMA …
        period_start=document.period_start,
        period_end=document.period_end,
        revision=latest + 1,
        revises=document,
        signatory=document.signatory,
        # Signed this month, as a rule: the old document's date would print on the new one.
        signature_date=timezone.localdate(),
        **{field: getattr(document, field) for field in PRINT_SETTINGS},
    )
    return document_copy(source=document, document=revision, user=user)


def certificate_upload(*, user, data: bytes, passphrase: str) -> SignerCertificate:
    """Keep a head's own signing certificate (checked, encrypted): their later signatures use
    it instead of the installation's seal."""
    if not rules.can_sign_anything.test(user):
        raise WorkflowError(_("Only a head (kepala) who signs documents can upload a certificate."))
    try:
        protected = pades.protect(data, passphrase)
    except pades.SigningKeyError as error:
        raise WorkflowError(str(error)) from None
    certificate, _created = SignerCertificate.objects.update_or_create(
        user=user,
        defaults={
            "encrypted": protected.blob,
            "subject": protected.subject,
            "not_after": protected.not_after,
        },
    )
    return certificate


def certificate_remove(*, user) -> None:
    """Back to the installation's seal."""
    SignerCertificate.objects.filter(user=user).delete()
