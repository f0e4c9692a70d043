"""The flow of a Perjanjian Kinerja: a member submits a draft; the unit's kepala (pihak
pertama) returns it or signs it; then pihak kedua signs it in the portal (with an account: the
kepala of the unit above) or the kepala (or an admin) records pihak kedua's signature from the
page pihak kedua signed by hand (a kepala daerah).

Signing freezes what the PK prints (JSON), lays it out with its verification code and QR code,
seals it with pihak pertama's name (`indicators.printing.sealing.seal_pdf`, the machinery of
the IKU documents) and stores it; a PK is a few pages, so this is done in the request, outside
any transaction, and the rows are written in one short one. A signing that does not complete
leaves no file and no row."""

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements import rules
from agreements.models import (
    AgreementCountersignature,
    AgreementSignedVersion,
    PerformanceAgreement,
    same_person,
)
from agreements.printing import agreement_snapshot, snapshot_html
from agreements.selectors import revision_changes
from core import second_factor
from core.errors import WorkflowError
from core.rendering import engine
from indicators.printing.print_layout import indonesian_date
from indicators.printing.sealing import seal_pdf, verification_block
from indicators.signed_files import ALTERED, MISSING, StoredFileProblem, delete_quietly
from indicators.workflow.transitions import new_verification_code

SCAN_TYPES = {b"%PDF-": "pdf", b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}
SCAN_CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}
SCAN_MAX_BYTES = 10 * 1024 * 1024


def verification_url(code: str) -> str:
    """The public page the QR code of a signed PK leads to."""
    return settings.PORTAL_BASE_URL + reverse("agreements:verify", args=[code])


def _stored_status(agreement) -> str | None:
    return (
        PerformanceAgreement.objects.filter(pk=agreement.pk)
        .values_list("status", flat=True)
        .first()
    )


def _set_status(agreement: PerformanceAgreement, status: str) -> None:
    agreement.status = status
    agreement.save(update_fields=["status", "updated_at"])


@transaction.atomic
def agreement_submit(*, agreement: PerformanceAgreement, user) -> PerformanceAgreement:
    """Hand a draft to the kepala for signing, once it says what a PK must say."""
    agreement = PerformanceAgreement.objects.select_for_update().get(pk=agreement.pk)
    if not rules.can_submit_agreement.test(user, agreement):
        raise PermissionDenied(_("Only a member of the unit can submit its draft."))
    missing = []
    if not agreement.first_party_name.strip():
        missing.append(_("the name of pihak pertama"))
    if not agreement.second_party_name.strip():
        missing.append(_("the name of pihak kedua"))
    if not agreement.place.strip() or agreement.date is None:
        missing.append(_("the place and date of signing"))
    if not agreement.indicators.filter(left_out=False).exists():
        missing.append(_("at least one indicator"))
    if missing:
        raise WorkflowError(
            _("Before submitting, fill in: %(missing)s.") % {"missing": ", ".join(missing)}
        )
    _check_changed(agreement)
    agreement.full_clean()  # the parties never the same person, the year in the period
    _set_status(agreement, PerformanceAgreement.Status.SUBMITTED)
    return agreement


def _check_changed(agreement: PerformanceAgreement) -> None:
    """A PK Perubahan changes something of the signed PK it replaces: a target, an indicator,
    a program or its anggaran (what its comparison page lists); else it is refused."""
    previous = agreement.revises
    version = (
        AgreementSignedVersion.objects.filter(agreement=previous).first() if previous else None
    )
    if version is None:
        return
    changes = revision_changes(version.snapshot, agreement_snapshot(agreement))
    lines = [*changes["indicators"], *changes["programs"], changes["total"]]
    if all(line.state == "same" for line in lines):
        raise WorkflowError(
            _(
                "There is no change from the previous PK: a PK Perubahan changes a target, an "
                "indicator, a program or its anggaran."
            )
        )


