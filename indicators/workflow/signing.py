"""Signing, as the worker does it: freeze what the document prints (the snapshot, JSON), render
and store the final PDF with its SHA-256 and a verification QR code, and mark the document
signed (its previous version superseded); then render and store its Manual IKU the same way,
which the version takes once (a signed version is otherwise never changed)."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import pades
from core.errors import WorkflowError
from core.jobs import heartbeat
from indicators.models import (
    IKUDocument,
    ManualSigningJob,
    SignedVersion,
    SigningJob,
)
from indicators.printing.pdf import snapshot_pdf
from indicators.printing.sealing import (
    manual_sign_run,
    sealed,
    verification_block,
    verification_url,
)
from indicators.printing.snapshot import document_snapshot
from indicators.signed_files import delete_quietly
from indicators.workflow.transitions import (
    check_signable,
    new_verification_code,
    record_transition,
)


def document_sign(
    *,
    document: IKUDocument,
    user,
    verification_url=verification_url,
    job=None,
    credentials=None,
    manual: bool = True,
) -> SignedVersion:
    """Sign: freeze what the document prints (JSON), store the final PDF and its SHA-256; then
    sign its Manual IKU (`manual_sign_run`; with `manual=False` that is left to a worker).

    `verification_url(code)` gives the public page the QR code on the PDF leads to; `job`, the
    SigningJob that asked for it, is removed with the signature.

    The PDFs are laid out outside any transaction: a long render never holds the database (on
    SQLite, its one write lock) while every other request waits. The file is then written,
    and the rows in one short transaction that checks again that the document may be signed
    and prints what was laid out. A signing that does not complete removes its file: it
    leaves no file and no row behind.

    The document is signed, and its page says so, as soon as its own PDF is stored: the
    Manual IKU (about three times the document's pages to lay out) follows with the same
    snapshot and verification code, its page saying meanwhile that it is being signed.
    """
    document = IKUDocument.objects.get(pk=document.pk)
    check_signable(document, user)
    code = new_verification_code()
    snapshot = document_snapshot(document)
    url = verification_url(code)
    # The archival copy (PDF/A-3b) carrying the snapshot as JSON, sealed below.
    pdf = snapshot_pdf(snapshot, verification=verification_block(code, url), archival=True)
    pdf = sealed(pdf, snapshot, code, user=user, credentials=credentials)
    version = SignedVersion(
        document=document,
        code=code,
        signed_by=user,
        signed_at=timezone.now(),
        snapshot=snapshot,
        sha256=hashlib.sha256(pdf).hexdigest(),
    )
    if job is not None:  # a worker that dies leaves files by this name: its job says which
        SigningJob.objects.filter(pk=job.pk).update(code=code)
    written = []
    try:
        version.pdf.save(f"{code}.pdf", ContentFile(pdf), save=False)
        written.append(version.pdf.name)
        version, manual_job = _record(version, user, job, url, credentials)
    except BaseException:
        delete_quietly(written)
        raise
    if manual:
        manual_sign_run(job=manual_job, credentials=credentials)
        version = SignedVersion.objects.get(pk=version.pk)
    return version


@transaction.atomic
def _record(version: SignedVersion, user, job, url: str, credentials) -> tuple:
    """The signature's rows, in one short transaction: the signed version, the status
    changes, and the Manual IKU's job (its worker signs it next)."""
    document = IKUDocument.objects.select_for_update().get(pk=version.document_id)
    check_signable(document, user)
    if job is not None and not SigningJob.objects.filter(pk=job.pk, error="").exists():
        # Declared dead meanwhile (no sign of life for the lease) and its files removed:
        # what this attempt would record is no longer whole.
        raise WorkflowError(_("This signing was stopped meanwhile."))
    if document_snapshot(document) != version.snapshot:
        raise WorkflowError(_("The document changed while it was being signed."))
    version.document = document
    version.full_clean()
    version.save()
    record_transition(document, user, IKUDocument.Status.SIGNED)
    previous = document.revises
    if previous and previous.status == IKUDocument.Status.SIGNED:
        record_transition(
            previous,
            user,
            IKUDocument.Status.SUPERSEDED,
            note=_("Replaced by revision %(n)s.") % {"n": document.revision},
        )
    if job is not None:
        SigningJob.objects.filter(pk=job.pk).delete()
    manual_job = ManualSigningJob.objects.create(
        version=version,
        url=url,
        # Kept (encrypted) only where sealing needs them and only until the Manual IKU is.
        secret=pades.encrypt_secret(credentials) if credentials else b"",
    )
    return version, manual_job


def signing_run(*, job: SigningJob) -> SignedVersion:
    """Sign as asked by `job`: the document (a failure is recorded on the job, which stays for
    the page to show; success removes it), then its Manual IKU (`manual_sign_run`)."""
    try:
        with heartbeat(job):  # a worker that dies is found out after the lease
            credentials = pades.decrypt_secret(job.secret) if job.secret else None
            SigningJob.objects.filter(pk=job.pk).update(secret=b"")  # read once, then gone
            version = document_sign(
                document=job.document,
                user=job.user,
                job=job,
                credentials=credentials,
                manual=False,
            )
    except Exception as error:
        SigningJob.objects.filter(pk=job.pk).update(
            error=str(error)[:2000] or type(error).__name__, secret=b""
        )
        raise
    manual_job = ManualSigningJob.objects.filter(version=version).first()
    if manual_job is not None:
        manual_sign_run(job=manual_job, credentials=credentials)
    return version
