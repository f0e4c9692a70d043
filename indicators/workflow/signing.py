"""Signing, as the worker does it: freeze what the document prints (the snapshot, JSON), render
and store the final PDF and Manual IKU with their SHA-256 and a verification QR code, and mark
the document signed (its previous version superseded)."""

import hashlib

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core import bsre, pades
from core.errors import WorkflowError
from core.jobs import heartbeat
from indicators.models import IKUDocument, SignedVersion, SignerCertificate, SigningJob
from indicators.printing.pdf import manual_pdf, snapshot_pdf
from indicators.printing.print_layout import signature_context
from indicators.printing.snapshot import document_snapshot
from indicators.signed_files import delete_quietly
from indicators.workflow.transitions import (
    check_signable,
    new_verification_code,
    record_transition,
)


def verification_url(code: str) -> str:
    """The public verification page a signed PDF's QR code leads to."""
    return settings.PORTAL_BASE_URL + reverse("indicators:verify", args=[code])


def verification_block(code: str, url: str) -> dict:
    """What a signed PDF carries to be checked: the code, the URL, and the URL as a vector QR."""
    svg = segno.make(url, error="m").svg_inline(scale=2, border=0, omitsize=False)
    # Printed in parts: the address may break anywhere, the code within it never.
    head, found, tail = url.rpartition(code)
    parts = (head, code, tail) if found else (url, "", "")
    return {
        "code": code,
        "url": url,
        "url_parts": parts,
        "qr_svg": mark_safe(svg),  # noqa: S308 - segno's own SVG
    }


def document_sign(
    *, document: IKUDocument, user, verification_url=verification_url, job=None, credentials=None
) -> SignedVersion:
    """Sign: freeze what the document prints (JSON), store the final PDF and its SHA-256.

    `verification_url(code)` gives the public page the QR code on the PDF leads to; `job`, the
    SigningJob that asked for it, is removed with the signature.

    The PDFs are laid out outside any transaction: a long render never holds the database (on
    SQLite, its one write lock) while every other request waits. The files are then written,
    and the rows in one short transaction that checks again that the document may be signed
    and prints what was laid out. A signing that does not complete removes its files: it
    leaves no file and no row behind.
    """
    document = IKUDocument.objects.get(pk=document.pk)
    check_signable(document, user)
    code = new_verification_code()
    snapshot = document_snapshot(document)
    verification = verification_block(code, verification_url(code))
    # Archival copies (PDF/A-3b) carrying the snapshot as JSON, sealed below.
    pdf = snapshot_pdf(snapshot, verification=verification, archival=True)
    # The Manual IKU is signed with the document: same snapshot, same verification code.
    manual = manual_pdf(snapshot, verification=verification, archival=True)
    pdf, manual = _sealed(pdf, manual, snapshot, code, user=user, credentials=credentials)
    version = SignedVersion(
        document=document,
        code=code,
        signed_by=user,
        signed_at=timezone.now(),
        snapshot=snapshot,
        sha256=hashlib.sha256(pdf).hexdigest(),
        manual_sha256=hashlib.sha256(manual).hexdigest(),
    )
    if job is not None:  # a worker that dies leaves files by this name: its job says which
        SigningJob.objects.filter(pk=job.pk).update(code=code)
    written = []
    try:
        version.pdf.save(f"{code}.pdf", ContentFile(pdf), save=False)
        written.append(version.pdf.name)
        version.manual_pdf.save(f"{code}-manual.pdf", ContentFile(manual), save=False)
        written.append(version.manual_pdf.name)
        return _record(version, user, job)
    except BaseException:
        delete_quietly(written)
        raise


def _sealed(
    pdf: bytes, manual: bytes, snapshot: dict, code: str, *, user=None, credentials=None
) -> tuple[bytes, bytes]:
    """Both PDFs with a PAdES signature, its field over the printed signature block: by the
    national signing service with the NIK and passphrase typed for this signing
    (PDF_SIGNING_BACKEND=bsre), else by the signer's own certificate if they uploaded one, else by
    the installation's seal; as they are where none is set up. A key that cannot be used fails
    the signing with the reason (nothing is stored)."""
    signature = signature_context(snapshot)
    name, nip = signature["name"], signature["nip"]
    reason = _("Signed by %(name)s%(nip)s; verification code %(code)s") % {
        "name": name,
        "nip": f", NIP {nip}" if nip else "",
        "code": code,
    }
    place = snapshot.get("signature", {}).get("place", "")
    try:
        if settings.PDF_SIGNING_BACKEND == "bsre":
            credentials = credentials or {}
            if not credentials.get("nik") or not credentials.get("passphrase"):
                raise WorkflowError(_("Type your NIK and BSrE passphrase to sign."))
            signed = [
                bsre.sign_pdf(
                    content,
                    nik=credentials["nik"],
                    passphrase=credentials["passphrase"],
                    reason=reason,
                    location=place,
                )
                for content in (pdf, manual)
            ]
            return signed[0], signed[1]
        personal = SignerCertificate.objects.filter(user=user).first() if user else None
        seal = pades.personal_seal(bytes(personal.encrypted)) if personal else pades.seal()
        if seal is None:
            return pdf, manual
        signed = []
        for content in (pdf, manual):
            page, box = pades.name_box(content, name) or (-1, None)
            signed.append(
                pades.sign_pdf(
                    content, seal=seal, name=name, reason=reason, location=place, box=box, page=page
                )
            )
        return signed[0], signed[1]
    except (pades.SigningKeyError, bsre.BsreError) as error:
        raise WorkflowError(str(error)) from None


@transaction.atomic
def _record(version: SignedVersion, user, job) -> SignedVersion:
    """The signature's rows, in one short transaction."""
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
    return version


def signing_run(*, job: SigningJob) -> SignedVersion:
    """Sign as asked by `job`. A failure is recorded on the job, which stays for the page to
    show; success removes it."""
    try:
        with heartbeat(job):  # a worker that dies is found out after the lease
            credentials = pades.decrypt_secret(job.secret) if job.secret else None
            SigningJob.objects.filter(pk=job.pk).update(secret=b"")  # read once, then gone
            return document_sign(
                document=job.document, user=job.user, job=job, credentials=credentials
            )
    except Exception as error:
        SigningJob.objects.filter(pk=job.pk).update(
            error=str(error)[:2000] or type(error).__name__, secret=b""
        )
        raise