@transaction.atomic
def agreement_return(*, agreement: PerformanceAgreement, user, reason: str):
    agreement = PerformanceAgreement.objects.select_for_update().get(pk=agreement.pk)
    if not rules.can_return_agreement.test(user, agreement):
        raise PermissionDenied(_("Only the head of the unit can return a submitted PK."))
    if not reason.strip():
        raise WorkflowError(_("Say why the Perjanjian Kinerja is returned."))
    _set_status(agreement, PerformanceAgreement.Status.DRAFT)
    return agreement


def agreement_sign(
    *,
    agreement: PerformanceAgreement,
    user,
    token: str = "",
    nik: str = "",
    passphrase: str = "",
    verification_url=verification_url,
) -> AgreementSignedVersion:
    """Pihak pertama signs: the PK printed with its verification code, sealed and stored, and
    the PK frozen. Checked again in the transaction that records it."""
    agreement = PerformanceAgreement.objects.select_related("unit").get(pk=agreement.pk)
    if not rules.can_sign_agreement.test(user, agreement):
        raise PermissionDenied(_("Only the head of the unit signs its submitted PK."))
    second_factor.check(user, token)
    credentials = None
    if settings.PDF_SIGNING_BACKEND == "bsre":
        nik = "".join(ch for ch in nik if ch.isdigit())
        if len(nik) != 16 or not passphrase:
            raise WorkflowError(_("Type your NIK (16 digits) and BSrE passphrase to sign."))
        credentials = {"nik": nik, "passphrase": passphrase}
    return first_party_sign(
        agreement=agreement, user=user, credentials=credentials, verification_url=verification_url
    )


def first_party_sign(
    *, agreement: PerformanceAgreement, user, credentials=None, verification_url=verification_url
) -> AgreementSignedVersion:
    """The signature itself, once the signer is confirmed (`agreement_sign` asks the second
    factor; the demo data signs through here)."""
    agreement = PerformanceAgreement.objects.select_related("unit").get(pk=agreement.pk)
    if not rules.can_sign_agreement.test(user, agreement):
        raise PermissionDenied(_("Only the head of the unit signs its submitted PK."))
    _check_changed(agreement)
    if same_person((user.get_full_name(), ""), (agreement.second_party_name, "")):
        raise WorkflowError(
            _("You are pihak kedua of this PK: pihak pertama signs it, you sign the printed page.")
        )
    code = new_verification_code()
    snapshot = agreement_snapshot(agreement)
    html = snapshot_html(snapshot, verification=verification_block(code, verification_url(code)))
    pdf = seal_pdf(
        engine.html_to_pdf(html),
        name=agreement.first_party_name,
        nip=agreement.first_party_nip,
        place=agreement.place,
        code=code,
        user=user,
        credentials=credentials,
    )
    version = AgreementSignedVersion(
        agreement=agreement,
        code=code,
        signed_by=user,
        signed_at=timezone.now(),
        snapshot=snapshot,
        sha256=hashlib.sha256(pdf).hexdigest(),
    )
    version.pdf.save(f"{code}.pdf", ContentFile(pdf), save=False)
    try:
        return _record_signature(version, user)
    except BaseException:
        delete_quietly([version.pdf.name])
        raise


@transaction.atomic
def _record_signature(version: AgreementSignedVersion, user) -> AgreementSignedVersion:
    agreement = PerformanceAgreement.objects.select_for_update().get(pk=version.agreement_id)
    if not rules.can_sign_agreement.test(user, agreement):
        raise WorkflowError(_("The Perjanjian Kinerja was returned or signed meanwhile."))
    if agreement_snapshot(agreement) != version.snapshot:
        raise WorkflowError(_("The Perjanjian Kinerja changed while it was being signed."))
    version.agreement = agreement
    version.full_clean()
    version.save()
    _set_status(agreement, PerformanceAgreement.Status.SIGNED)
    previous = agreement.revises
    if previous is not None and previous.status == PerformanceAgreement.Status.SIGNED:
        _set_status(previous, PerformanceAgreement.Status.SUPERSEDED)  # stays verifiable
    return version


def _scan_kind(content: bytes) -> str | None:
    return next((kind for magic, kind in SCAN_TYPES.items() if content.startswith(magic)), None)


