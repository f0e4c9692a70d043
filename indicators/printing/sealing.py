"""Sealing a signed PDF, and the signed Manual IKU.

The PDF a head signs carries a verification code and a QR code of the public page
(`verification_block`) and is sealed with a PAdES signature (`sealed`). The Manual IKU of a
signed document is rendered and sealed right after the document's own PDF, by the same worker
(or, if that worker died, by a worker asked again from the page that shows it): the signed
version takes it once (`SignedVersionQuerySet.fill_manual`)."""

import hashlib
import logging

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core import bsre, pades
from core.errors import WorkflowError
from core.jobs import heartbeat
from indicators.models import ManualSigningJob, SignedVersion, SignerCertificate
from indicators.printing.pdf import manual_pdf
from indicators.printing.print_layout import signature_context
from indicators.signed_files import delete_quietly

logger = logging.getLogger(__name__)


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


def sealed(pdf: bytes, snapshot: dict, code: str, *, user=None, credentials=None) -> bytes:
    """The PDF with a PAdES signature, its field over the printed signature block: by the
    national signing service with the NIK and passphrase typed for this signing
    (PDF_SIGNING_BACKEND=bsre), else by the signer's own certificate if they uploaded one, else by
    the installation's seal; as it is where none is set up. A key that cannot be used fails
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
            return bsre.sign_pdf(
                pdf,
                nik=credentials["nik"],
                passphrase=credentials["passphrase"],
                reason=reason,
                location=place,
            )
        personal = SignerCertificate.objects.filter(user=user).first() if user else None
        seal = pades.personal_seal(bytes(personal.encrypted)) if personal else pades.seal()
        if seal is None:
            return pdf
        page, box = pades.name_box(pdf, name) or (-1, None)
        return pades.sign_pdf(
            pdf, seal=seal, name=name, reason=reason, location=place, box=box, page=page
        )
    except (pades.SigningKeyError, bsre.BsreError) as error:
        raise WorkflowError(str(error)) from None


def manual_sign_run(*, job: ManualSigningJob, credentials=None) -> None:
    """Render, seal and store the Manual IKU of a signed version, as asked by `job` (removed
    when it is stored). It prints the version's snapshot with its verification code and is
    sealed by the same signer. A failure is recorded on the job for the page to show (and
    asked again from there); the document stays signed whatever happens here."""
    try:
        with heartbeat(job):
            version = SignedVersion.objects.select_related("document", "signed_by").get(
                pk=job.version_id
            )
            if version.manual_sha256:  # stored already (a second worker on the same job)
                ManualSigningJob.objects.filter(pk=job.pk).delete()
                return
            if credentials is None and job.secret:
                credentials = pades.decrypt_secret(job.secret)
            code = version.code
            manual = manual_pdf(
                version.snapshot,
                verification=verification_block(code, job.url),
                archival=True,
            )
            manual = sealed(
                manual, version.snapshot, code, user=version.signed_by, credentials=credentials
            )
            _store_manual(version, manual)
            ManualSigningJob.objects.filter(pk=job.pk).delete()
    except Exception as error:
        logger.exception("The Manual IKU of signed version %s was not signed", job.version_id)
        ManualSigningJob.objects.filter(pk=job.pk).update(
            error=str(error)[:2000] or type(error).__name__
        )


def _store_manual(version: SignedVersion, manual: bytes) -> None:
    """Write the Manual IKU where the version names it, then note it on the version (once).
    What a dead attempt left at that name is not the signed file: it is written over."""
    name = version.manual_pdf.field.generate_filename(version, f"{version.code}-manual.pdf")
    delete_quietly([name])
    stored = default_storage.save(name, ContentFile(manual))
    try:
        SignedVersion.objects.fill_manual(
            version.pk, name=stored, sha256=hashlib.sha256(manual).hexdigest()
        )
    except BaseException:
        delete_quietly([stored])
        raise