def agreement_countersign(
    *,
    agreement: PerformanceAgreement,
    user,
    name: str = "",
    signed_on: datetime.date | None = None,
    scan=None,
    token: str = "",
) -> AgreementCountersignature:
    """Pihak kedua's signature of a signed PK, by the path that applies to it (`rules`):

    - pihak kedua with an account (the kepala of the unit above) signs in the portal: as the PK
      names them, today, after their second factor; no scan;
    - otherwise the unit's kepala (or an admin) records it: pihak kedua's name, the date on the
      page they signed by hand, and its scan (PDF, PNG or JPEG, at most 10 MB), kept with its
      SHA-256."""
    agreement = PerformanceAgreement.objects.select_related("unit__parent").get(pk=agreement.pk)
    if rules.can_countersign_agreement.test(user, agreement):
        if agreement.date and agreement.date > timezone.localdate():
            raise WorkflowError(
                _("The PK is dated %(date)s: pihak kedua signs on that date or after it.")
                % {"date": indonesian_date(agreement.date, month_year=False)}
            )
        second_factor.check(user, token)
        record = AgreementCountersignature(
            version=agreement.signed_version,
            name=agreement.second_party_name.strip() or user.get_full_name() or user.username,
            signed_on=timezone.localdate(),
            signed_by=user,
        )
    elif rules.can_record_countersignature.test(user, agreement):
        content = _checked_scan(agreement, name=name, signed_on=signed_on, scan=scan)
        record = AgreementCountersignature(
            version=agreement.signed_version,
            name=name.strip(),
            signed_on=signed_on,
            scan_sha256=hashlib.sha256(content).hexdigest(),
        )
        record.scan.save(f"scan.{_scan_kind(content)}", ContentFile(content), save=False)
    else:
        raise PermissionDenied(_("Only pihak kedua, or the head of the unit, records this."))
    record.recorded_by, record.recorded_at = user, timezone.now()
    try:
        with transaction.atomic():
            if AgreementCountersignature.objects.filter(version=record.version).exists():
                raise WorkflowError(_("Pihak kedua's signature is recorded already."))
            record.full_clean()
            record.save()
    except BaseException:
        if record.scan.name:
            delete_quietly([record.scan.name])
        raise
    return record


def _checked_scan(agreement, *, name: str, signed_on, scan) -> bytes:
    """The scan's content, once what is recorded with it is in order (ValidationError)."""
    errors = {}
    if not name.strip():
        errors["name"] = _("Type the name of pihak kedua as signed.")
    if signed_on is None:
        errors["signed_on"] = _("Enter the date pihak kedua signed.")
    elif signed_on > timezone.localdate():
        errors["signed_on"] = _("The date of pihak kedua's signature cannot be in the future.")
    elif agreement.date and signed_on < agreement.date:
        errors["signed_on"] = _(
            "The PK is dated %(date)s: pihak kedua signs on that date or after it."
        ) % {"date": indonesian_date(agreement.date, month_year=False)}
    content = b""
    if scan is None:
        errors["scan"] = _("Upload the scan of the page pihak kedua signed.")
    elif scan.size > SCAN_MAX_BYTES:
        errors["scan"] = _("The scan is larger than 10 MB.")
    else:
        content = scan.read()
        if _scan_kind(content) is None:
            errors["scan"] = _("The scan must be a PDF, PNG or JPEG file.")
    if errors:
        raise ValidationError(errors)
    return content


def read_countersignature_scan(record: AgreementCountersignature) -> tuple[bytes, str]:
    """(content, content type) of the scan of the page pihak kedua signed, checked against its
    recorded SHA-256 (a missing or altered file answers with the clear page of
    `indicators.signed_files`)."""
    name = record.scan.name or ""
    try:
        with record.scan.open("rb") as stored:
            content = stored.read()
    except (FileNotFoundError, OSError, ValueError) as error:
        raise StoredFileProblem(record, name, MISSING) from error
    if hashlib.sha256(content).hexdigest() != record.scan_sha256:
        raise StoredFileProblem(record, name, ALTERED)
    return content, SCAN_CONTENT_TYPES[_scan_kind(content)]
